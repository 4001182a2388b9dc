"""Forms of the work ledger: the entry, its figures and attachments (each a formset on a page of its own),
and the Excel row (the entry with up to ``MAX_FIGURES`` figures in 数据N名称/数据N数值/数据N单位 columns)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils import timezone

from fazhi.core.forms import RegistryForm, RowForm

from .models import LedgerAttachment, LedgerEntry, LedgerFigure

MAX_FIGURES = 10  # per entry: a paragraph of a report rarely cites more


class LedgerEntryForm(RegistryForm):
    class Meta:
        model = LedgerEntry
        fields = ["org", "happened_on", "section", "kind", "title", "text", "leader", "highlight"]
        labels = {"org": "单位"}  # as on the list, the detail page and the Excel sheet
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.fields["happened_on"].initial = timezone.localdate()


# ---------------------------------------------------------------- figures


class FigureFormSetBase(BaseInlineFormSet):
    """All rows or none (the generic inline view saves only a valid formset); a label may appear once."""

    default_error_messages = {"too_many_forms": f"每条台账最多填写{MAX_FIGURES}项数据。"}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            label = (form.cleaned_data.get("label") or "").strip()
            if label in seen:
                form.add_error("label", f"“{label}”已填写过一次。")
            seen.add(label)


class LedgerFigureForm(RowForm):
    class Meta:
        model = LedgerFigure
        fields = ["label", "value", "unit", "approximate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value"] = self.instance.number()  # 142, not 142.00


LedgerFigureFormSet = inlineformset_factory(
    LedgerEntry, LedgerFigure, form=LedgerFigureForm, formset=FigureFormSetBase,
    extra=3, max_num=MAX_FIGURES, validate_max=True,
)


# ---------------------------------------------------------------- attachments


class _ScopedFile:
    """What the file input shows for a stored attachment: its name, linked to the scoped download view
    (never the storage's own url, which is not served)."""

    def __init__(self, attachment):
        self.url = reverse("oversight:ledgerentry_attachment", args=[attachment.entry_id, attachment.pk])
        self._name = attachment.download_name()

    def __str__(self):
        return self._name


class AttachmentInput(forms.ClearableFileInput):
    """The file input of one attachment row: a stored file shows as a link to the scoped download view."""

    def __init__(self, attrs=None):
        from .models import ATTACHMENT_SIGNATURES

        attrs = {"accept": ",".join(ATTACHMENT_SIGNATURES), **(attrs or {})}
        super().__init__(attrs)

    attachment = None

    def format_value(self, value):
        if self.attachment is not None and self.attachment.pk and value:
            return _ScopedFile(self.attachment)
        return None


class LedgerAttachmentForm(RowForm):
    class Meta:
        model = LedgerAttachment
        fields = ["file", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget = AttachmentInput()
        self.fields["file"].widget.attachment = self.instance
        self.fields["file"].label = "文件（PDF、Word、Excel、JPG、PNG，不超过20MB）"
        self.fields["file"].error_messages["invalid"] = "未收到文件，请重新选择。"


class AttachmentFormSetBase(BaseInlineFormSet):
    default_error_messages = {"too_many_forms": f"每条台账最多上传{MAX_FIGURES * 2}个附件。"}


LedgerAttachmentFormSet = inlineformset_factory(
    LedgerEntry, LedgerAttachment, form=LedgerAttachmentForm, formset=AttachmentFormSetBase, extra=2, max_num=MAX_FIGURES * 2, validate_max=True,
)


# ---------------------------------------------------------------- the Excel row

FIGURE_NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)?)(余|多)?$")


def figure_fields(n):
    return (f"figure_{n}_label", f"figure_{n}_value", f"figure_{n}_unit")


def parse_figure_value(text):
    """A figure's value as a bureau's sheet writes it, strictly: a number (129, 23239.69, 1,421) optionally
    followed by 余 or 多 (“30余”: at least 30). Returns (Decimal, approximate); raises ValueError with a
    Chinese message otherwise — 万 and other units belong in the unit column."""
    s = str(text).strip().replace(",", "").replace("，", "")
    m = FIGURE_NUMBER_RE.match(s)
    if not m:
        if re.match(r"^\d+(\.\d+)?(万|亿)", s):
            raise ValueError(f"“{text}”不是有效数字：“万”“亿”请写在单位列，如数值35、单位“万份”")
        if s.startswith("-"):
            raise ValueError("数值不能为负数")
        raise ValueError(f"“{text}”不是有效数字，应写作 129、23239.69 或 30余")
    try:
        value = Decimal(m.group(1))
    except InvalidOperation:  # pragma: no cover — the pattern admits only digits
        raise ValueError(f"“{text}”不是有效数字") from None
    if value.as_tuple().exponent < -2:
        raise ValueError(f"“{text}”最多保留两位小数")
    if value >= Decimal("1e12"):
        raise ValueError(f"“{text}”过大，请检查单位")
    return value, bool(m.group(2))


class LedgerEntryImportForm(LedgerEntryForm):
    """One row of the ledger sheet: the entry and its figures. A figure is all three of name, value and unit,
    or none of them; the figures are written with the entry, all rows of the file or none."""

    def __init__(self, *args, figures=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure_slots = figures
        for n in range(1, figures + 1):
            label, value, unit = figure_fields(n)
            self.fields[label] = forms.CharField(label=f"数据{n}名称", max_length=100, required=False)
            self.fields[value] = forms.CharField(label=f"数据{n}数值", max_length=40, required=False)
            self.fields[unit] = forms.CharField(label=f"数据{n}单位", max_length=10, required=False)

    def clean(self):
        data = super().clean()
        self.figures = []
        labels = set()
        for n in range(1, self.figure_slots + 1):
            names = figure_fields(n)
            if any(name in self.errors for name in names):
                continue
            label, raw, unit = ((data.get(name) or "").strip() for name in names)
            if not (label or raw or unit):
                continue
            missing = [(name, head) for name, head, v in zip(names, ("名称", "数值", "单位"), (label, raw, unit), strict=True) if not v]
            for name, head in missing:
                self.add_error(name, f"数据{n}的名称、数值、单位须同时填写，缺少{head}。")
            if missing:
                continue
            try:
                value, approximate = parse_figure_value(raw)
            except ValueError as e:
                self.add_error(names[1], f"{e}。")
                continue
            if label in labels:
                self.add_error(names[0], f"“{label}”已在本行填写过一次。")
                continue
            labels.add(label)
            self.figures.append(LedgerFigure(label=label, value=value, unit=unit, approximate=approximate))
        return data

    def _save_m2m(self):
        """Runs after the entry is saved: its figures."""
        super()._save_m2m()
        for figure in self.figures:
            figure.entry = self.instance
            figure.full_clean()
            figure.save()
