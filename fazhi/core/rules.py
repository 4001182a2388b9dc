"""Local rules: defaults in code, overrides per org, inherited down the tree (DESIGN.md §4.3).

``get_rule(org, key)`` walks up the org's path and returns the deepest override, or the default."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class RuleDef:
    key: str
    label: str
    default: object
    kind: type = str
    choices: tuple = ()
    help: str = ""
    minimum: int = 0  # for int rules: the smallest value allowed (a law's floor)

    def parse(self, raw):
        """Parse a stored value; raise ValidationError with a Chinese message if it is not valid."""
        if self.kind is int:
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ValidationError(f"“{self.label}”须为整数。") from None
            if value < 0:
                raise ValidationError(f"“{self.label}”不能为负数。")
            if value < self.minimum:
                raise ValidationError(f"“{self.label}”不能少于{self.minimum}。{self.help}")
            return value
        value = str(raw).strip()
        if self.choices and value not in dict(self.choices):
            allowed = "、".join(f"{k}（{v}）" for k, v in self.choices)
            raise ValidationError(f"“{self.label}”只能取：{allowed}。")
        if self.key.endswith("_due"):
            import re

            if not re.match(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", value):
                raise ValidationError(f"“{self.label}”须为“月-日”，如 03-01。")
        return value


RULES = {
    r.key: r
    for r in [
        RuleDef("rate_rounding", "比率取舍方式", "half_up", str, (("half_up", "四舍五入"), ("truncate", "截断")),
                "计算各项比率时保留位数后的取舍方式。"),
        RuleDef("rate_decimals", "比率保留小数位", 2, int, help="百分比保留的小数位数。"),
        RuleDef("indicator_preset", "指标口径预设", "default", str, help="行政复议、应诉比率的分母口径预设名称。"),
        RuleDef("normative_filing_days", "规范性文件报备期限（日）", 30, int, help="自公布之日起报送备案的期限。"),
        RuleDef("normative_validity_years", "规范性文件有效期（年）", 5, int),
        RuleDef("normative_interim_validity_years", "暂行、试行规范性文件有效期（年）", 2, int),
        RuleDef("legality_min_working_days", "重大行政决策合法性审查最短时间（工作日）", 7, int,
                help="《重大行政决策程序暂行条例》第二十六条：审查时间一般不少于7个工作日。早于此出具意见的将被拒绝。"),
        RuleDef("legality_max_working_days", "合法性审查最长时间（工作日）", 15, int,
                help="自接收送审材料之日起出具审查意见的期限；补充材料期间不计入。地方规定，可调整。"),
        RuleDef("contract_review_threshold", "行政协议合法性审查金额标准（元）", 1000000, int,
                help="合同金额超过该标准的行政协议，签订前须经合法性审查。"),
        RuleDef("contract_filing_days", "行政协议备案期限（日）", 30, int, help="自签订之日起报司法局备案的期限（自然日）。"),
        RuleDef("report_department_due", "部门年度报告报送期限（月-日）", "03-01", str),
        RuleDef("report_publish_due", "年度报告公开期限（月-日）", "04-01", str, help="《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日前。"),
        RuleDef("session_timeout_minutes", "无操作自动退出（分钟）", 30, int),
        RuleDef("todo_warning_days", "待办提前提醒天数", 7, int),
        RuleDef("audit_retention_months", "审计日志保留期（月）", 12, int, minimum=6,
                help="《网络安全法》第二十一条：网络日志留存不少于六个月。fazhi audit purge 只清理早于保留期的审计日志；"
                     "各单位设置不同时取最长的。"),
    ]
}

SECURITY_RULES = {"session_timeout_minutes", "audit_retention_months"}


def get_rule(org, key):
    """The value of local rule ``key`` in force for ``org``: the override set on the org itself or on the
    nearest ancestor, else the default. One query."""
    from .models import LocalRule

    rule = RULES[key]
    if org is None:
        return rule.default
    codes = [c for c in org.path.split("/") if c]
    rows = {r.org.code: r.value for r in LocalRule.objects.filter(key=key, org__code__in=codes).select_related("org")}
    for code in reversed(codes):
        if code in rows:
            try:
                return rule.parse(rows[code])
            except ValidationError:
                return rule.default
    return rule.default
