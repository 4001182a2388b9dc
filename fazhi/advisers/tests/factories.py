"""Factories of the legal adviser registry. The engaging org is always passed in
(``LegalAdviserFactory(org=station)``): which unit a record belongs to is what scope tests are about."""

from datetime import date
from decimal import Decimal

import factory

from fazhi.advisers.choices import AdviserKind
from fazhi.advisers.models import LegalAdviser
from fazhi.core.testing.helpers import filled_template


class LegalAdviserFactory(factory.django.DjangoModelFactory):
    """A legal adviser under a contract for calendar year 2024, with a valid licence number and phone."""

    class Meta:
        model = LegalAdviser

    kind = AdviserKind.LEGAL_ADVISER
    name = factory.Sequence(lambda n: f"顾问{n:03d}")
    firm = "浙江示范律师事务所"
    license_no = factory.Sequence(lambda n: f"{13307201800000000 + n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    contract_start = date(2024, 1, 1)
    contract_end = factory.LazyAttribute(lambda o: date(o.contract_start.year, 12, 31))
    fee = Decimal("60000.00")
    scope_of_service = "日常法律咨询"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("LegalAdviserFactory needs org=…: the engaging org is part of every scope test.")
        return super()._create(model_class, *args, **kwargs)


def adviser_workbook(rows, path=None):
    """An import workbook as a bureau would fill it: the system's own template, one row per dict of {header:
    value}, typed text kept as text (as in the template's text columns). Returns the .xlsx bytes (and writes them
    to ``path`` when given)."""
    from fazhi.advisers.resources import LegalAdviserResource

    data = filled_template(LegalAdviserResource, rows, as_text=True)
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(data)
    return data


def adviser_row(org_name, name, **overrides):
    """One valid import row for ``adviser_workbook`` (keys are the sheet's Chinese headers)."""
    row = {
        "聘用单位": org_name,
        "类别": "法律顾问",
        "姓名": name,
        "执业机构": "浙江正衡律师事务所",
        "执业证号": "13307201810123456",
        "联系电话": "13905791234",
        "聘用起始日期": "2024-01-01",
        "聘用截止日期": "2024-12-31",
        "年度费用（元）": 50000,
        "服务范围": "合同审查",
    }
    row.update(overrides)
    return row
