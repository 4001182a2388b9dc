"""Every registry's new-record form and Excel import, fed bad values (property-based, hypothesis): dates at and past
the calendar's ends, numbers that are huge, negative, NaN or infinite, long and odd Unicode (NUL, RTL marks,
emoji, 10,000 characters). Whatever comes in, the answer is a redirect (saved) or a Chinese error — never a
500 — and a refused post or import leaves every table of the registry as it was.

Each example starts from a valid post (or sheet row) and spoils a few of its fields, so that odd values that
pass validation reach the save as well. The valid post is found generically too: blank optional fields and the
first plausible value of each field the form refuses, tried in turn until the form accepts it.

The registries are found, not listed: every ``RegistryViews`` the URLconf declares (its create form, its
resource), so that a new registry is fuzzed as soon as it has pages. Each example runs in a savepoint that is
rolled back, with its own login (sessions live in the database too)."""

import io
import re
from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.urls import get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fazhi.core.views.generic import VIEWS_BY_MODEL


def registries():
    get_resolver().url_patterns  # noqa: B018 — importing the URLconf declares every registry's views
    return sorted(VIEWS_BY_MODEL.values(), key=lambda v: v.model._meta.label)


REGISTRIES = registries()
IDS = [v.model._meta.label for v in REGISTRIES]

FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,  # nothing written under the work tree; failures print their example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = timezone.localdate()

# ---------------------------------------------------------------- values

ODD_TEXT = st.sampled_from([
    "", " ", "　", "\x00", "名称\x00", "\x00" * 3, "\u202e反转文字\u202c", "\u200f\u200e\u200b", "\ufeff抬头", "👨‍👩‍👧‍👦🀄️🇨🇳",
    "𠀀𪚥𰻞", "Ω≈ç√∫", "<script>alert(1)</script>", "' OR 1=1 --", "=1+2", "+86", "\r\n\t", "null", "None", "%s%n{0}",
    "x" * 10_000, "中" * 10_000, "😀" * 2_500, "(2024)浙0726行初1号", "（2024）浙0726行初1号",
])
TEXT = st.one_of(ODD_TEXT, st.text(max_size=40), st.text(min_size=1, max_size=300))
NUMBER_TEXT = st.sampled_from([
    "-1", "-0.01", "0", "-0", "NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "1e999999", "-1e999999", "1e-999999",
    "9" * 400, "1,000", "１２３", "٣", "0x10", "1_000", "12.345", " 5 ", "1e18", "99999999999999999999",
])
NUMBERS = st.one_of(NUMBER_TEXT, st.integers(-(10**20), 10**20).map(str), st.decimals(allow_nan=True, allow_infinity=True).map(str))
DATE_TEXT = st.sampled_from([
    "9999-12-31", "0001-01-01", "1989-12-31", "1990-01-01", "2100-12-31", "2101-01-01", "2024-02-29", "2023-02-29",
    "2024-13-01", "2024-00-10", "99999-01-01", "-2024-01-01", "2024/03/01", "2024年3月1日", "２０２４-０３-０１",
    f"{TODAY:%Y-%m-%d}", f"{TODAY + timedelta(days=1):%Y-%m-%d}",
])
RECENT = st.dates(min_value=date(2023, 1, 1), max_value=TODAY)
DATE_EXTREMES = st.sampled_from(["9999-12-31", "9999-11-30", "0001-01-01", "1989-12-31", f"{TODAY + timedelta(days=1):%Y-%m-%d}"])
DATES = st.one_of(DATE_EXTREMES, RECENT.map(date.isoformat), DATE_TEXT, st.dates().map(date.isoformat), TEXT)


def options(field, limit=5):
    """Up to ``limit`` valid values of a choice field (its empty choice left out)."""
    values = []
    for value, _ in field.choices:
        value = getattr(value, "value", value)  # ModelChoiceIteratorValue
        if value not in ("", None):
            values.append(str(value))
        if len(values) >= limit:
            break
    return values


def field_strategy(field):
    """Mostly plausible values (so that some posts get through to the save) and every kind of bad one."""
    if isinstance(field, forms.FileField):
        return st.none()
    if isinstance(field, forms.DateField):
        return DATES
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return st.one_of(st.integers(0, 50).map(str), NUMBERS, TEXT)
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "", "false", "0"]), TEXT)
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        valid = options(field)
        return st.lists(st.one_of(st.sampled_from(valid), TEXT) if valid else TEXT, max_size=3)
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        valid = options(field)
        plausible = st.sampled_from(valid) if valid else st.just("")
        return st.one_of(plausible, plausible, NUMBER_TEXT, TEXT)
    return st.one_of(st.sampled_from(["测试内容", "示范县公安局", "张伟明", "13905791234"]), TEXT)


def row_counts(model):
    """Rows of every table of a registry's app (records, related rows, their history)."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config(model._meta.app_label).get_models()}


def messages_of(errors):
    return [str(m) for ms in errors.values() for m in ms]


# ---------------------------------------------------------------- valid starting points

PLAUSIBLE_TEXT = ["测试内容", "示范县公安局", "张伟明", "13905791234", "（2024）浙0726行初1号", "示政发〔2024〕1号", "2024"]
PLAUSIBLE_DATES = [f"{TODAY - timedelta(days=d):%Y-%m-%d}" for d in (400, 200, 30)]


def candidates(field):
    """Values to try, in order, for a field of the valid starting post."""
    first = [] if field.required else [""]
    if isinstance(field, forms.DateField):
        return first + PLAUSIBLE_DATES
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return first + ["1", "0", "10", "2024"]
    if isinstance(field, forms.BooleanField):
        return ["", "on"]
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return first + [[v] for v in options(field, 8)]
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return first + options(field, 8)
    return first + PLAUSIBLE_TEXT


def repair(values, errors_of, rounds=15):
    """``values``: {name: candidates}. Move each field ``errors_of(data)`` names to its next candidate until none is
    named; the valid data, or None when no combination of the first candidates passes."""
    index = dict.fromkeys(values, 0)
    for _ in range(rounds):
        data = {name: values[name][i] for name, i in index.items() if values[name]}
        errors = errors_of(data)
        if not errors:
            return data
        moved = False
        for name in errors:
            if name in index and index[name] + 1 < len(values[name]):
                index[name] += 1
                moved = True
        if not moved:
            return None
    return None


def rolled_back(fn):
    with transaction.atomic():
        try:
            return fn()
        finally:
            transaction.set_rollback(True)


# ---------------------------------------------------------------- the forms


@pytest.mark.parametrize("registry", REGISTRIES, ids=IDS)
def test_no_value_on_a_registry_form_answers_500_or_writes_a_refused_record(registry, cast, client):
    user = cast["bureau"]
    assert user.has_perm(registry.perm("add")), registry
    fields = {name: f for name, f in registry.form_class(user=user).fields.items() if not isinstance(f, forms.FileField)}
    valid = rolled_back(lambda: repair({n: candidates(f) for n, f in fields.items()},
                                       lambda data: set(registry.form_class(data=data, user=user).errors)))
    assert valid is not None, f"no valid starting post for {registry.model._meta.label}: give candidates() a plausible value"
    url = registry.url("create")
    spoil = st.lists(st.one_of([st.tuples(st.just(name), field_strategy(f)) for name, f in sorted(fields.items())]), max_size=4)

    @FUZZ
    @given(spoiled=spoil)
    def post(spoiled):
        data = {**valid, **dict(spoiled)}
        with transaction.atomic():
            client.force_login(user)
            before = row_counts(registry.model)
            r = client.post(url, {k: v for k, v in data.items() if v is not None})
            note(f"{registry.model._meta.label} {r.status_code}")
            assert r.status_code in (302, 400), r.status_code
            if r.status_code == 400:
                errors = r.context["form"].errors
                assert errors, "refused without a message"
                bad = [m for m in messages_of(errors) if not CJK.search(m)]
                assert not bad, bad
                assert row_counts(registry.model) == before
            transaction.set_rollback(True)

    for name, f in fields.items():  # and, before the random examples, each date at the calendar's end
        if isinstance(f, forms.DateField):
            post = example(spoiled=[(name, "9999-12-31")])(post)
    post()


# ---------------------------------------------------------------- the imports


def cell_text(s):
    return ILLEGAL_CHARACTERS_RE.sub("", s)  # what an .xlsx can hold (NUL gets its own test)


CELL_TEXT = TEXT.map(cell_text)
CELL_NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False), st.decimals(allow_nan=False, allow_infinity=False),
    NUMBER_TEXT,
)
CELL_DATES = st.one_of(DATE_EXTREMES, st.just(date(9999, 12, 31)), RECENT, st.dates(min_value=date(1900, 3, 1)), DATE_TEXT,
                       st.integers(-(10**6), 10**7), CELL_TEXT)


def column_strategy(column):
    kind = column.kind
    if kind == "date":
        return CELL_DATES
    if kind in ("decimal", "int"):
        return st.one_of(CELL_NUMBERS, CELL_TEXT)
    if kind == "bool":
        return st.one_of(st.sampled_from(["是", "否", "Y", "n", "√", "×", True, False]), CELL_TEXT)
    if kind == "choice":
        return st.one_of(st.sampled_from([label for _, label in column.choices] or [""]), CELL_TEXT)
    return CELL_TEXT


def column_candidates(column, orgs):
    first = [] if column.required else [""]
    kind = column.kind
    if kind == "date":
        return first + PLAUSIBLE_DATES
    if kind in ("decimal", "int"):
        return first + ["1", "0", "10", "2024"]
    if kind == "bool":
        return ["否", "是"]
    if kind == "choice":
        return first + [label for _, label in column.choices][:8]
    if kind == "org":
        return first + [o.code for o in orgs]
    if kind == "fk":
        return first + sorted(column.lookup())[:8]
    return first + PLAUSIBLE_TEXT


def workbook(columns, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append([("*" if c.required else "") + c.header for c in columns])
    for row in rows:
        ws.append([row.get(c.header) for c in columns])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "台账.xlsx"
    return out


@pytest.mark.parametrize("registry", REGISTRIES, ids=IDS)
def test_no_value_in_a_registry_import_answers_500_or_writes_a_row(registry, cast, client, tmp_path):
    from fazhi.core.scope import orgs_for

    user = cast["bureau"]
    resource = registry.resource_class()
    columns = [c for c in resource.fields if c.importable]
    orgs = list(orgs_for(user, registry.model, "add").order_by("path")[:4])

    def row_errors(row):
        path = tmp_path / "row.xlsx"
        path.write_bytes(workbook(columns, [row]).getvalue())
        return {header for _, header, _ in registry.resource_class().import_file(str(path), user).errors}

    valid = rolled_back(lambda: repair({c.header: column_candidates(c, orgs) for c in columns}, row_errors))
    assert valid is not None, f"no valid starting row for {registry.model._meta.label}: give column_candidates() a plausible value"
    url = registry.url("import")

    spoiled_row = st.lists(st.one_of([st.tuples(st.just(c.header), column_strategy(c)) for c in columns]), max_size=3).map(
        lambda spoiled: {**valid, **dict(spoiled)})

    default_org = st.sampled_from(["", "", "", str(orgs[0].pk), "abc", "\x00", "99999999", "1e3"])

    @FUZZ
    @given(rows=st.lists(spoiled_row, min_size=1, max_size=3), org=default_org)
    def upload(rows, org):
        with transaction.atomic():
            client.force_login(user)
            before = row_counts(registry.model)
            r = client.post(url, {"file": workbook(columns, rows), "org": org})
            note(f"{registry.model._meta.label} {r.status_code}")
            assert r.status_code in (302, 400, 404), r.status_code
            if r.status_code != 302:
                if r.status_code == 400:
                    errors = r.context["result"].errors
                    assert errors, "refused without a message"
                    bad = [m for _, _, m in errors if not CJK.search(m)]
                    assert not bad, bad
                assert row_counts(registry.model) == before
            transaction.set_rollback(True)

    for c in columns:  # and, before the random examples, each date at the calendar's end
        if c.kind == "date":
            upload = example(rows=[{**valid, c.header: date(9999, 12, 31)}], org="")(upload)
    upload()
