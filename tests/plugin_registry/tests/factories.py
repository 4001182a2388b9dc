"""Factories of 普法活动. The holding org is always passed in (``PublicityEventFactory(org=station)``)."""

import io
from datetime import date

import factory

from tests.plugin_registry.choices import EventKind
from tests.plugin_registry.models import PublicityEvent


class PublicityEventFactory(factory.django.DjangoModelFactory):
    """A lecture held in 2025 before 120 people."""

    class Meta:
        model = PublicityEvent

    kind = EventKind.LECTURE
    title = factory.Sequence(lambda n: f"民法典进社区宣讲{n:03d}")
    held_on = date(2025, 5, 20)
    audience = 120
    speaker = factory.Sequence(lambda n: f"讲师{n:03d}")
    speaker_phone = factory.Sequence(lambda n: f"138{n:08d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("PublicityEventFactory needs org=…: which unit holds a record is what scope tests are about.")
        return super()._create(model_class, *args, **kwargs)


def event_workbook(rows):
    """An import workbook from the registry's own template, one row per dict of {column header: cell value}."""
    from openpyxl import load_workbook

    from fazhi.core.excel import set_cell
    from tests.plugin_registry.resources import PublicityEventResource

    blank = io.BytesIO()
    PublicityEventResource().template(blank)
    blank.seek(0)
    wb = load_workbook(blank)
    ws = wb["数据"]
    columns = {str(c.value).lstrip("*"): c.column for c in ws[1]}
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            set_cell(ws.cell(row=r, column=columns[header]), value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def event_row(org_name, title, **overrides):
    """One valid import row for ``event_workbook`` (keys are the sheet's Chinese headers)."""
    row = {"举办单位": org_name, "活动形式": "法治讲座", "活动名称": title, "举办日期": "2025-06-01",
           "受众人数（人次）": 80, "主讲人": "王律师", "主讲人联系电话": "13905791234"}
    row.update(overrides)
    return row
