"""Excel formula injection (OWASP): every text cell fazhi writes — registry exports, the audit log export,
error workbooks of rejected imports, import templates — is a text cell holding exactly the user's text, never a
formula, even when it starts with "=", "+", "-", "@", a tab or a carriage return; and it reads back unchanged on
import. Every file is opened back with openpyxl, both as a normal and as a read-only workbook. (The dashboard
workbook and the drill-down export are proven in fazhi/indicators/tests/test_exports_are_text.py.)"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.resources import LegalAdviserResource
from fazhi.advisers.tests.factories import LegalAdviserFactory, adviser_row, adviser_workbook
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.excel import FORMULA_STARTS, XField, row_cells, set_cell
from fazhi.core.models import Org

#: Text a user may type that a spreadsheet would take for a formula (OWASP's list of leading characters).
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "#N/A"]
#: The same without leading whitespace: an import strips the whitespace around every cell, as the forms do.
TYPED = [v for v in FORMULAS if not v[0].isspace()]
S01 = "示范县司法局城关镇司法所"


def opened(content):
    """The workbook ``content`` as openpyxl opens it normally and read-only."""
    return {"normal": load_workbook(io.BytesIO(content)), "read_only": load_workbook(io.BytesIO(content), read_only=True)}


def holding(wb, value):
    """Every cell of every sheet of ``wb`` whose value is ``value``."""
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == value]


def assert_text(content, values):
    """Each of ``values`` is in the workbook, and every cell holding it is a text cell (data type "s") — in a
    normal and in a read-only load; a formula cell holding it would have data type "f"."""
    for mode, wb in opened(content).items():
        for value in values:
            found = holding(wb, value)
            assert found, (mode, value)
            assert {c.data_type for c in found} == {"s"}, (mode, value)
            if mode == "normal" and value.startswith(FORMULA_STARTS):
                # Excel's own "this is text" flag (what a typed leading apostrophe sets), not part of the value.
                assert all(c.quotePrefix for c in found), value


def body(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- the one place: set_cell and row_cells


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_text_that_looks_like_a_formula_is_written_as_text_in_both_kinds_of_workbook(write_only, tmp_path):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("数据") if write_only else wb.active
    ws.append(row_cells(ws, FORMULAS))
    if not write_only:
        for i, value in enumerate(FORMULAS, start=1):
            set_cell(ws.cell(row=2, column=i), value)
    wb.save(tmp_path / "t.xlsx")
    assert_text((tmp_path / "t.xlsx").read_bytes(), FORMULAS)


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_negative_numbers_stay_numbers_and_ordinary_text_stays_plain(write_only, tmp_path):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("数据") if write_only else wb.active
    ws.append(row_cells(ws, [-2, -2.5, Decimal("-3.25"), "-2", "城关镇", date(2024, 3, 1), None]))
    wb.save(tmp_path / "t.xlsx")
    for mode, back in opened((tmp_path / "t.xlsx").read_bytes()).items():
        row = next(back.worksheets[0].iter_rows())
        assert [c.value for c in row[:5]] == [-2, -2.5, -3.25, "-2", "城关镇"], mode
        assert [c.data_type for c in row[:5]] == ["n", "n", "n", "s", "s"], mode
        if mode == "normal":
            assert [c.quotePrefix for c in row[:5]] == [False, False, False, True, False]


# ---------------------------------------------------------------- registry export and import


def test_a_registry_export_writes_formula_like_text_as_text(cast, login):
    station = Org.objects.get(code="demo-s01")
    for value in FORMULAS:
        LegalAdviserFactory(org=station, name="钱一", firm=value, scope_of_service=value, note=value, fee=Decimal("-1.50"))
    content = body(login(cast["station1"]).get("/advisers/export/"))
    assert_text(content, FORMULAS)
    for wb in opened(content).values():
        rows = list(wb.worksheets[0].iter_rows())
        fee = [c.value for c in rows[0]].index("年度费用（元）")
        assert {(r[fee].data_type, r[fee].value) for r in rows[1:]} == {("n", -1.5)}


def test_a_registry_export_imported_again_keeps_formula_like_text_unchanged(cast, login):
    station = Org.objects.get(code="demo-s01")
    for i, value in enumerate(TYPED):
        LegalAdviserFactory(org=station, name=f"钱{i}", phone="", firm=value, scope_of_service=value, note=value)
    client = login(cast["station1"])
    content = body(client.get("/advisers/export/"))
    LegalAdviser.objects.all().delete()
    f = io.BytesIO(content)
    f.name = "法律顾问.xlsx"
    r = client.post("/advisers/import/", {"file": f})
    assert r.status_code == 302, r.context["result"].errors
    back = {a.name: (a.firm, a.scope_of_service, a.note) for a in LegalAdviser.objects.all()}
    assert back == {f"钱{i}": (value, value, value) for i, value in enumerate(TYPED)}


def test_an_uploaded_text_cell_that_looks_like_a_formula_is_imported_as_that_text(cast, login):
    content = adviser_workbook([adviser_row(S01, f"钱{i}", 执业机构=value, 备注=value) for i, value in enumerate(TYPED)])
    assert_text(content, TYPED)  # the bureau's workbook itself holds text cells (the factory writes through set_cell)
    f = io.BytesIO(content)
    f.name = "法律顾问.xlsx"
    assert login(cast["station1"]).post("/advisers/import/", {"file": f}).status_code == 302
    assert sorted(LegalAdviser.objects.values_list("note", flat=True)) == sorted(TYPED)
    assert sorted(LegalAdviser.objects.values_list("firm", flat=True)) == sorted(TYPED)


def test_the_error_workbook_of_a_rejected_import_keeps_formula_like_text_as_text(cast, login):
    rows = [adviser_row(S01, f"钱{i}", 执业机构=value, 备注=value) for i, value in enumerate(TYPED)]
    rows.append(adviser_row(S01, "坏日期", 聘用起始日期="不是日期", 备注=TYPED[0]))
    f = io.BytesIO(adviser_workbook(rows))
    f.name = "法律顾问.xlsx"
    client = login(cast["station1"])
    r = client.post("/advisers/import/", {"file": f})
    assert r.status_code == 400
    errors = body(client.get(r.context["error_url"]))
    assert_text(errors, TYPED)

    # The user fixes the bad date in the error workbook and uploads it again: the text is unchanged.
    wb = load_workbook(io.BytesIO(errors))
    ws = wb["数据"]
    col = {str(c.value).lstrip("*"): c.column for c in ws[1]}
    ws.cell(row=ws.max_row, column=col["聘用起始日期"], value="2024-01-01")
    fixed = io.BytesIO()
    wb.save(fixed)
    fixed.seek(0)
    fixed.name = "法律顾问_导入错误.xlsx"
    assert client.post("/advisers/import/", {"file": fixed}).status_code == 302
    assert sorted(LegalAdviser.objects.values_list("note", flat=True)) == sorted([*TYPED, TYPED[0]])


@pytest.mark.parametrize("value", FORMULAS)
def test_an_import_template_writes_formula_like_headers_and_help_as_text(value, tmp_path, db):
    class Template(LegalAdviserResource):
        fields = [XField("note", value, required=False, help=value)]

    Template().template(tmp_path / "t.xlsx")
    content = (tmp_path / "t.xlsx").read_bytes()
    assert_text(content, [value])
    for mode, wb in opened(content).items():
        assert len(holding(wb, value)) == 3, mode  # the header, and the column's name and help on the instructions sheet


# ---------------------------------------------------------------- the audit log export


def audit_export():
    client = Client()
    assert client.post("/login/", {"username": "auditor", "password": "Demo#2026pass"}).status_code == 302
    return body(client.get("/system/audit/export/"))


@pytest.mark.django_db
def test_a_failed_login_with_a_formula_as_username_is_exported_as_text(cast):
    r = Client().post("/login/", {"username": "=1+1", "password": "wrong"})
    assert r.status_code == 200
    content = audit_export()
    assert_text(content, ["=1+1"])
    for mode, wb in opened(content).items():
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        assert any(row[1] == "=1+1" and row[4] == "登录失败" for row in rows[1:]), mode


@pytest.mark.django_db
def test_the_audit_log_export_writes_formula_like_text_as_text(cast):
    for value in FORMULAS:
        record(None, AuditAction.UPDATE, username=value, message=value)
    assert_text(audit_export(), FORMULAS)
