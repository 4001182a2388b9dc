"""Factories of the work ledger. The unit is always passed in (``LedgerEntryFactory(org=dept)``): which unit
an entry belongs to is what scope tests are about."""

from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.testing.helpers import filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.models import LedgerAttachment, LedgerEntry, LedgerFigure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """A measure of 2024 under 法治宣传教育, with no figures."""

    class Meta:
        model = LedgerEntry

    happened_on = date(2024, 5, 30)
    section = ReportSection.PUBLICITY
    kind = EntryKind.CAMPAIGN
    title = factory.Sequence(lambda n: f"民法典宣传月{n:03d}")
    text = "开展“美好生活·民法典相伴”主题宣传月活动，举办民法典专题讲座46场。"
    leader = ""
    highlight = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("LedgerEntryFactory needs org=…: the unit is part of every scope test.")
        return super()._create(model_class, *args, **kwargs)


class LedgerFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerFigure

    label = factory.Sequence(lambda n: f"举办法治讲座{n}")
    value = Decimal("129")
    unit = "场"


def attach(entry, content=PDF, name="会议纪要.pdf", title=""):
    """Store an attachment on ``entry`` as the upload page would."""
    return LedgerAttachment.objects.create(entry=entry, file=SimpleUploadedFile(name, content), name=title)


def form_data(org_pk, **overrides):
    data = {
        "org": org_pk,
        "happened_on": "2024-05-30",
        "section": "publicity",
        "kind": "campaign",
        "title": "民法典宣传月",
        "text": "开展民法典宣传月活动，举办民法典专题讲座46场。",
        "leader": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def figures_data(entry, rows, existing=()):
    """POST data of the figures page: ``existing`` are (figure, changes) pairs, ``rows`` new rows as dicts."""
    prefix = "figures"
    data = {f"{prefix}-TOTAL_FORMS": str(len(existing) + len(rows)), f"{prefix}-INITIAL_FORMS": str(len(existing)),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    forms = [({"id": f.pk, "label": f.label, "value": str(f.value), "unit": f.unit, **changes}) for f, changes in existing]
    forms += [dict(row) for row in rows]
    for i, form in enumerate(forms):
        for key, value in form.items():
            if key == "approximate" and not value:
                continue
            data[f"{prefix}-{i}-{key}"] = "on" if value is True else value
        data[f"{prefix}-{i}-entry"] = entry.pk
    return data


def ledger_workbook(rows, figures=3):
    """An import workbook as a unit would fill it: the system's own template, one row per dict of {header: value};
    headers missing from the template (数据4名称 …) are appended."""
    from fazhi.oversight.resources import LedgerResource

    return filled_template(LedgerResource, rows, add_columns=True)


def ledger_row(org_name, title, **overrides):
    """One valid import row (keys are the sheet's Chinese headers)."""
    row = {
        "单位": org_name,
        "日期": "2024-05-30",
        "报告部分": "法治宣传教育",
        "类型": "专项行动",
        "标题": title,
        "内容": "开展民法典宣传月活动，举办民法典专题讲座46场，覆盖群众8600人次。",
        "亮点": "否",
        "数据1名称": "民法典专题讲座",
        "数据1数值": 46,
        "数据1单位": "场",
        "数据2名称": "覆盖群众",
        "数据2数值": "8600",
        "数据2单位": "人次",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


