"""Annual reports (法治政府建设年度报告): a unit's draft for a year, made of ordered blocks whose text holds live
references to indicators, and the frozen versions that never change.

* :class:`ReportDraft` — one per org and year; a registry row (data scope, field history).
* :class:`ReportBlock` — a heading or a paragraph of the draft, in order. Its ``text`` may hold references
  such as ``{{key}}`` or ``{{key|yoy}}`` (see ``tokens.py``); they are evaluated whenever the draft is
  rendered, so the draft always shows today's figures.
* :class:`FrozenReport` — a snapshot taken when the report is 定稿: the rendered text, every number with
  its definition, and a SHA-256 hash of both. It has no update path (DESIGN.md §4.6): saving an existing
  row, deleting one, or ``QuerySet.update()``/``delete()`` raise :class:`FrozenReportImmutable`.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from fazhi.core.choices import OrgKind
from fazhi.core.fields import DateField
from fazhi.core.models import RegistryModel

from .choices import BlockLevel, ReportPart

#: Units that publish an annual report: the county government, its departments (the justice bureau is one)
#: and the townships (督察工作规定 Art. 24; DOMAIN.md §4).
REPORTING_KINDS = (OrgKind.GOVERNMENT, OrgKind.BUREAU, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP)


class ReportDraft(RegistryModel):
    """The draft of one unit's annual report for one year. ``org`` is the reporting unit; what the report
    counts follows from its kind (``builder.report_scope``): the county government its whole subtree, a
    department or township its own records."""

    year = models.PositiveSmallIntegerField("报告年度")
    title = models.CharField("标题", max_length=200)
    addressee = models.CharField("主送机关", max_length=200, blank=True, help_text="如：示范市人民政府。公开发布的报告可不写。")
    issuer = models.CharField("发文机关署名", max_length=100)
    issue_date = DateField("成文日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="report_draft_org_year_unique")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.org_id and self.org.kind not in REPORTING_KINDS:
            raise ValidationError({"org": "只有县政府、县直部门和乡镇（街道）编写法治政府建设年度报告。"})

    def latest_frozen(self):
        return self.frozen_versions.order_by("-version").first()


class ReportBlock(models.Model):
    """A heading or a paragraph of a draft. ``text`` is prose with indicator references (``tokens.py``);
    ``source`` names where the builder took it from (``<app>.<model>:<pk>`` for a record it lists, ``indicator:…``,
    ``suggestion:…``), empty for text a person wrote."""

    draft = models.ForeignKey(ReportDraft, verbose_name="报告", on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField("顺序")
    part = models.CharField("部分", max_length=20, choices=ReportPart.choices)
    section = models.CharField("专题", max_length=30, blank=True, help_text="第一部分的专题（工作台账的报告部分）。")
    level = models.CharField("层级", max_length=20, choices=BlockLevel.choices, default=BlockLevel.PARAGRAPH)
    text = models.TextField("内容", blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "报告段落"
        ordering = ["draft", "position"]
        indexes = [models.Index(fields=["draft", "position"], name="report_block_order_idx")]

    def __str__(self):
        return self.text[:40]


class FrozenReportImmutable(Exception):
    """Raised on any attempt to change or delete a frozen report."""


class FrozenReportQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenReportImmutable("已定稿的报告不能修改；如需更正，请修改草稿后重新定稿（生成新版本）。")

    def delete(self):
        raise FrozenReportImmutable("已定稿的报告不能删除。")

    def purge(self):
        """Delete for real: only for removing a whole demo county (``fazhi demo --reset``), never a unit's report."""
        return models.QuerySet.delete(self)


class FrozenReport(models.Model):
    """An immutable snapshot of a draft (定稿). Re-freezing makes a new ``version``; the old ones stay.

    ``blocks``: ``[{"part", "section", "level", "source", "template", "text"}]`` — the token text and the text
    as rendered. ``numbers``: ``[{"key", "label", "kind", "unit", "value", "display", "definition",
    "numerator", "denominator", "numerator_keys", "denominator_keys", "decimals", "rounding", "records",
    "previous", "previous_display", "change", "previous_source", "baseline_source"}]`` — one per indicator
    referenced. ``content_hash`` is the SHA-256 of :meth:`canonical` (title, header, blocks, numbers, scope)."""

    draft = models.ForeignKey(ReportDraft, verbose_name="报告", on_delete=models.PROTECT, related_name="frozen_versions")
    org = models.ForeignKey("core.Org", verbose_name="报告单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("报告年度")
    version = models.PositiveSmallIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    addressee = models.CharField("主送机关", max_length=200, blank=True)
    issuer = models.CharField("发文机关署名", max_length=100)
    issue_date = DateField("成文日期")
    scope = models.JSONField("统计范围", default=dict, help_text="机构、是否含下级、统计期间和指标口径。")
    blocks = models.JSONField("段落", default=list)
    text = models.TextField("报告全文")
    numbers = models.JSONField("数据", default=list)
    content_hash = models.CharField("内容哈希（SHA-256）", max_length=64, db_index=True)
    frozen_at = models.DateTimeField("定稿时间")
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="定稿人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    frozen_by_name = models.CharField("定稿人姓名", max_length=100, blank=True)

    objects = FrozenReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已定稿年度报告"
        ordering = ["draft", "-version"]
        constraints = [models.UniqueConstraint(fields=["draft", "version"], name="frozen_report_version_unique")]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenReportImmutable("已定稿的报告不能修改；如需更正，请修改草稿后重新定稿（生成新版本）。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenReportImmutable("已定稿的报告不能删除。")

    # ---- the content hash ------------------------------------------------------------------------
    @staticmethod
    def canonical_payload(*, org_code, year, title, addressee, issuer, issue_date, scope, blocks, numbers):
        """The content that the hash covers, as a plain dict (dates as ISO strings)."""
        return {
            "org": org_code,
            "year": year,
            "title": title,
            "addressee": addressee,
            "issuer": issuer,
            "issue_date": issue_date.isoformat() if hasattr(issue_date, "isoformat") else issue_date,
            "scope": scope,
            "blocks": blocks,
            "numbers": numbers,
        }

    @staticmethod
    def canonical_json(payload):
        """Canonical JSON: keys sorted, no insignificant whitespace, UTF-8 characters as themselves."""
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def hash_of(cls, payload):
        return hashlib.sha256(cls.canonical_json(payload).encode("utf-8")).hexdigest()

    def canonical(self):
        return self.canonical_payload(org_code=self.scope.get("org"), year=self.year, title=self.title, addressee=self.addressee,
                                      issuer=self.issuer, issue_date=self.issue_date, scope=self.scope, blocks=self.blocks,
                                      numbers=self.numbers)

    def verify(self):
        """True when the stored content still hashes to ``content_hash`` (nothing was changed behind the ORM)."""
        return self.hash_of(self.canonical()) == self.content_hash

    def number(self, key):
        return next((n for n in self.numbers if n["key"] == key), None)
