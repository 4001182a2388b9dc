"""The platform's bounds, declared once in core (fazhi/core/validators.py) and holding in every registry: dates
within 1990–2100 on every model and form, no negative amount or count, no NUL in any text, due dates that do not
overflow, and imports that turn unreadable cells and impossible numbers into Chinese row or file errors."""

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver
from simple_history.models import HistoricalChanges

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import adviser_row, adviser_workbook
from fazhi.core.choices import PeriodUnit
from fazhi.core.periods import WorkingCalendar, add_months, due_date
from fazhi.core.validators import DATE_RANGE_MESSAGE, NUL_MESSAGE, NotInFuture, validate_date_range
from fazhi.core.views.generic import VIEWS_BY_MODEL

S01 = "示范县司法局城关镇司法所"


def platform_models():
    return [m for m in apps.get_models() if m.__module__.startswith("fazhi.")]


def registry_models():
    """Every model of an app that declares registry pages: the records, their related rows and their history."""
    get_resolver().url_patterns  # noqa: B018 — imports every registry's views
    labels = {v.model._meta.app_label for v in VIEWS_BY_MODEL.values()}
    return [m for label in sorted(labels) for m in apps.get_app_config(label).get_models()]


# ---------------------------------------------------------------- dates


def test_the_date_range_is_1990_through_2100():
    for ok in (date(1990, 1, 1), date(2024, 2, 29), date(2100, 12, 31), None):
        validate_date_range(ok)
    for bad in (date(1989, 12, 31), date(2101, 1, 1), date(9999, 12, 31), date(1, 1, 1)):
        with pytest.raises(ValidationError) as e:
            validate_date_range(bad)
        assert e.value.messages == [DATE_RANGE_MESSAGE] == ["日期应在 1990-01-01 至 2100-12-31 之间。"]


def test_every_date_a_user_enters_on_any_model_keeps_to_the_date_range_on_the_model_and_its_form_field():
    checked = 0
    for model in platform_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField) and f.editable:
                assert validate_date_range in f.validators, f"{model._meta.label}.{f.name}"
                assert validate_date_range in f.formfield().validators, f"{model._meta.label}.{f.name}"
                checked += 1
    assert checked > 50


def test_a_receipt_date_in_the_future_is_refused_with_the_dates_name():
    from django.utils import timezone

    v = NotInFuture("收到申请日期")
    v(timezone.localdate())
    with pytest.raises(ValidationError) as e:
        v(timezone.localdate() + timedelta(days=1))
    assert e.value.messages == ["收到申请日期不能晚于今天。"]
    v(date(9999, 12, 31))  # out of range: the range's message alone


def test_a_due_date_past_the_end_of_the_calendar_is_none_instead_of_an_overflow():
    cal = WorkingCalendar()
    end = date(9999, 12, 31)
    assert due_date(end, 5, PeriodUnit.WORKING_DAYS, calendar=cal) is None
    assert due_date(end, 60, PeriodUnit.CALENDAR_DAYS, calendar=cal) is None
    assert due_date(end, 6, PeriodUnit.MONTHS, calendar=cal) is None
    assert due_date(date(9999, 12, 1), 15, PeriodUnit.CALENDAR_DAYS, stops=[(date(9999, 12, 2), date(9999, 12, 30))], calendar=cal) is None
    assert due_date(date(9999, 12, 25), 1, PeriodUnit.CALENDAR_DAYS, calendar=cal, roll=False) == date(9999, 12, 26)
    with pytest.raises(OverflowError):
        add_months(end, 1)


def test_a_due_date_of_a_statutory_period_key_from_9999_12_31_is_none(db):
    assert due_date(date(9999, 12, 31), period="reconsideration.acceptance") is None


# ---------------------------------------------------------------- amounts and counts


def test_every_amount_and_count_of_a_registry_refuses_a_negative_value():
    checked = []
    for model in registry_models():
        for f in model._meta.concrete_fields:
            numeric = isinstance(f, (models.DecimalField, models.IntegerField, models.FloatField))
            if not numeric or f.primary_key or f.is_relation or not f.editable or f.name.startswith("history_"):
                continue
            if f.name == "sort_order" or issubclass(model, HistoricalChanges):
                continue  # an ordering key, not an amount or a count; a history row copies its record
            with pytest.raises(ValidationError, match=r"[\u4e00-\u9fff]"):
                f.clean(Decimal("-1") if isinstance(f, models.DecimalField) else -1, model())
            checked.append(f"{model._meta.label}.{f.name}")
    assert "reconsideration.ReconsiderationCase.amount" in checked
    assert "advisers.LegalAdviser.fee" in checked


# ---------------------------------------------------------------- NUL


get_resolver().url_patterns  # noqa: B018 — imports every registry's views, for the parametrisation below
REGISTRIES = sorted(VIEWS_BY_MODEL.values(), key=lambda v: v.model._meta.label)


@pytest.mark.parametrize("registry", REGISTRIES, ids=[v.model._meta.label for v in REGISTRIES])
def test_a_nul_in_any_text_field_of_a_registry_form_is_a_chinese_form_error(registry, cast):
    user = cast["bureau"]
    texts = [n for n, f in registry.form_class(user=user).fields.items() if isinstance(f, forms.CharField)]
    assert texts
    form = registry.form_class(data=dict.fromkeys(texts, "名称\x00"), user=user)
    assert not form.is_valid()
    for name in texts:
        assert NUL_MESSAGE in form.errors[name], name


def test_a_nul_in_a_related_row_form_is_a_chinese_form_error(db):
    checked = 0
    for registry in REGISTRIES:
        for _label, formset_class in registry.inlines.values():
            form_class = formset_class.form
            texts = [n for n, f in form_class().fields.items() if isinstance(f, forms.CharField) and not f.disabled]
            if not texts:
                continue
            form = form_class(data=dict.fromkeys(texts, "\x00"))
            assert not form.is_valid()
            assert all(form.errors[name] == [NUL_MESSAGE] for name in texts), form.errors
            checked += 1
    assert checked >= 3


def test_a_nul_in_a_transition_form_is_a_chinese_form_error():
    from fazhi.core.forms import TransitionForm

    form = TransitionForm(data={"on": "2024-03-01", "note": "说明\x00"})
    assert not form.is_valid()
    assert form.errors["note"] == [NUL_MESSAGE]
    form = TransitionForm(data={"on": "9999-12-31"})
    assert form.errors["on"] == [DATE_RANGE_MESSAGE]


# ---------------------------------------------------------------- the Excel import


def post_import(client, content, **data):
    f = io.BytesIO(content)
    f.name = "法律顾问.xlsx"
    return client.post("/advisers/import/", {"file": f, **data})


def rewrite(content, part, old, new):
    """The .xlsx ``content`` with ``old`` replaced by ``new`` (bytes) in its ``part``: what no spreadsheet program
    writes, only a damaged or crafted file holds."""
    src, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    assert part in src.namelist()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new)
            dst.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("old, new", [
    (b"&#24352;&#19977;", b"&#24352;&#0;"),  # the name 张三 → 张 and a NUL
    (b"<v>123456</v>", b"<v>123&#0;456</v>"),  # inside the fee
])
def test_a_nul_in_a_cell_of_an_imported_sheet_is_a_chinese_error_and_writes_nothing(old, new, cast, login):
    content = adviser_workbook([adviser_row(S01, "张三", **{"年度费用（元）": 123456}), adviser_row(S01, "李四")])
    r = post_import(login(cast["bureau"]), rewrite(content, "xl/worksheets/sheet1.xml", old, new))
    assert r.status_code == 400
    [(row, column, message)] = r.context["result"].errors
    assert (row, column) == (0, "（文件）") and message.startswith("无法读取第2行")
    assert LegalAdviser.objects.count() == 0


@pytest.mark.parametrize("fee, message", [
    ("Infinity", "“Infinity”不是有效数字"),
    ("NaN", "“NaN”不是有效数字"),
    ("-inf", "“-inf”不是有效数字"),
    ("1e999999999", "“1e999999999”超出可以登记的数值范围"),
    (-50000, "费用不能为负数。"),
])
def test_an_impossible_or_negative_fee_in_the_import_is_a_row_error(fee, message, cast, login):
    r = post_import(login(cast["bureau"]), adviser_workbook([adviser_row(S01, "张三", **{"年度费用（元）": fee})]))
    assert r.status_code == 400
    assert r.context["result"].errors == [(2, "年度费用（元）", message)]
    assert LegalAdviser.objects.count() == 0


def test_a_date_outside_the_range_in_the_import_is_a_row_error(cast, login):
    rows = [adviser_row(S01, "张三", 聘用起始日期="1989-12-31"), adviser_row(S01, "李四", 聘用截止日期=date(9999, 12, 31))]
    r = post_import(login(cast["bureau"]), adviser_workbook(rows))
    assert r.status_code == 400
    assert r.context["result"].errors == [(2, "聘用起始日期", DATE_RANGE_MESSAGE), (3, "聘用截止日期", DATE_RANGE_MESSAGE)]
    assert LegalAdviser.objects.count() == 0


@pytest.mark.parametrize("org", ["abc", "\x00", "1e3", "-1"])
def test_a_default_unit_that_is_not_a_unit_id_is_not_found(org, cast, login):
    r = post_import(login(cast["bureau"]), adviser_workbook([adviser_row("", "张三")]), org=org)
    assert r.status_code == 404
    assert LegalAdviser.objects.count() == 0
