"""The work ledger (工作台账): measures, rules issued, meetings, campaigns, trainings, honours, pilots,
leaders' 述法 and first-responsible-person duties, recorded as they happen.

The ledger is what part one (主要举措和成效) and part three (党政主要负责人履行推进法治建设第一责任人职责情况)
of the annual report (督察工作规定 Art. 24–25, DOMAIN.md §4) are written from. Figures that the indicator
engine computes from the registries (reconsideration, litigation, …) do not belong here: the report takes
those from the engine."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from fazhi.core.fields import DateField
from fazhi.core.models import RegistryModel

from .choices import LEADER_KINDS, EntryKind, ReportSection


class LedgerEntry(RegistryModel):
    """One thing a unit did that belongs in its annual report. ``text`` is the sentence or paragraph the report
    draft may use as is; figures carry their own units and are cited with the entry as their source.

    An entry of the leaders' kinds (述法, 第一责任人履职) belongs to the report's part three and names the
    leader; so does every entry filed under that part."""

    happened_on = DateField("日期")
    section = models.CharField("报告部分", max_length=30, choices=ReportSection.choices)
    kind = models.CharField("类型", max_length=30, choices=EntryKind.choices, default=EntryKind.MEASURE)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", help_text="写成可直接用于年度报告的句子，如：“制定《…》，明确…”。")
    leader = models.CharField("领导姓名及职务", max_length=100, blank=True, help_text="述法、第一责任人履职时填写，如：县长 周建明。")
    highlight = models.BooleanField("亮点", default=False, help_text="亮点工作在报告中优先列出。")

    year_field = "happened_on"

    class Meta:
        verbose_name = verbose_name_plural = "工作台账"
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["org", "happened_on"], name="ledger_org_date_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.happened_on and self.happened_on > timezone.localdate():
            errors["happened_on"] = "台账记录已经发生的工作，日期不能晚于今天。"
        leaders_entry = self.kind in LEADER_KINDS
        if leaders_entry and self.section and self.section != ReportSection.PRINCIPAL_DUTY:
            errors["section"] = f"述法和第一责任人履职应归入“{ReportSection.PRINCIPAL_DUTY.label}”。"
        if (leaders_entry or self.section == ReportSection.PRINCIPAL_DUTY) and not self.leader.strip():
            errors["leader"] = "述法和第一责任人履职须填写领导姓名及职务。"
        if errors:
            raise ValidationError(errors)

    def figures_summary(self):
        """The figures in one line (“举办法治讲座129场；发放资料35万余份”); uses prefetched figures."""
        return "；".join(str(f) for f in self.figures.all())

    def highlight_mark(self):
        return "★" if self.highlight else ""


class LedgerFigure(models.Model):
    """A figure an entry reports (e.g. 开展法治讲座 129 场): label, value and unit, with the entry as its source.
    ``approximate`` marks a lower bound written with 余/多 (“发放普法资料35万余份”)."""

    entry = models.ForeignKey(LedgerEntry, verbose_name="台账", on_delete=models.CASCADE, related_name="figures")
    label = models.CharField("指标", max_length=100)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2, validators=[MinValueValidator(0, "数值不能为负数。")])
    unit = models.CharField("单位", max_length=10, help_text="如：场、人次、件、万元。")
    approximate = models.BooleanField("约数（余、多）", default=False, help_text="如“35万余份”：数值为下限。")

    class Meta:
        verbose_name = verbose_name_plural = "台账数据"
        ordering = ["id"]

    def __str__(self):
        return f"{self.label}{self.display()}"

    def number(self):
        """The value as written in a report: no trailing zeros (129, 23239.69, 0.5)."""
        text = f"{self.value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def display(self):
        """Value and unit as a report writes them: 129场, 35万余份 (余 after 万/亿), 30余人次."""
        marker = "余" if self.approximate else ""
        unit = self.unit
        if marker and unit[:1] in ("万", "亿"):
            return f"{self.number()}{unit[0]}{marker}{unit[1:]}"
        return f"{self.number()}{marker}{unit}"


# ---------------------------------------------------------------- attachments

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: extension -> the first bytes every such file starts with (the content must match the extension).
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
ALLOWED_TYPES_TEXT = "PDF、Word（doc、docx）、Excel（xls、xlsx）或 JPG、PNG 图片"


def validate_attachment(file):
    """Attachments are documents and photos a report cites: at most 20 MB, of the allowed types, and the
    content must be what the extension says (a renamed executable is refused). A file already stored was
    checked when it was uploaded."""
    if getattr(file, "_committed", False):
        return
    ext = Path(file.name or "").suffix.lower()
    if ext not in ATTACHMENT_SIGNATURES:
        raise ValidationError(f"不支持“{ext or '无扩展名'}”格式的文件，只能上传{ALLOWED_TYPES_TEXT}文件。")
    size = getattr(file, "size", 0) or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件不能超过20MB（该文件为{size / 1024 / 1024:.1f}MB），请压缩或拆分后上传。")
    if size == 0:
        raise ValidationError("文件是空的，请重新选择。")
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(pos)
    if not any(head.startswith(sig) for sig in ATTACHMENT_SIGNATURES[ext]):
        raise ValidationError(f"文件内容与扩展名“{ext}”不符，只能上传{ALLOWED_TYPES_TEXT}文件。")


def attachment_path(instance, filename):
    """Stored under a random name (the original name is kept in ``name``): nothing about a file can be
    guessed from its path, and two files of the same name never collide. Never served as a MEDIA url —
    only through the scoped download view."""
    return f"ledger/{instance.entry.org.code}/{instance.entry_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class LedgerAttachment(models.Model):
    """A document or photo behind an entry (the rule issued, the meeting minutes, the certificate)."""

    entry = models.ForeignKey(LedgerEntry, verbose_name="台账", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path, max_length=200, validators=[validate_attachment])
    name = models.CharField("名称", max_length=200, blank=True, help_text="不填则用文件名。")
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账附件"
        ordering = ["id"]

    def __str__(self):
        return self.name or Path(self.file.name).name

    def save(self, *args, **kwargs):
        """A new upload records its size, and its file name when no name was given."""
        upload = self.file and not getattr(self.file, "_committed", True)
        if upload:
            self.size = self.file.size
            if not self.name:
                self.name = Path(self.file.name).stem[:200]
        super().save(*args, **kwargs)

    @property
    def extension(self):
        return Path(self.file.name).suffix.lower()

    def download_name(self):
        """The file name a download gets: the name given, with the file's extension."""
        name = self.name or "附件"
        return name if name.lower().endswith(self.extension) else f"{name}{self.extension}"

    def size_display(self):
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


@receiver(post_delete, sender=LedgerAttachment)
def _delete_attachment_file(sender, instance, **kwargs):
    """An attachment removed (or its entry deleted) takes its file with it, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
