"""Every page of the registry renders for the bureau: list with its filters, new, import, template, detail,
history and each transition form that the record's state offers."""

from datetime import date

from openpyxl import load_workbook

from fazhi.litigation.choices import Result
from fazhi.litigation.services import WORKFLOW
from fazhi.litigation.tests.factories import LawsuitFactory, hearing, org


def test_the_registry_pages_render(cast, login):
    client = login(cast["bureau"])
    open_case = LawsuitFactory(org=org("demo-d01"))
    hearing(open_case, held_on=date(2024, 4, 1), heard=True, head_appeared=True, head_name="张建国", head_title="局长")
    judged = LawsuitFactory(org=org("demo-t01"), result=Result.REVOKED, closed_on=date(2024, 6, 1))
    for url in ("/litigation/", "/litigation/?outcome=lost&defendant_scope=departments&year=2024&due=overdue&q=浙0726",
                "/litigation/new/", "/litigation/import/", f"/litigation/{open_case.pk}/", f"/litigation/{open_case.pk}/history/",
                f"/litigation/{open_case.pk}/edit/"):
        assert client.get(url).status_code == 200, url
    for case in (open_case, judged):
        for t in WORKFLOW.available(case):
            r = client.get(f"/litigation/{case.pk}/do/{t.name}/")
            assert r.status_code == 200, t.name
            assert t.label in r.content.decode()
    nav = client.get("/").content.decode()
    assert "行政应诉" in nav and "/litigation/" in nav


def test_the_import_template_has_the_ledger_columns(cast, login):
    import io

    r = login(cast["section"]).get("/litigation/import/template/")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content)))["数据"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    for h in ("法院", "案号", "审级", "原告", "被告", "是否复议机关共同被告", "关联复议案号", "被诉行政行为", "类别", "收到起诉状日期",
              "答辩日期", "是否开庭", "负责人是否出庭", "出庭负责人", "职务", "裁判结果", "结案日期"):
        assert h in headers
    assert "胜败" not in headers  # export-only
