"""Major administrative decisions (重大行政决策) with their yearly catalogue and statutory procedures, and
administrative contracts (行政协议/行政合同).

Major decisions follow 《重大行政决策程序暂行条例》(国务院令第713号, 2019): the government (决策机关) publishes a
catalogue of decision items after the Party committee at the same level agrees (Art. 3 ¶3); each item has a
handling unit (决策承办单位, Art. 11 — the record's ``org``) that carries out the procedures — public
participation (Arts 14–18), expert review (Arts 19–21), risk assessment (Arts 22–24), legality review
(Arts 25–28) — before the government decides collectively (Art. 30), reports to the Party committee (Art. 31),
publishes (Art. 32) and archives (Art. 33). Each procedure held is a :class:`Procedure` row, so that "风险评估14次"
is a count of rows, not a number typed into a form.

Administrative contracts: a contract above the local threshold (rule ``contract_review_threshold``) must have
a legality review opinion before it is signed; each signed contract is filed (备案) with the justice bureau
within ``contract_filing_days`` days of signing."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.core.dates import DateOrder
from fazhi.core.fields import DateField
from fazhi.core.models import ChildQuerySet, Org, RegistryModel, Side
from fazhi.core.periods import due_date
from fazhi.core.personal import NAME, PersonalFields

from .choices import (
    DECIDED_STATES,
    SIGNED_STATES,
    Category,
    ContractKind,
    ContractState,
    CounterpartyKind,
    DisputeResolution,
    EvaluationReason,
    ExpertMethod,
    MeetingKind,
    ParticipationMethod,
    ProcedureKind,
    RiskLevel,
    State,
)

ACT = "《重大行政决策程序暂行条例》"

#: (key, label, article, procedure kinds that satisfy it, when it is required). Public participation is
#: required unless the item is not to be disclosed (Art. 14); a hearing is one of its forms (Art. 14 ¶2).
REQUIREMENTS = [
    ("public_participation", "公众参与", "第十四条", {ProcedureKind.PUBLIC_PARTICIPATION, ProcedureKind.HEARING}, lambda d: True),
    ("expert_review", "专家论证", "第十九条", {ProcedureKind.EXPERT_REVIEW}, lambda d: d.technical),
    ("risk_assessment", "风险评估", "第二十二条", {ProcedureKind.RISK_ASSESSMENT}, lambda d: d.stability_risk),
    ("legality_review", "合法性审查", "第二十五条", {ProcedureKind.LEGALITY_REVIEW}, lambda d: True),
    ("collective_decision", "集体讨论决定", "第三十条", {ProcedureKind.COLLECTIVE_DECISION}, lambda d: True),
]

#: The refusal when a required procedure is missing: the missing ones with their articles.
MISSING_MESSAGE = "尚未履行" + ACT + "规定的决策程序：{missing}，不能作出决定。"

#: 《政府信息公开条例》第二十六条: information to be disclosed proactively is published within 20 working days
#: of being made. (A candidate for core.periods.STATUTORY_PERIODS as "decisions.publication".)
PUBLICATION_WORKING_DAYS = 20

#: The units that may be a 决策机关: county government (Art. 2), and by reference departments and township
#: governments (Art. 42).
DECIDING_KINDS = ["government", "department", "bureau", "township"]


class DecisionCatalogue(RegistryModel):
    """The yearly catalogue of major decision items of one 决策机关 (``org``), 条例第三条第三款: drawn up by the
    government, published to society only after the Party committee at the same level agrees."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=200, blank=True, help_text="留空则按“单位+年度+重大行政决策事项目录”生成。")
    party_agreed_on = DateField("同级党委同意日期", null=True, blank=True)
    published_on = DateField("向社会公布日期", null=True, blank=True)
    channel = models.CharField("公布途径", max_length=100, blank=True, help_text="如：县政府门户网站、政府公报。")
    document_no = models.CharField("印发文号", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)

    year_field = "published_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`).
    date_order = (DateOrder("published_on", "party_agreed_on", message="公布日期不能早于同级党委同意日期（条例第三条第三款）。"),)

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策事项目录"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="decisions_catalogue_org_year")]

    def __str__(self):
        return self.title or f"{self.year}年度重大行政决策事项目录"

    def save(self, *args, **kwargs):
        if not self.title and self.org_id:
            self.title = f"{self.org.name}{self.year}年度重大行政决策事项目录"
        super().save(*args, **kwargs)

    def clean(self):
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": "年度应为四位年份，如 2024。"})
        if self.published_on and not self.party_agreed_on:
            raise ValidationError({"party_agreed_on": "决策事项目录须经同级党委同意后向社会公布（条例第三条第三款），请填写党委同意日期。"})

    @property
    def item_count(self):
        return self.items.count()


class MajorDecision(RegistryModel):
    """One major decision item. ``org`` is the handling unit (决策承办单位, Art. 11); ``deciding_body`` the
    government that decides (Art. 2; departments and townships by reference, Art. 42).

    ``complete`` is stored when the decision is made: whether every procedure the item required had been held
    by then (:meth:`missing_procedures`). The workflow refuses to decide while one is missing; a ledger import of
    past decisions may bring in incomplete ones, and the completeness rate shows them."""

    number = models.CharField("登记编号", max_length=60, unique=True, editable=False)
    catalogue = models.ForeignKey(DecisionCatalogue, verbose_name="所属事项目录", null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    title = models.CharField("决策事项名称", max_length=200)
    category = models.CharField("事项类别", max_length=30, choices=Category.choices, default=Category.PUBLIC_POLICY)
    deciding_body = models.ForeignKey(Org, verbose_name="决策机关", on_delete=models.PROTECT, related_name="+")
    initiated_on = DateField("启动日期", help_text="决策机关决定启动决策程序的日期（第十条、第十一条）。")
    summary = models.TextField("主要内容", blank=True)
    technical = models.BooleanField("专业性、技术性较强", default=False, help_text="是则须组织专家论证（第十九条）。")
    stability_risk = models.BooleanField("可能影响社会稳定、公共安全", default=False, help_text="是则须开展风险评估（第二十二条）。")

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.IN_PROGRESS, db_index=True)
    decided_on = DateField("决定日期", null=True, blank=True, db_index=True)
    decision_no = models.CharField("决定文号", max_length=100, blank=True)
    complete = models.BooleanField("法定程序完备", default=False, editable=False,
                                   help_text="作出决定时，应当履行的法定程序是否均已履行。")
    missing = models.CharField("作出决定时缺少的程序", max_length=200, blank=True, editable=False)
    executing_org = models.ForeignKey(Org, verbose_name="决策执行单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      help_text="第三十四条。")
    party_reported_on = DateField("向同级党委请示报告日期", null=True, blank=True, help_text="第三十一条。")
    published_on = DateField("公布日期", null=True, blank=True, db_index=True)
    publication_channel = models.CharField("公布途径", max_length=100, blank=True)
    publication_due = models.DateField("公布期限", null=True, blank=True, editable=False, db_index=True)
    archived_on = DateField("归档日期", null=True, blank=True)
    terminated_on = DateField("终止日期", null=True, blank=True)
    termination_reason = models.TextField("终止理由", blank=True)
    post_evaluated_on = DateField("决策后评估日期", null=True, blank=True, db_index=True)
    post_evaluation_reason = models.CharField("决策后评估事由", max_length=30, choices=EvaluationReason.choices, blank=True)
    post_evaluation_by = models.CharField("评估单位", max_length=100, blank=True)
    post_evaluation_result = models.TextField("评估结论", blank=True)
    note = models.TextField("备注", blank=True)

    year_field = "initiated_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the forms, the ledger
    #: import and the consistency check.
    date_order = (
        DateOrder("decided_on", "initiated_on"),
        DateOrder("published_on", "decided_on"),
        DateOrder("archived_on", "decided_on"),
        DateOrder("archived_on", "published_on"),
        DateOrder("post_evaluated_on", "decided_on"),
    )
    #: The deciding body and the executing unit see the decision they take and carry out (第三十七条、第三十八条).
    sides = (Side("deciding_body", "决策机关"), Side("executing_org", "决策执行单位"))

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策"
        ordering = ["-initiated_on", "-id"]
        indexes = [
            models.Index(fields=["org", "initiated_on"], name="decisions_org_initiated_idx"),
            models.Index(fields=["org", "decided_on"], name="decisions_org_decided_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.title[:30]}"

    def save(self, *args, **kwargs):
        if not self.number:
            from fazhi.core.numbering import allocate

            year = self.initiated_on.year
            n = allocate(f"{self.org.code}:decision", year)
            prefix = self.org.short_name or self.org.code
            self.number = f"{prefix}决策〔{year}〕{n}号"
        self.refresh_deadlines()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.published_on and not self.decided_on:
            errors["decided_on"] = "已公布的决策须填写决定日期。"
        if self.archived_on and not self.decided_on:
            errors["decided_on"] = "已归档的决策须填写决定日期。"
        if errors:
            raise ValidationError(errors)

    # ---- procedures --------------------------------------------------------------------------------
    def required(self):
        """The requirements that apply to this item: [(key, label, article, kinds)]."""
        return [(key, label, article, kinds) for key, label, article, kinds, applies in REQUIREMENTS if applies(self)]

    def missing_procedures(self, on=None, procedures=None):
        """Labels ("专家论证（第十九条）") of the required procedures not held on or before ``on`` (default: ever).
        ``procedures`` may pass the rows (e.g. prefetched or about to be created) as (kind, held_on) pairs."""
        if procedures is None:
            procedures = [(p.kind, p.held_on) for p in self.procedures.all()] if self.pk else []
        held = {kind for kind, held_on in procedures if on is None or (held_on is not None and held_on <= on)}
        return [f"{label}（{article}）" for _, label, article, kinds in self.required() if not (kinds & held)]

    def missing_message(self, on=None):
        missing = self.missing_procedures(on)
        return MISSING_MESSAGE.format(missing="、".join(missing)) if missing else None

    def latest(self, kind, on=None):
        """The latest procedure of ``kind`` held on or before ``on``."""
        rows = [p for p in self.procedures.all() if p.kind == kind and (on is None or p.held_on <= on)]
        return max(rows, key=lambda p: (p.held_on, p.pk)) if rows else None

    def checklist(self):
        """For the detail page: [(label, article, required, [procedures held])] for each statutory procedure."""
        rows = list(self.procedures.all())
        out = []
        for key, label, article, kinds, applies in REQUIREMENTS:
            out.append({"key": key, "label": label, "article": article, "required": applies(self),
                        "held": [p for p in rows if p.kind in kinds]})
        return out

    def mark_decided(self, on):
        """Store the decision date and whether its procedures were complete then (the completeness rate)."""
        missing = self.missing_procedures(on)
        self.decided_on = on
        self.complete = not missing
        self.missing = "、".join(missing)[:200]

    # ---- deadlines ---------------------------------------------------------------------------------
    def compute_publication_due(self):
        """《政府信息公开条例》第二十六条: 20 working days from the decision (条例第三十二条: 及时公布)."""
        if not self.decided_on or self.published_on or self.state not in (State.DECIDED,):
            return None
        return due_date(self.decided_on, PUBLICATION_WORKING_DAYS, "working_days")

    def refresh_deadlines(self):
        self.publication_due = self.compute_publication_due()

    @property
    def days_left(self):
        return (self.publication_due - timezone.localdate()).days if self.publication_due else None

    @property
    def is_overdue(self):
        return self.publication_due is not None and self.publication_due < timezone.localdate()

    # The generic transition page shows the record's current deadline under these names.
    @property
    def next_due(self):
        return self.publication_due

    next_due_label = "公布决策"

    @property
    def is_decided(self):
        return self.state in DECIDED_STATES

    @property
    def complete_text(self):
        """"是"/"否" once decided; "" before (completeness is judged at the decision)."""
        return ("是" if self.complete else "否") if self.is_decided else ""

    @property
    def procedure_count(self):
        return len(self.procedures.all())


class Procedure(models.Model):
    """One statutory procedure held for a decision: a public consultation, a hearing, an expert review, a risk
    assessment, a legality review or the collective discussion. ``held_on`` places it in a year (the start of a
    consultation, the day of a hearing, meeting or review opinion, the date of a risk report)."""

    decision = models.ForeignKey(MajorDecision, verbose_name="决策事项", on_delete=models.CASCADE, related_name="procedures")
    kind = models.CharField("程序", max_length=30, choices=ProcedureKind.choices, db_index=True)
    held_on = DateField("日期", db_index=True, help_text="征求意见的开始日期；听证会、论证会、会议的日期；评估报告或审查意见的日期。")
    ended_on = DateField("征求意见截止日期", null=True, blank=True)
    participation_method = models.CharField("征求意见方式", max_length=30, choices=ParticipationMethod.choices, blank=True)
    channels = models.CharField("公布途径", max_length=200, blank=True, help_text="政府网站、政务新媒体、报刊、广播、电视等（第十五条）。")
    shortened_reason = models.CharField("缩短征求意见期限的说明", max_length=200, blank=True, help_text="公开征求意见一般不少于30日（第十五条）。")
    materials_sent_on = DateField("听证材料送达日期", null=True, blank=True, help_text="应于听证会7日前送达（第十六条第三款）。")
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True, help_text="听证参加人或出席会议人数。")
    opinions_received = models.PositiveIntegerField("收到意见（条）", null=True, blank=True)
    opinions_adopted = models.PositiveIntegerField("采纳意见（条）", null=True, blank=True)
    expert_method = models.CharField("论证方式", max_length=20, choices=ExpertMethod.choices, blank=True)
    experts = models.PositiveIntegerField("参与论证专家（人）", null=True, blank=True)
    conducted_by = models.CharField("组织或承担单位", max_length=100, blank=True, help_text="如委托的第三方评估机构（第二十三条）。")
    risk_level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices, blank=True)
    risk_controllable = models.BooleanField("风险可控", null=True, blank=True, help_text="风险不可控的，须调整决策草案后才能决策（第二十四条）。")
    review = models.ForeignKey("legality.ReviewRequest", verbose_name="合法性审查记录", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="decision_procedures")
    meeting_kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices, blank=True)
    meeting_name = models.CharField("会议名称", max_length=100, blank=True, help_text="如：县政府第12次常务会议。")
    dissent = models.TextField("不同意见", blank=True, help_text="集体讨论中的不同意见应当如实载明（第三十条第三款）。")
    head_differs = models.BooleanField("行政首长决定与多数意见不一致", default=False)
    head_reason = models.TextField("行政首长说明的理由", blank=True, help_text="第三十条第二款。")
    description = models.TextField("情况说明", blank=True)
    history = HistoricalRecords()

    objects = ChildQuerySet.as_manager()
    scope_parent = "decision"  # visible with its decision (the engine counts procedures through a user's scope)
    year_field = "held_on"

    class Meta:
        verbose_name = verbose_name_plural = "决策程序"
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["kind", "held_on"], name="decisions_proc_kind_on_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}" if self.held_on else self.get_kind_display()

    def clean(self):
        errors = {}
        if self.ended_on and self.held_on and self.ended_on < self.held_on:
            errors["ended_on"] = "征求意见截止日期不能早于开始日期。"
        elif (self.kind == ProcedureKind.PUBLIC_PARTICIPATION and self.participation_method == ParticipationMethod.PUBLIC_CONSULTATION
              and self.held_on):
            if not self.ended_on:
                errors["ended_on"] = "向社会公开征求意见的，须填写征求意见截止日期（第十五条）。"
            elif (self.ended_on - self.held_on).days < 30 and not self.shortened_reason:
                errors["shortened_reason"] = (f"公开征求意见期限为{(self.ended_on - self.held_on).days}日，少于30日（第十五条）："
                                              "因情况紧急等原因缩短期限的，须填写说明。")
        if self.kind == ProcedureKind.HEARING and self.materials_sent_on and self.held_on and (self.held_on - self.materials_sent_on).days < 7:
            errors["materials_sent_on"] = "听证会材料应当于召开听证会7日前送达听证参加人（第十六条第三款）。"
        if self.kind == ProcedureKind.COLLECTIVE_DECISION and not self.meeting_kind:
            errors["meeting_kind"] = "集体讨论决定须经政府常务会议或者全体会议讨论（第三十条），请选择会议类型。"
        if self.head_differs and not self.head_reason:
            errors["head_reason"] = "行政首长拟作出的决定与多数意见不一致的，应当说明理由（第三十条第二款）。"
        if self.opinions_adopted is not None and self.opinions_received is not None and self.opinions_adopted > self.opinions_received:
            errors["opinions_adopted"] = "采纳意见条数不能超过收到意见条数。"
        if errors:
            raise ValidationError(errors)

    def summary(self):
        """What the row records, in one line for the decision page (e.g. "向社会公开征求意见；收到意见57条、采纳12条")."""
        parts = []
        if self.participation_method:
            parts.append(self.get_participation_method_display() + (f"（{self.channels}）" if self.channels else ""))
        if self.shortened_reason:
            parts.append(f"缩短期限：{self.shortened_reason}")
        if self.materials_sent_on:
            parts.append(f"材料于{self.materials_sent_on:%Y-%m-%d}送达")
        if self.expert_method:
            parts.append(self.get_expert_method_display())
        if self.experts:
            parts.append(f"专家{self.experts}人")
        if self.meeting_name:
            parts.append(self.meeting_name + (f"（{self.get_meeting_kind_display()}）" if self.meeting_kind else ""))
        if self.participants:
            parts.append(f"参加{self.participants}人")
        if self.opinions_received is not None:
            parts.append(f"收到意见{self.opinions_received}条" + (f"、采纳{self.opinions_adopted}条" if self.opinions_adopted is not None else ""))
        if self.risk_level:
            controllable = {True: "，风险可控", False: "，风险不可控", None: ""}[self.risk_controllable]
            parts.append(self.get_risk_level_display() + controllable)
        if self.review_id:
            parts.append(f"{self.review.review_no}，结论：{self.review_conclusion or '—'}")
        if self.dissent:
            parts.append(f"不同意见：{self.dissent}")
        if self.head_differs:
            parts.append(f"行政首长决定与多数意见不一致，理由：{self.head_reason}")
        if self.conducted_by:
            parts.append(self.conducted_by)
        if self.description:
            parts.append(self.description)
        return "；".join(parts)

    @property
    def review_conclusion(self):
        """The linked legality review's conclusion (合法/修改后合法/不合法), or ""."""
        return self.review.get_conclusion_display() if self.review_id and self.review.conclusion else ""

    @property
    def unlawful(self):
        from fazhi.legality.choices import Conclusion

        return bool(self.review_id and self.review.conclusion == Conclusion.UNLAWFUL)


# ==================================================================================================
# Administrative contracts
# ==================================================================================================


class AdministrativeContract(RegistryModel):
    """An administrative contract (行政协议) of the contracting agency ``org``. A natural person's name as
    counterparty is personal information (masked unless the role allows); an organisation's name is not.

    ``review_required`` and ``filing_due`` are stored when the record is saved, under the local rules then in
    force (``contract_review_threshold``, ``contract_filing_days``), so that counts and lists read them in SQL."""

    contract_no = models.CharField("合同编号", max_length=60, blank=True)
    title = models.CharField("合同名称", max_length=200)
    kind = models.CharField("协议类型", max_length=30, choices=ContractKind.choices, default=ContractKind.OTHER)
    counterparty_kind = models.CharField("相对人类型", max_length=20, choices=CounterpartyKind.choices, default=CounterpartyKind.ORGANISATION)
    counterparty_name = models.CharField("相对人", max_length=100)
    amount = models.DecimalField("合同金额（元）", max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0), "合同金额不能为负数。")])
    state = models.CharField("状态", max_length=20, choices=ContractState.choices, default=ContractState.DRAFT, db_index=True)
    signed_on = DateField("签订日期", null=True, blank=True, db_index=True)
    term_start = DateField("履行期限起", null=True, blank=True)
    term_end = DateField("履行期限止", null=True, blank=True)
    legality_review = models.ForeignKey("legality.ReviewRequest", verbose_name="合法性审查", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="contracts")
    review_required = models.BooleanField("须经合法性审查", default=False, editable=False)
    filed_on = DateField("备案日期", null=True, blank=True, db_index=True)
    filing_due = models.DateField("备案期限", null=True, blank=True, editable=False, db_index=True)
    completed_on = DateField("履行完毕日期", null=True, blank=True)
    terminated_on = DateField("解除日期", null=True, blank=True)
    termination_reason = models.TextField("解除理由", blank=True)
    disputed_on = DateField("发生争议日期", null=True, blank=True, db_index=True)
    dispute_resolution = models.CharField("争议解决方式", max_length=20, choices=DisputeResolution.choices, blank=True)
    dispute_note = models.TextField("争议情况", blank=True)
    dispute_resolved_on = DateField("争议解决日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    personal = PersonalFields(counterparty_name=NAME, natural_person={"counterparty_kind": CounterpartyKind.PERSON},
                              natural_person_only={"counterparty_name"})
    year_field = "signed_on"
    indicator_prefix = "contracts."
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the forms, the ledger
    #: import and the consistency check (keys ``contracts.…``).
    date_order = (
        DateOrder("term_end", "term_start"),
        DateOrder("filed_on", "signed_on"),
        DateOrder("completed_on", "signed_on"),
        DateOrder("terminated_on", "signed_on"),
        DateOrder("disputed_on", "signed_on"),
        DateOrder("dispute_resolved_on", "disputed_on"),
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政协议"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["org", "signed_on"], name="decisions_contract_signed_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.review_required = self.requires_review()
        self.refresh_deadlines()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for field in ("filed_on", "completed_on", "terminated_on", "disputed_on"):
            if getattr(self, field) and not self.signed_on:
                errors[field] = f"填写了{self._meta.get_field(field).verbose_name}的，须填写签订日期。"
        if self.signed_on and self.org_id:
            problem = self.review_problem(self.signed_on)
            if problem:
                errors["legality_review"] = problem
        if errors:
            raise ValidationError(errors)

    # ---- rules ---------------------------------------------------------------------------------
    def _rule(self, key):
        from fazhi.core.rules import get_rule

        return get_rule(self.org, key)

    def threshold(self):
        return Decimal(self._rule("contract_review_threshold"))

    def requires_review(self):
        """Local rule ``contract_review_threshold``: a contract whose amount exceeds it is reviewed before signing."""
        return bool(self.org_id and self.amount is not None and self.amount > self.threshold())

    def review_problem(self, signed_on):
        """Why the contract may not be signed on ``signed_on`` (a Chinese message), or None: above the threshold
        it needs a legality review; any review it is linked to must have given its opinion by then, and not
        found it unlawful."""
        from fazhi.legality.choices import Conclusion

        review = self.legality_review if self.legality_review_id else None
        if review is None:
            if self.requires_review():
                return (f"合同金额{self.amount:,.2f}元，超过本地规定的{self.threshold():,.0f}元，"
                        "签订前须经合法性审查：请先关联已出具意见的合法性审查记录。")
            return None
        if not review.opinion_on:
            return f"合法性审查（{review.review_no}）尚未出具审查意见，不能签订。"
        if signed_on < review.opinion_on:
            return (f"签订日期（{signed_on:%Y-%m-%d}）早于合法性审查意见出具日期（{review.opinion_on:%Y-%m-%d}），"
                    "合同须在出具审查意见后签订。")
        if review.conclusion == Conclusion.UNLAWFUL:
            return f"合法性审查（{review.review_no}）的结论为“不合法”，不能签订。"
        return None

    def compute_filing_due(self):
        """Filing with the justice bureau: ``contract_filing_days`` calendar days from signing (the day of signing
        not counted; a last day on a holiday moves to the next working day, 民事诉讼法第八十五条)."""
        if not self.signed_on or not self.org_id:
            return None
        return due_date(self.signed_on, int(self._rule("contract_filing_days")), "calendar_days")

    def refresh_deadlines(self):
        self.filing_due = self.compute_filing_due()

    # ---- display -------------------------------------------------------------------------------
    @property
    def open_filing_due(self):
        """The filing deadline while the contract is signed and not yet filed."""
        return self.filing_due if self.state in SIGNED_STATES and not self.filed_on else None

    @property
    def days_left(self):
        due = self.open_filing_due
        return (due - timezone.localdate()).days if due else None

    @property
    def is_overdue(self):
        due = self.open_filing_due
        return due is not None and due < timezone.localdate()

    @property
    def next_due(self):
        return self.open_filing_due

    next_due_label = "合同备案"

    @property
    def filed_on_time(self):
        return bool(self.filed_on and self.filing_due and self.filed_on <= self.filing_due)

    @property
    def filing_text(self):
        """"已备案 03-05" / "备案期限 03-20（剩5天）" for lists."""
        if self.filed_on:
            return f"已备案 {self.filed_on:%Y-%m-%d}" + ("" if self.filed_on_time else "（逾期）")
        due = self.open_filing_due
        if not due:
            return ""
        left = self.days_left
        when = f"逾期{-left}天" if left < 0 else ("今日到期" if left == 0 else f"剩{left}天")
        return f"备案期限 {due:%m-%d}（{when}）"
