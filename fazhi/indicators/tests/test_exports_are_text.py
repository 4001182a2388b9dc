"""Excel formula injection (OWASP) in the dashboard's workbooks: a respondent's name is free text, and it is
written as a text cell holding exactly that name — never a formula — in the dashboard workbook (its breakdown
sheet) and in the drill-down export of the records behind a category. Opened back with openpyxl, normally and
read-only (the shared checks are in fazhi/core/tests/test_excel_formulas.py)."""

from fazhi.core.tests.test_excel_formulas import FORMULAS, assert_text, body, opened
from fazhi.reconsideration.tests.factories import CaseFactory, org

YEAR = {"org": "demo", "period": "year", "year": "2024"}


def cases_against(names):
    bureau = org("demo-sfj")
    for name in names:
        CaseFactory(org=bureau, respondent_name=name)


def test_the_dashboard_workbook_writes_formula_like_respondent_names_as_text(cast, login):
    cases_against(FORMULAS)
    content = body(login(cast["leader"]).get("/indicators/dashboard/export/", YEAR))
    assert_text(content, FORMULAS)
    for mode, wb in opened(content).items():
        sheet = wb["被申请人分布"]
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        assert sorted(r[0] for r in rows[:-1]) == sorted(FORMULAS), mode
        assert {r[1] for r in rows[:-1]} == {1}, mode  # the counts stay numbers


def test_the_drill_down_export_writes_formula_like_respondent_names_as_text(cast, login):
    cases_against(FORMULAS)
    client = login(cast["leader"])
    params = {"key": "reconsideration.by_respondent", "org": "demo", "start": "2024-01-01", "end": "2024-12-31"}
    assert_text(body(client.get("/indicators/records/export/", params)), FORMULAS)
    content = body(client.get("/indicators/records/export/", {**params, "category": '=HYPERLINK("http://x","y")'}))
    assert_text(content, ['=HYPERLINK("http://x","y")'])
    for mode, wb in opened(content).items():
        assert len(list(wb.worksheets[0].iter_rows())) == 2, mode  # the header and the one case
