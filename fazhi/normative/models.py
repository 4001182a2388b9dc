"""The normative document registry (行政规范性文件): drafting, legality review, deliberation, unified
registration and numbering (三统一), publication, filing (备案) and validity; and cleanup campaigns (清理).

``NormativeDocument.org`` is the drafting unit (起草单位); ``issuer`` is the government or department in
whose name the document is issued (制定机关). Its unified number (统一编号, e.g. 浦政规〔2021〕3号) is allocated
by the system at registration from the issuer's sequence of the year, never typed and never reused."""

import calendar
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.choices import OrgKind
from fazhi.core.dates import DateOrder
from fazhi.core.fields import DateField
from fazhi.core.models import ChildQuerySet, Org, RegistryModel
from fazhi.core.periods import due_date

from .choices import IN_FORCE, Authority, CampaignState, Disposition, FilingOutcome, State, Status

#: 公开征求意见的期限一般不少于30日 (国办发〔2018〕37号 as restated locally; cf. 条例第十五条 for major decisions).
MIN_CONSULTATION_DAYS = 30
NUMBER_RE = re.compile(r"^(?P<prefix>.+)规〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


def add_months(d, n):
    """The same day ``n`` months later (earlier for negative ``n``); the month's last day when that day does
    not exist (《民法典》第二百零二条)."""
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def format_number(issuer, year, serial):
    """统一编号: issuer short name + 规 + 〔year〕 + serial (no leading zeros) + 号, e.g. 浦政规〔2021〕3号."""
    return f"{issuer.short_name}规〔{year}〕{serial}号"


def in_force_q(on, prefix=""):
    """Documents in force on ``on``: published by then, not repealed, declared invalid or expired by then,
    and within their validity period."""
    p = prefix
    return (
        Q(**{f"{p}state": State.PUBLISHED, f"{p}published_on__lte": on})
        & (Q(**{f"{p}ended_on__isnull": True}) | Q(**{f"{p}ended_on__gt": on}))
        & (Q(**{f"{p}expires_on__isnull": True}) | Q(**{f"{p}expires_on__gte": on}))
    )


class NormativeDocument(RegistryModel):
    """One administrative normative document, from draft to its end. Filing deadlines are local rules
    (``normative_filing_days``, 30 calendar days by default, rolled off holidays); validity is
    ``normative_validity_years`` (5) or, for 暂行/试行 documents, ``normative_interim_validity_years`` (2)."""

    title = models.CharField("文件名称", max_length=200)
    issuer = models.ForeignKey(Org, verbose_name="制定机关", on_delete=models.PROTECT, related_name="+")
    interim = models.BooleanField("暂行或试行", default=False, help_text="标题含“暂行”“试行”的自动勾选；有效期按暂行、试行文件计算。")
    issuing_no = models.CharField("发文字号", max_length=60, blank=True, help_text="制定机关自身的发文字号，如 示政发〔2024〕12号。")
    legal_basis = models.TextField("制定依据", blank=True)
    summary = models.TextField("主要内容", blank=True)
    consultation_start = DateField("公开征求意见开始日期", null=True, blank=True)
    consultation_end = DateField("公开征求意见截止日期", null=True, blank=True)
    consultation_note = models.TextField("征求意见情况说明", blank=True,
                                         help_text="征求意见期限少于30日或未公开征求意见的，须说明理由。")
    legality_review = models.ForeignKey("legality.ReviewRequest", verbose_name="合法性审查", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="normative_documents")
    deliberation_meeting = models.CharField("集体审议会议", max_length=100, blank=True, help_text="如：县政府第12次常务会议。")
    deliberated_on = DateField("审议日期", null=True, blank=True)

    state = models.CharField("办理状态", max_length=20, choices=State.choices, default=State.DRAFTING, db_index=True)
    registered_on = DateField("登记日期", null=True, blank=True)
    number_year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True, editable=False)
    number_serial = models.PositiveIntegerField("编号序号", null=True, blank=True, editable=False)
    document_no = models.CharField("统一编号", max_length=60, null=True, blank=True, unique=True, editable=False)
    published_on = DateField("公布日期", null=True, blank=True, db_index=True)
    publication_medium = models.CharField("公布载体", max_length=100, blank=True, help_text="政府公报、政府网站等。")
    effective_on = DateField("施行日期", null=True, blank=True)
    validity_years = models.PositiveSmallIntegerField("有效期（年）", null=True, blank=True)
    expires_on = models.DateField("有效期届满日期", null=True, blank=True, editable=False, db_index=True)
    status = models.CharField("效力状态", max_length=20, choices=Status.choices, blank=True, db_index=True)
    ended_on = DateField("失效日期", null=True, blank=True, help_text="废止、宣布失效或有效期届满后失效之日。")
    status_note = models.CharField("效力状态依据", max_length=200, blank=True)
    filed_on = models.DateField("备案完成日期", null=True, blank=True, editable=False,
                                help_text="各备案机关均已报送时，最后一次报送的日期。")
    filed_on_time = models.BooleanField("按时报备", null=True, blank=True, editable=False)

    year_field = "published_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the ledger import and
    #: the consistency check. (The consultation's own period is checked in ``clean()`` with its length.)
    date_order = (
        DateOrder("registered_on", "deliberated_on"),
        DateOrder("published_on", "registered_on"),
        DateOrder("effective_on", "published_on"),
        DateOrder("ended_on", "published_on"),
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政规范性文件"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["issuer", "published_on"], name="normative_issuer_pub_idx"),
            models.Index(fields=["org", "published_on"], name="normative_org_pub_idx"),
            # The list page's order, and under its state filter: a deep page walks an index (docs/performance.md).
            models.Index(fields=["published_on", "id"], name="normative_list_idx"),
            models.Index(fields=["state", "published_on", "id"], name="normative_state_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number_year", "number_serial"], name="normative_number_unique",
                                    condition=Q(number_serial__isnull=False)),
        ]

    def __str__(self):
        return f"{self.document_no}《{self.title}》" if self.document_no else f"《{self.title}》"

    def save(self, *args, **kwargs):
        if self.title and ("暂行" in self.title or "试行" in self.title):
            self.interim = True
        self.expires_on = self.compute_expiry()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.consultation_start and self.consultation_end:
            if self.consultation_end < self.consultation_start:
                errors["consultation_end"] = "征求意见截止日期不能早于开始日期。"
            elif self.consultation_days() < MIN_CONSULTATION_DAYS and not self.consultation_note.strip():
                errors["consultation_note"] = (
                    f"公开征求意见的期限一般不少于{MIN_CONSULTATION_DAYS}日，本件仅{self.consultation_days()}日；少于30日的，须说明理由。"
                )
        elif bool(self.consultation_start) != bool(self.consultation_end):
            errors["consultation_end"] = "请同时填写征求意见的开始和截止日期。"
        if self.issuer_id and self.org_id and not self.issuer_allowed(self.org, self.issuer):
            errors["issuer"] = "制定机关应为起草单位本身或其所属的人民政府。"
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def issuer_allowed(drafting, issuer):
        """A document is issued by its drafting unit or by a government above it."""
        if issuer.pk == drafting.pk:
            return True
        return issuer.kind == OrgKind.GOVERNMENT and drafting.path.startswith(issuer.path)

    def consultation_days(self):
        """Length of the public consultation in days (the first day not counted, as for every period)."""
        if not (self.consultation_start and self.consultation_end):
            return None
        return (self.consultation_end - self.consultation_start).days

    # ---- validity ------------------------------------------------------------------------------------
    def default_validity_years(self):
        from fazhi.core.rules import get_rule

        return get_rule(self.issuer, "normative_interim_validity_years" if self.interim else "normative_validity_years")

    def compute_expiry(self):
        """The last day of validity: ``validity_years`` years from the effective date, that day not included
        (effective 2024-03-01, 5 years → 2029-02-28)."""
        start = self.effective_on or self.published_on
        if not start or not self.validity_years:
            return None
        return add_months(start, 12 * self.validity_years) - timedelta(days=1)

    @property
    def expiry_warning_on(self):
        """Six months before expiry: the document must be evaluated (amended, repealed or kept) by then."""
        return add_months(self.expires_on, -6) if self.expires_on else None

    def in_force(self, on=None):
        on = on or timezone.localdate()
        return (
            self.state == State.PUBLISHED and self.published_on is not None and self.published_on <= on
            and (self.ended_on is None or self.ended_on > on) and (self.expires_on is None or self.expires_on >= on)
        )

    # ---- filing ----------------------------------------------------------------------------------------
    def filing_authorities(self):
        """[(authority, name)] where this document must be filed, by the issuer's level."""
        issuer = self.issuer
        parent = issuer.parent
        if issuer.kind == OrgKind.GOVERNMENT:
            county = issuer.name.removesuffix("人民政府")
            out = [(Authority.SUPERIOR_GOVERNMENT, _government_name(parent) if parent else "上一级人民政府")]
            out.append((Authority.CONGRESS, f"{county}人大常委会"))
            return out
        government = parent if parent is not None and parent.kind == OrgKind.GOVERNMENT else None
        name = _government_name(government) if government else "本级人民政府"
        if issuer.kind == OrgKind.TOWNSHIP:
            return [(Authority.SUPERIOR_GOVERNMENT, name)]
        return [(Authority.SAME_LEVEL_GOVERNMENT, name)]

    def refresh_filing(self):
        """The document is filed when every filing it needs has been submitted; on time when each was."""
        filings = list(self.filings.all()) if self.pk else []
        if filings and all(f.submitted_on for f in filings):
            self.filed_on = max(f.submitted_on for f in filings)
            self.filed_on_time = all(f.on_time for f in filings)
        else:
            self.filed_on, self.filed_on_time = None, None

    def refresh_deadlines(self):
        self.expires_on = self.compute_expiry()


def _government_name(org):
    if org is None:
        return ""
    return org.name if org.name.endswith("政府") else f"{org.name}人民政府"


class FilingRecord(models.Model):
    """One filing (备案) of a published document with one authority: due ``normative_filing_days`` calendar
    days from publication (local rule, 30 by default; the last day rolls to the next working day, 《民事诉讼法》
    第八十五条), the date submitted, whether on time, and the authority's outcome."""

    document = models.ForeignKey(NormativeDocument, verbose_name="规范性文件", on_delete=models.CASCADE, related_name="filings")
    authority = models.CharField("备案机关类别", max_length=30, choices=Authority.choices)
    authority_name = models.CharField("备案机关", max_length=100)
    due_on = models.DateField("报备期限", editable=False)
    submitted_on = DateField("报送日期", null=True, blank=True)
    on_time = models.BooleanField("按时报送", null=True, blank=True, editable=False)
    outcome = models.CharField("备案审查结果", max_length=30, choices=FilingOutcome.choices, blank=True)
    outcome_on = DateField("审查结果日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ChildQuerySet.as_manager()
    scope_parent = "document"  # visible with its document

    class Meta:
        verbose_name = verbose_name_plural = "备案"
        ordering = ["document", "authority"]
        constraints = [models.UniqueConstraint(fields=["document", "authority"], name="normative_filing_unique")]

    def __str__(self):
        return f"报{self.authority_name}备案"

    def save(self, *args, **kwargs):
        if not self.due_on:
            self.due_on = self.compute_due()
        self.on_time = (self.submitted_on <= self.due_on) if self.submitted_on else None
        super().save(*args, **kwargs)

    def compute_due(self):
        from fazhi.core.rules import get_rule

        return due_date(self.document.published_on, get_rule(self.document.issuer, "normative_filing_days"), "calendar_days")


class CleanupCampaign(RegistryModel):
    """A cleanup (清理) of the normative documents issued within ``scope_org`` and below: documents are
    selected by rule, each gets a disposition, and applying the campaign changes their status at once and
    publishes the list of documents still in force."""

    name = models.CharField("清理名称", max_length=100)
    scope_org = models.ForeignKey(Org, verbose_name="清理范围（含下级）", on_delete=models.PROTECT, related_name="+")
    started_on = DateField("开始日期")
    state = models.CharField("状态", max_length=20, choices=CampaignState.choices, default=CampaignState.OPEN, db_index=True)
    applied_on = DateField("公布清理结果日期", null=True, blank=True, db_index=True)
    criteria = models.TextField("选取规则", blank=True, editable=False)
    note = models.TextField("说明", blank=True)

    year_field = "started_on"
    date_order = (DateOrder("applied_on", "started_on"),)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.name


class CleanupItem(models.Model):
    """One document in a cleanup, with the reason it was selected and its disposition."""

    campaign = models.ForeignKey(CleanupCampaign, verbose_name="清理", on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(NormativeDocument, verbose_name="规范性文件", on_delete=models.PROTECT, related_name="cleanup_items")
    reason = models.CharField("选取理由", max_length=200, blank=True)
    disposition = models.CharField("清理结果", max_length=20, choices=Disposition.choices, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ChildQuerySet.as_manager()
    scope_parent = "campaign"  # visible with its cleanup

    class Meta:
        verbose_name = verbose_name_plural = "清理文件"
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="normative_cleanup_item_unique")]

    def __str__(self):
        return f"{self.document}：{self.get_disposition_display() or '待定'}"


__all__ = ["IN_FORCE", "NUMBER_RE", "NormativeDocument", "FilingRecord", "CleanupCampaign", "CleanupItem", "in_force_q", "add_months",
           "format_number", "Status", "Disposition"]
