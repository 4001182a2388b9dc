"""Local rules: defaults in code, overrides per org, inherited down the tree (DESIGN.md §4.3).

``get_rule(org, key)`` walks up the org's path and returns the deepest override, or the default."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class RuleDef:
    """One local rule: its type, and for a number the range a unit may set (inclusive)."""

    key: str
    label: str
    default: object
    kind: type = str
    choices: tuple = ()
    help: str = ""
    minimum: int = 0
    maximum: int | None = None

    def parse(self, raw):
        """Parse a stored value; raise ValidationError with a Chinese message if it is not valid."""
        if self.kind is int:
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ValidationError(f"“{self.label}”须为整数。") from None
            if value < self.minimum or (self.maximum is not None and value > self.maximum):
                if self.maximum is None:
                    raise ValidationError(f"“{self.label}”不能小于{self.minimum}。")
                raise ValidationError(f"“{self.label}”须在{self.minimum}至{self.maximum}之间。")
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


#: Every local rule: core's own below, and those each registry declares in its ``rules.py`` (``RULES``), added by
#: :func:`register` when the registry's app is ready.
RULES = {
    r.key: r
    for r in [
        RuleDef("rate_rounding", "比率取舍方式", "half_up", str, (("half_up", "四舍五入"), ("truncate", "截断")),
                "计算各项比率时保留位数后的取舍方式。"),
        RuleDef("rate_decimals", "比率保留小数位", 2, int, help="百分比保留的小数位数。", maximum=6),
        RuleDef("indicator_preset", "指标口径预设", "default", str, help="各项比率的分母口径预设名称，多个以逗号分隔。"),
        RuleDef("report_department_due", "部门年度报告报送期限（月-日）", "03-01", str),
        RuleDef("report_publish_due", "年度报告公开期限（月-日）", "04-01", str, help="《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日前。"),
        RuleDef("session_timeout_minutes", "无操作自动退出（分钟）", 30, int, minimum=5, maximum=480),
        RuleDef("todo_warning_days", "待办提前提醒天数", 7, int, minimum=1, maximum=90),
        RuleDef("password_max_age_days", "密码有效期（日）", 90, int, help="超过后登录须先修改密码；到期前7日起提醒。", minimum=30, maximum=180),
        RuleDef("password_history", "不得重复使用的近期密码个数", 5, int, minimum=1, maximum=10),
        RuleDef("dormant_account_days", "长期未登录锁定（日）", 90, int, help="超过该天数未登录的账户在下次登录时锁定，由安全管理员解锁。",
                minimum=30, maximum=365),
        RuleDef("sessions_per_account", "每个账户同时在线会话数", 1, int, help="新登录结束最早的会话；0 为不限。", maximum=10),
        RuleDef("temp_file_days", "临时文件（导入错误报告等）保留天数", 7, int, minimum=1, maximum=90),
        RuleDef("audit_retention_months", "审计日志保留期（月）", 12, int, minimum=6, maximum=120,
                help="《网络安全法》第二十一条：网络日志留存不少于六个月。fazhi audit purge 只清理早于保留期的审计日志；"
                     "各单位设置不同时取最长的。"),
    ]
}



def register(rule):
    """Add a registry's local rule (``fazhi.core.registry`` calls it for each rule of a registry's ``RULES``)."""
    if rule.key in RULES and RULES[rule.key] != rule:
        raise ValueError(f"local rule {rule.key!r} is declared twice")
    RULES[rule.key] = rule
    return rule


SECURITY_RULES = {"session_timeout_minutes", "password_max_age_days", "password_history", "dormant_account_days",
                  "sessions_per_account", "temp_file_days", "audit_retention_months"}


# Within one request every rule of a unit's path is read in one query (the middleware asks for the idle timeout,
# the password age and the preset of the same unit on every page). None outside a request: commands and tests
# always read the database. A rule saved or deleted clears it (core.signals).
_request_rules = ContextVar("fazhi_request_rules", default=None)


@contextmanager
def rules_read_once():
    """Read each unit's rules at most once inside the block (one request)."""
    token = _request_rules.set({})
    try:
        yield
    finally:
        _request_rules.reset(token)


def forget_read_rules():
    """A rule changed: the block reads the database again."""
    cache = _request_rules.get()
    if cache is not None:
        cache.clear()


def _path_rules(org, key):
    """{org code: raw value} of the overrides of ``key`` on ``org``'s path."""
    from .models import LocalRule

    codes = [c for c in org.path.split("/") if c]
    cache = _request_rules.get()
    if cache is None:
        return {r.org.code: r.value for r in LocalRule.objects.filter(key=key, org__code__in=codes).select_related("org")}
    if org.path not in cache:
        rows = {}
        for r in LocalRule.objects.filter(org__code__in=codes).select_related("org"):
            rows.setdefault(r.key, {})[r.org.code] = r.value
        cache[org.path] = rows
    return cache[org.path].get(key, {})


def get_rule(org, key):
    """The value of local rule ``key`` in force for ``org``: the override set on the org itself or on the
    nearest ancestor, else the default. One query (one per unit and request inside ``rules_read_once``)."""
    rule = RULES[key]
    if org is None:
        return rule.default
    codes = [c for c in org.path.split("/") if c]
    rows = _path_rules(org, key)
    for code in reversed(codes):
        if code in rows:
            try:
                return rule.parse(rows[code])
            except ValidationError:
                return rule.default
    return rule.default


def rule_orgs_for(user, key):
    """The units on which ``user`` may set rule ``key``: security rules, the security administrator on his own
    county (the nearest government above his unit) and below; the other rules, a business administrator within
    the data scope of his roles. Never a unit above: the bureau sets no rule on the province."""
    from django.db.models import Q

    from .choices import DataScope, OrgKind, RoleKind
    from .models import Org

    roles = user.active_roles()
    active = user.active_org
    if key in SECURITY_RULES:
        if active is None or not any(r.kind == RoleKind.SECURITY_ADMIN for r in roles):
            return Org.objects.none()
        codes = [c for c in active.path.split("/") if c]
        county = Org.objects.filter(code__in=codes, kind=OrgKind.GOVERNMENT).order_by("-path").first() or active
        return Org.objects.filter(path__startswith=county.path)
    q = None
    for role in roles:
        if role.kind != RoleKind.BUSINESS or not any(p.codename == "change_localrule" for p in role.permissions.all()):
            continue
        if role.data_scope == DataScope.ALL:
            part = Q()
        elif role.data_scope == DataScope.CUSTOM:
            part = Q(pk__in=[])
            for org in role.custom_orgs.all():
                part |= Q(path__startswith=org.path)
        elif role.data_scope == DataScope.UNIT_AND_BELOW and active:
            part = Q(path__startswith=active.path)
        elif active:
            part = Q(pk=active.pk)
        else:
            continue
        q = part if q is None else q | part
    return Org.objects.filter(q) if q is not None else Org.objects.none()


def rule_effect(org, key):
    """What setting ``key`` on ``org`` changes below it: (units that inherit it, units with a setting of their own
    in between and so keep theirs)."""
    from .models import LocalRule, Org

    below = list(Org.objects.filter(path__startswith=org.path).exclude(pk=org.pk).order_by("path"))
    overrides = {r.org.path: r.org for r in LocalRule.objects.filter(key=key, org__in=below).select_related("org")}
    inherit, own = [], []
    for unit in below:
        if any(unit.path.startswith(path) for path in overrides):
            own.append(unit)
        else:
            inherit.append(unit)
    return inherit, [overrides[p] for p in sorted(overrides)]
