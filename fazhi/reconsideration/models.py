"""The reconsideration registry (行政复议案件) and its parties, clock stops and opinion letters."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from fazhi.core.dates import DateOrder
from fazhi.core.fields import BlindIndexField, DateField, EncryptedCharField
from fazhi.core.models import AbstractClockStop, DeadlineMixin, Org, RegistryModel, Side
from fazhi.core.periods import due_date
from fazhi.core.personal import ADDRESS, FREE_TEXT, ID_NUMBER, NAME, PHONE, PersonalFields, Rows

from .choices import (
    OPEN_STATES,
    AcceptanceKind,
    ActKind,
    Channel,
    LetterKind,
    Outcome,
    PartyKind,
    PartyRole,
    Procedure,
    SimplifiedReason,
    State,
    StopKind,
    TerminationReason,
)

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")
CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def validate_id_number(value):
    """居民身份证号: 18 characters, the last a GB 11643-1999 ISO 7064 MOD 11-2 check character."""
    if not value:
        return
    v = value.upper()
    if not ID_RE.match(v):
        raise ValidationError("身份证号应为18位，前17位为数字，最后一位为数字或X。")
    total = sum(int(c) * w for c, w in zip(v[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != v[17]:
        raise ValidationError("身份证号校验位不正确，请核对。")


class ManagementArea(models.Model):
    """管理领域 (公安、市场监管 …): a list every bureau can extend for its own subtree."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30)
    org = models.ForeignKey(Org, verbose_name="增设单位", null=True, blank=True, on_delete=models.CASCADE, help_text="为空则全系统通用。")
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "管理领域"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ReconsiderationCase(DeadlineMixin, RegistryModel):
    """One application for administrative reconsideration. ``org`` is the office that handles it (the
    county justice bureau as 行政复议机构). Deadlines are computed from the statutory period table and the
    clock stops, and stored (``next_due``, ``decision_due``) so that lists can sort and flag them in SQL."""

    case_no = models.CharField("案号", max_length=60, unique=True, editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
    received_on = DateField("收到申请日期", not_in_future=True)
    oral_record = models.TextField("口头申请笔录", blank=True, help_text="口头申请的，应当场记录申请人的基本情况、请求、主要事实、理由和时间（第二十二条）。")
    respondent_org = models.ForeignKey(Org, verbose_name="被申请人（本系统机构）", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    respondent_name = models.CharField("被申请人", max_length=100, blank=True, help_text="不在本系统机构树中的行政机关，填写全称。")
    act = models.CharField("被申请复议的行政行为", max_length=300)
    act_no = models.CharField("行政行为文书号", max_length=100, blank=True)
    act_kind = models.CharField("行政行为类别", max_length=30, choices=ActKind.choices)
    area = models.ForeignKey(ManagementArea, verbose_name="管理领域", null=True, blank=True, on_delete=models.PROTECT)
    amount = models.DecimalField("涉案金额（元）", max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0), "涉案金额不能为负数。")])
    requests = models.TextField("复议请求", blank=True)
    incidental_review = models.BooleanField("一并请求审查规范性文件", default=False)

    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.RECEIVED, db_index=True)
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices, blank=True)
    simplified_reason = models.CharField("适用简易程序理由", max_length=30, choices=SimplifiedReason.choices, blank=True)
    amendment_requested_on = DateField("补正通知日期", null=True, blank=True)
    amendment_received_on = DateField("收到补正材料日期", not_in_future=True, null=True, blank=True)
    accepted_on = DateField("受理日期", not_in_future=True, null=True, blank=True, db_index=True)
    acceptance_kind = models.CharField("受理方式", max_length=20, choices=AcceptanceKind.choices, blank=True)
    ended_before_acceptance_on = DateField("受理前办结日期", null=True, blank=True, help_text="不予受理、告知转送、受理前调撤或视为放弃的日期。", db_index=True)
    ended_reason = models.TextField("受理前办结理由", blank=True)
    redirected_to = models.CharField("告知（转送）的有权机关", max_length=100, blank=True)
    copy_sent_on = DateField("发送申请书副本日期", null=True, blank=True)
    reply_received_on = DateField("收到答复日期", not_in_future=True, null=True, blank=True)
    hearing_on = DateField("听证日期", null=True, blank=True)
    hearing_notice_on = DateField("听证通知日期", null=True, blank=True)
    committee_advice = models.TextField("行政复议委员会咨询意见", blank=True)
    extension_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_approved_by = models.CharField("延期批准人", max_length=50, blank=True)
    outcome = models.CharField("结案方式", max_length=30, choices=Outcome.choices, blank=True, db_index=True)
    termination_reason = models.CharField("终止原因", max_length=30, choices=TerminationReason.choices, blank=True)
    decision_no = models.CharField("决定书文号", max_length=100, blank=True)
    closed_on = DateField("审结日期", null=True, blank=True, db_index=True, help_text="作出复议决定、调解书或终止决定的日期。")
    served_on = DateField("送达日期", null=True, blank=True)
    archived_on = DateField("归档日期", null=True, blank=True)
    decision_due = models.DateField("决定期限", null=True, blank=True, editable=False)
    next_due = models.DateField("下一期限", null=True, blank=True, editable=False, db_index=True)
    next_due_label = models.CharField("下一期限事项", max_length=60, blank=True, editable=False)

    year_field = "received_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the ledger import and
    #: the consistency check.
    date_order = (
        DateOrder("amendment_requested_on", "received_on"),
        DateOrder("amendment_received_on", "amendment_requested_on"),
        DateOrder("ended_before_acceptance_on", "received_on"),
        DateOrder("accepted_on", "received_on"),
        DateOrder("copy_sent_on", "accepted_on"),
        DateOrder("reply_received_on", "copy_sent_on"),
        DateOrder("closed_on", "accepted_on"),
        DateOrder("closed_on", "received_on"),
        DateOrder("served_on", "closed_on"),
        DateOrder("archived_on", "served_on"),
    )
    #: The oral application's record, and the applicants' data the list, the detail page and the ledger show
    #: (each party masked by :class:`Party`'s own declaration: an organisation's name is not).
    personal = PersonalFields(
        oral_record=FREE_TEXT,
        applicant_name=Rows("parties", "name", where={"role": PartyRole.APPLICANT}),
        applicant_id_number=Rows("parties", "id_number", where={"role": PartyRole.APPLICANT}),
        applicant_phone=Rows("parties", "phone", where={"role": PartyRole.APPLICANT}),
    )
    #: The respondent (when it is a unit of the tree) sees the case, its deadlines and its reply, and files its
    #: written reply (第四十八条); the applicants' personal information stays masked for it.
    sides = (Side("respondent_org", "被申请人", transitions=("submit_reply",)),)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org", "received_on"], name="recon_org_received_idx"),
            models.Index(fields=["org", "closed_on"], name="recon_org_closed_idx"),
            # The list page's order, and under its state filter: a deep page walks an index (docs/performance.md).
            models.Index(fields=["received_on", "id"], name="recon_list_idx"),
            models.Index(fields=["state", "received_on", "id"], name="recon_state_list_idx"),
        ]

    def __str__(self):
        return f"{self.case_no} {self.act[:30]}"

    def save(self, *args, **kwargs):
        if not self.case_no:
            from fazhi.core.numbering import allocate

            year = self.received_on.year
            n = allocate(f"{self.org.code}:reconsideration", year)
            prefix = self.org.short_name or self.org.code
            self.case_no = f"{prefix}复〔{year}〕{n}号"
        if self.respondent_org_id and not self.respondent_name:
            self.respondent_name = self.respondent_org.name
        self.refresh_deadlines()
        super().save(*args, **kwargs)

    def clean(self):
        if not self.respondent_org_id and not self.respondent_name:
            raise ValidationError({"respondent_name": "请选择或填写被申请人。"})
        if self.channel == Channel.ORAL and not self.oral_record and not self.pk:
            raise ValidationError({"oral_record": "口头申请的，应当场制作笔录（行政复议法第二十二条）。"})

    # ---- deadlines ---------------------------------------------------------------------------------
    def stops(self, kind):
        """Clock stops of ``kind`` as (start, end) pairs; an open stop has end None."""
        if not self.pk:
            return []
        return [(s.start, s.end) for s in self.clock_stops.all() if s.kind == kind]

    def acceptance_due(self):
        """行政复议法 Art. 30: 5 working days from receipt — or from receipt of the supplement (Art. 31)."""
        start = self.amendment_received_on or self.received_on
        return due_date(start, period="reconsideration.acceptance")

    def amendment_due(self):
        """Art. 31 ¶2: the applicant supplements within 10 working days of the notice."""
        if not self.amendment_requested_on:
            return None
        return due_date(self.amendment_requested_on, period="reconsideration.amendment_supplement")

    def compute_decision_due(self):
        """Art. 62: 60 days (ordinary) or 30 days (simplified) from acceptance; suspensions move it; an
        approved extension adds at most 30 days to the original limit."""
        if not self.accepted_on:
            return None
        key = "reconsideration.decision_simplified" if self.procedure == Procedure.SIMPLIFIED else "reconsideration.decision_ordinary"
        due = due_date(self.accepted_on, period=key, stops=self.stops(StopKind.SUSPENSION))
        if due is not None and self.extension_days:
            due = due_date(due, self.extension_days, "calendar_days")
        return due

    def deadlines(self):
        """The open statutory deadlines now: [(label, date)], soonest first."""
        out = []
        if self.state == State.RECEIVED:
            out.append(("受理审查期限", self.acceptance_due()))
        elif self.state == State.AMENDMENT:
            out.append(("补正期限", self.amendment_due()))
        elif self.state in (State.ACCEPTED, State.SUSPENDED):
            simplified = self.procedure == Procedure.SIMPLIFIED
            if not self.copy_sent_on:
                out.append(("发送申请书副本", due_date(self.accepted_on, period="reconsideration.copy_simplified" if simplified else "reconsideration.copy_ordinary")))
            elif not self.reply_received_on:
                out.append(("被申请人答复", due_date(self.copy_sent_on, period="reconsideration.reply_simplified" if simplified else "reconsideration.reply_ordinary")))
            if self.state == State.ACCEPTED:
                out.append(("作出复议决定", self.decision_due))
        if self.pk and self.state in (State.DECIDED, State.SERVED, State.ARCHIVED, State.ACCEPTED):
            for letter in self.letters.all():
                if not letter.replied_on:
                    out.append((f"{letter.get_kind_display()}反馈", letter.reply_due))
        return sorted([(label, d) for label, d in out if d is not None], key=lambda x: x[1])

    def current_due(self):
        return self.next_due

    def current_due_label(self):
        return self.next_due_label

    def refresh_deadlines(self):
        """Recompute the stored deadlines (called on every save and by every transition)."""
        self.decision_due = self.compute_decision_due()
        # Archived cases too: an opinion letter's 60-day feedback (Art. 76) usually outlives the file.
        items = self.deadlines() if self.state in OPEN_STATES or self.state in (State.DECIDED, State.SERVED, State.ARCHIVED) else []
        self.next_due, self.next_due_label = items[0][1] if items else None, items[0][0] if items else ""

    @property
    def closed_on_time(self):
        return bool(self.closed_on and self.decision_due and self.closed_on <= self.decision_due)


class Party(models.Model):
    """An applicant, agent or third party. A natural person's name, and any party's ID number, phone and address,
    are personal information; the last three are stored SM4-encrypted, and the ID number can be found by its
    blind index. An organisation's name and credit code are not personal information."""

    case = models.ForeignKey(ReconsiderationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("身份", max_length=20, choices=PartyRole.choices, default=PartyRole.APPLICANT)
    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField("姓名或名称", max_length=100)
    id_number = EncryptedCharField("身份证号", max_length=18, blank=True, validators=[validate_id_number])
    id_number_index = BlindIndexField("身份证号索引", source="id_number")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    phone = EncryptedCharField("联系电话", max_length=20, blank=True)
    address = EncryptedCharField("住址", max_length=200, blank=True)
    history = HistoricalRecords()

    personal = PersonalFields(name=NAME, id_number=ID_NUMBER, phone=PHONE, address=ADDRESS,
                              natural_person={"kind": PartyKind.PERSON}, natural_person_only={"name"})

    class Meta:
        verbose_name = verbose_name_plural = "当事人"
        ordering = ["role", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"

    def clean(self):
        if self.credit_code and not CREDIT_RE.match(self.credit_code.upper()):
            raise ValidationError({"credit_code": "统一社会信用代码应为18位。"})


class ClockStop(AbstractClockStop):
    """补正 or 中止 of a case (:class:`fazhi.core.models.AbstractClockStop`)."""

    case = models.ForeignKey(ReconsiderationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="clock_stops")
    kind = models.CharField("类型", max_length=20, choices=StopKind.choices)
    reason = models.CharField("事由", max_length=200, blank=True)

    class Meta(AbstractClockStop.Meta):
        verbose_name = verbose_name_plural = "期限中止"


class OpinionLetter(models.Model):
    """行政复议意见书/建议书 (Art. 76): the recipient reports within 60 days."""

    case = models.ForeignKey(ReconsiderationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("类型", max_length=20, choices=LetterKind.choices, default=LetterKind.OPINION)
    issued_on = DateField("制发日期")
    to_org = models.ForeignKey(Org, verbose_name="送达单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_name = models.CharField("送达单位名称", max_length=100, blank=True)
    content = models.TextField("主要内容", blank=True)
    reply_due = models.DateField("反馈期限", null=True, blank=True, editable=False)
    replied_on = DateField("反馈日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "意见书和建议书"
        ordering = ["issued_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.issued_on}"

    def save(self, *args, **kwargs):
        self.reply_due = due_date(self.issued_on, period="reconsideration.opinion_letter_followup")
        super().save(*args, **kwargs)
