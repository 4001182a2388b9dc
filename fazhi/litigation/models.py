"""The litigation registry (行政应诉案件): one record per case per instance, its hearings, and the rules that
classify its outcome (胜诉/败诉/调撤) and count the agency head's appearance in court."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.core.choices import OrgKind
from fazhi.core.dates import DateOrder
from fazhi.core.fields import DateField
from fazhi.core.models import DeadlineMixin, Org, RegistryModel, Side
from fazhi.core.periods import due_date
from fazhi.core.personal import NAME, PersonalFields

from .choices import (
    LOST,
    MEDIATED_OR_WITHDRAWN,
    NOT_APPEALABLE,
    OPEN_STATES,
    RULINGS,
    UPHOLDING_OUTCOMES,
    WON,
    ActKind,
    Instance,
    OutcomeClass,
    Party,
    Result,
    State,
)

#: The units that can be sued and defend in this county: the county government, its departments
#: (the justice bureau is one) and the townships.
DEFENDANT_KINDS = [OrgKind.GOVERNMENT, OrgKind.BUREAU, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP]
DEPARTMENT_KINDS = [OrgKind.BUREAU, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP]

# ---- 案号 -----------------------------------------------------------------------------------------
# 《最高人民法院关于人民法院案件案号的若干规定》(2015, amended 2018): （收案年度）+ 法院代字 + 类型代字 +
# 案件编号 + 号. 法院代字: the province's one-character abbreviation for a high court (浙), plus two digits for
# an intermediate court (浙07), plus four for a basic court (浙0726); 最高法 for the Supreme People's Court.
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"
#: 行政 type codes and the instance each implies (None: a procedure that is not itself an instance).
TYPE_CODES = {
    "行初": Instance.FIRST, "行终": Instance.APPEAL, "行再": Instance.RETRIAL,
    "行赔初": Instance.FIRST, "行赔终": Instance.APPEAL, "行赔再": Instance.RETRIAL,
    "行申": None, "行赔申": None, "行抗": None, "行赔抗": None, "行审": None, "行审复": None,
    "行辖": None, "行辖终": None, "行他": None, "行赔他": None, "行监": None, "行提": None,
}
_TYPES = "|".join(sorted(TYPE_CODES, key=len, reverse=True))
CASE_NO_RE = re.compile(rf"^（(?P<year>\d{{4}})）(?P<court>最高法|[{PROVINCES}](?:\d{{2}}|\d{{4}})?)(?P<type>{_TYPES})(?P<number>[1-9]\d*)号$")
CASE_NO_FORMAT = (
    "案号应为“（年度）法院代字类型代字序号号”，如“（2024）浙0726行初12号”：括号为全角，"
    "法院代字为省份简称加2位或4位数字（高级人民法院只写省份简称，如“浙”），"
    "类型代字为行初、行终、行再、行审、行赔初等。"
)


def normalize_case_no(value):
    """What a bureau types, made canonical: spaces dropped, half-width parentheses made full-width."""
    value = re.sub(r"[\s\u3000]+", "", value or "")
    return value.replace("(", "（").replace(")", "）")


def validate_case_no(value):
    """A court case number of an administrative case, e.g. （2024）浙0726行初12号."""
    if not value:
        return
    if "(" in value or ")" in value:
        raise ValidationError(f"案号的括号应为全角“（）”。{CASE_NO_FORMAT}")
    m = CASE_NO_RE.match(value)
    if not m:
        raise ValidationError(f"案号“{value}”格式不正确。{CASE_NO_FORMAT}")
    year = int(m["year"])
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise ValidationError(f"案号中的年度“{year}”不正确（行政诉讼法自1990年施行）。")


def instance_from_case_no(value):
    """The instance the case number's type code implies (行初 → 一审, 行终 → 二审, 行再 → 再审), or None."""
    m = CASE_NO_RE.match(value or "")
    return TYPE_CODES.get(m["type"]) if m else None


def co_defendant_problem(co_defendant_government, case):
    """Why a lawsuit cannot be linked to reconsideration ``case`` as a co-defendant case, or None.

    行政诉讼法 Art. 26 ¶2: when the reconsideration body upholds (维持) the act, the original agency and the
    reconsideration body are co-defendants; when it changes the act, it is the sole defendant. 维持 includes
    rejecting the request on the merits (行诉解释 2018 Art. 133)."""
    if not co_defendant_government:
        return None
    if case is None:
        return "复议机关作共同被告的，须填写关联的行政复议案号（行政诉讼法第二十六条第二款）。"
    if case.outcome not in UPHOLDING_OUTCOMES:
        outcome = case.get_outcome_display() if case.outcome else "尚未审结"
        return (
            f"复议机关作共同被告，须是复议决定维持原行政行为的案件（行政诉讼法第二十六条第二款）；"
            f"行政复议案件{case.case_no}的结案方式为“{outcome}”，不能作为共同被告案件关联。"
        )
    return None


class Lawsuit(DeadlineMixin, RegistryModel):
    """One administrative lawsuit against a unit of the county, in one instance (一审, 二审 or 再审 — an
    appeal is a new record linked by ``previous_instance``).

    ``org`` is the unit responsible for defending it (usually the defendant itself; a township's case may be
    handled by its 司法所), so the defendant's own staff see it through their data scope. ``defendant_org`` is
    the principal defendant; the indicators count by it. The defence deadline (行政诉讼法 Art. 67) and the
    head-appearance flags (``heard``, ``head_appeared``; SPC 2020 rules) are stored so that lists and the
    indicator engine count them in SQL without joining the hearings."""

    court = models.CharField("审理法院", max_length=100)
    case_no = models.CharField("案号", max_length=60, validators=[validate_case_no], help_text="如（2024）浙0726行初12号，括号为全角。")
    trial_level = models.CharField("审级", max_length=20, choices=Instance.choices, blank=True,
                                help_text="留空则按案号的类型代字确定（行初为一审，行终为二审，行再为再审）。")
    plaintiff = models.CharField("原告", max_length=200, help_text="多名原告用顿号分隔。")
    defendant_org = models.ForeignKey(Org, verbose_name="被告", on_delete=models.PROTECT, related_name="+",
                                      help_text="主要被告（作出被诉行政行为的机关）。")
    co_defendant_government = models.BooleanField("县政府作为复议机关共同被告", default=False,
                                                  help_text="复议决定维持原行政行为的，复议机关与原行政机关为共同被告（行政诉讼法第二十六条第二款）。")
    reconsideration_case = models.ForeignKey("reconsideration.ReconsiderationCase", verbose_name="关联复议案件", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="lawsuits")
    act = models.CharField("被诉行政行为", max_length=300)
    act_kind = models.CharField("被诉行为类别", max_length=30, choices=ActKind.choices)
    complaint_received_on = DateField("收到起诉状副本日期", not_in_future=True, db_index=True, help_text="二审为收到上诉状副本日期。")
    defence_due = models.DateField("答辩期限", null=True, blank=True, editable=False)
    defence_filed_on = DateField("答辩日期", null=True, blank=True, help_text="提交答辩状、证据和依据的日期。")
    defence_late = models.BooleanField("逾期答辩", default=False, editable=False)
    filed_on = DateField("立案日期", not_in_future=True, null=True, blank=True)

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REGISTERED, db_index=True)
    heard = models.BooleanField("开庭审理", default=False, editable=False)
    head_appeared = models.BooleanField("负责人出庭应诉", default=False, editable=False)
    principal_appeared = models.BooleanField("正职负责人出庭应诉", default=False, editable=False)
    result = models.CharField("裁判结果", max_length=30, choices=Result.choices, blank=True, db_index=True)
    closed_on = DateField("结案日期", null=True, blank=True, db_index=True, help_text="判决、裁定或调解书作出的日期。")
    served_on = DateField("裁判文书送达日期", null=True, blank=True)
    withdrawal_after_change = models.BooleanField("被告改变行政行为后原告撤诉", default=False,
                                                  help_text="行政诉讼法第六十二条：被告改变其所作的行政行为，原告同意并申请撤诉。")
    loss_reason = models.TextField("败诉原因", blank=True)
    effective_on = DateField("生效日期", null=True, blank=True)
    appealed = models.BooleanField("已上诉", default=False)
    appealed_on = DateField("上诉日期", null=True, blank=True)
    appellant = models.CharField("上诉人", max_length=20, choices=Party.choices, blank=True)
    previous_instance = models.ForeignKey("self", verbose_name="原审案件", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="next_instances")
    next_due = models.DateField("下一期限", null=True, blank=True, editable=False, db_index=True)
    next_due_label = models.CharField("下一期限事项", max_length=60, blank=True, editable=False)
    note = models.TextField("备注", blank=True)

    personal = PersonalFields(plaintiff=NAME)  # the register does not tell a natural person from a company
    year_field = "complaint_received_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the forms, the ledger
    #: import and the consistency check.
    date_order = (
        DateOrder("complaint_received_on", "filed_on"),
        DateOrder("defence_filed_on", "complaint_received_on"),
        DateOrder("closed_on", "complaint_received_on", key="closed_before_received", label="结案日期早于收到起诉状日期"),
        DateOrder("served_on", "closed_on"),
        DateOrder("effective_on", "closed_on"),
        DateOrder("appealed_on", "closed_on"),
    )
    #: The defendant sees a case another unit defends for it (a township's case handled by its 司法所) and may
    #: file the defence; the reconsideration office sees the cases in which the government is co-defendant as
    #: the reconsideration body that upheld the act (行政诉讼法第二十六条第二款).
    sides = (
        Side("defendant_org", "被告", transitions=("file_defence",)),
        Side("reconsideration_case__org", "共同被告（复议机关）", condition=Q(co_defendant_government=True)),
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政应诉案件"
        ordering = ["-complaint_received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "case_no"], name="lawsuit_court_case_no_unique",
                                    violation_error_message="该法院的此案号已经登记，请勿重复录入。"),
        ]
        indexes = [
            models.Index(fields=["defendant_org", "complaint_received_on"], name="lawsuit_def_received_idx"),
            models.Index(fields=["defendant_org", "closed_on"], name="lawsuit_def_closed_idx"),
            # The list page's order, and under its state filter: a deep page walks an index (docs/performance.md).
            models.Index(fields=["complaint_received_on", "id"], name="lawsuit_list_idx"),
            models.Index(fields=["state", "complaint_received_on", "id"], name="lawsuit_state_list_idx"),
        ]

    def __str__(self):
        return f"{self.case_no} {self.act[:30]}"

    def save(self, *args, **kwargs):
        if not self.trial_level:
            self.trial_level = instance_from_case_no(self.case_no) or Instance.FIRST
        self.refresh_deadlines()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        implied = instance_from_case_no(self.case_no)
        if implied and self.trial_level and self.trial_level != implied:
            errors["trial_level"] = f"案号的类型代字表明是{Instance(implied).label}案件，与所选审级“{Instance(self.trial_level).label}”不一致。"
        if self.co_defendant_government and self.defendant_org_id and self.defendant_org.kind == OrgKind.GOVERNMENT:
            errors["co_defendant_government"] = "被告是县政府本身的，县政府不会同时作为复议机关共同被告。"
        else:
            problem = co_defendant_problem(self.co_defendant_government, self.reconsideration_case)
            if problem:
                errors["reconsideration_case"] = problem
        if errors:
            raise ValidationError(errors)

    # ---- deadlines ---------------------------------------------------------------------------------
    def compute_defence_due(self):
        """行政诉讼法 Art. 67: evidence, legal basis and the defence brief within 15 days of receiving the
        complaint (an appeal: of receiving the appeal brief, Art. 101 with the Civil Procedure Law)."""
        if not self.complaint_received_on:
            return None
        return due_date(self.complaint_received_on, period="litigation.defence")

    def deadlines(self):
        """The open deadlines now: [(label, date)], soonest first — the defence while none is filed."""
        out = []
        if self.state in OPEN_STATES and not self.defence_filed_on and self.defence_due:
            out.append(("提交答辩状", self.defence_due))
        return sorted(out, key=lambda x: x[1])

    def current_due(self):
        return self.next_due

    def current_due_label(self):
        return self.next_due_label

    def refresh_deadlines(self):
        """Recompute the stored deadline fields (called on every save and by every transition)."""
        self.defence_due = self.compute_defence_due()
        self.defence_late = bool(self.defence_filed_on and self.defence_due and self.defence_filed_on > self.defence_due)
        items = self.deadlines()
        self.next_due, self.next_due_label = (items[0][1], items[0][0]) if items else (None, "")

    def appeal_due(self):
        """The last day to appeal a first-instance judgment (15 days) or ruling (10 days) from service
        (行政诉讼法 Art. 85); None when no appeal lies."""
        if not self.closed_on or not self.result or self.result in NOT_APPEALABLE or self.trial_level == Instance.APPEAL:
            return None
        key = "litigation.appeal_ruling" if self.result in RULINGS else "litigation.appeal"
        return due_date(self.served_on or self.closed_on, period=key)

    appeal_due.short_description = "上诉期限"

    def refresh_hearing_flags(self):
        """Set ``heard``/``head_appeared``/``principal_appeared`` from the hearings: a head counts only when
        they appeared at a hearing in court (开庭); staff sent instead do not count (SPC 2020 Art. 10); several
        appearances in one instance count once (Art. 7) — the flags are per record, i.e. per instance."""
        hearings = list(self.hearings.all()) if self.pk else []
        self.heard = any(h.heard for h in hearings)
        self.head_appeared = any(h.counts_as_head_appearance for h in hearings)
        self.principal_appeared = any(h.counts_as_head_appearance and h.head_is_principal for h in hearings)

    # ---- derived -----------------------------------------------------------------------------------
    @property
    def outcome_class(self):
        """胜诉 / 败诉 / 调撤 / 其他, from the result; 驳回上诉 keeps the class of the judgment it upholds."""
        if not self.result:
            return None
        if self.result in LOST:
            return OutcomeClass.LOST
        if self.result in WON:
            return OutcomeClass.WON
        if self.result in MEDIATED_OR_WITHDRAWN:
            return OutcomeClass.MEDIATED_OR_WITHDRAWN
        if self.result == Result.APPEAL_REJECTED and self.previous_instance_id:
            return self.previous_instance.outcome_class
        return OutcomeClass.OTHER

    def get_outcome_class_display(self):
        c = self.outcome_class
        return OutcomeClass(c).label if c else ""

    @property
    def is_lost(self):
        return self.outcome_class == OutcomeClass.LOST

    @property
    def is_won(self):
        return self.outcome_class == OutcomeClass.WON

    def defendant_scope(self):
        """县政府单独被告 / 部门及乡镇 — the two scopes bureaus publish separately (ORACLE.md 001, 19)."""
        if self.defendant_org.kind == OrgKind.GOVERNMENT and not self.co_defendant_government:
            return "县政府单独被告"
        return "部门及乡镇" if self.defendant_org.kind in DEPARTMENT_KINDS else ""

    defendant_scope.short_description = "被告类别"


class Hearing(models.Model):
    """One hearing of a lawsuit in its instance, and who appeared for the defendant.

    最高人民法院关于行政机关负责人出庭应诉若干问题的规定 (2020): a 负责人 is the chief, a deputy, or another
    official in charge of the matter (Art. 2); staff sent instead (相应的工作人员) are not a head's appearance
    (Art. 10). Only a hearing in court (开庭审理) counts."""

    lawsuit = models.ForeignKey(Lawsuit, verbose_name="案件", on_delete=models.CASCADE, related_name="hearings")
    held_on = DateField("庭审日期", null=True, blank=True)
    heard = models.BooleanField("开庭审理", default=True, help_text="不开庭的询问、调查、庭前会议不选。")
    head_appeared = models.BooleanField("负责人出庭", default=False)
    head_name = models.CharField("出庭负责人", max_length=50, blank=True)
    head_title = models.CharField("出庭负责人职务", max_length=50, blank=True)
    head_is_principal = models.BooleanField("正职负责人", default=False)
    staff_sent = models.BooleanField("委托相应工作人员出庭", default=False, help_text="负责人不能出庭时委托的相应工作人员（第十条），不计入负责人出庭。")
    note = models.CharField("说明", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "庭审"
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.held_on or '日期未填'} {'开庭' if self.heard else '未开庭'}"

    @property
    def counts_as_head_appearance(self):
        return self.heard and self.head_appeared

    def clean(self):
        errors = hearing_problems(self.heard, self.head_appeared, self.head_name, self.head_title, self.head_is_principal)
        if errors:
            raise ValidationError(errors)


def hearing_problems(heard, head_appeared, head_name, head_title, head_is_principal):
    """Field errors of a hearing entry (shared by the model, the hearing form and the ledger import)."""
    errors = {}
    if head_appeared and not heard:
        errors["head_appeared"] = "负责人出庭应诉以开庭审理为前提；未开庭的，不登记负责人出庭。"
    if head_appeared and not (head_name or "").strip():
        errors["head_name"] = "负责人出庭的，须填写出庭负责人姓名。"
    if head_appeared and not (head_title or "").strip():
        errors["head_title"] = "负责人出庭的，须填写出庭负责人职务。"
    if head_is_principal and not head_appeared:
        errors["head_is_principal"] = "未登记负责人出庭的，不能勾选正职负责人。"
    return errors
