"""The ledger of normative documents (规范性文件台账) in Excel: drafts, and documents published before the
platform with their numbers, filings and status. A row keeping its old number moves the issuer's sequence past
it (the system never gives it again); a published row without one gets the next number of its year. One bad row
writes nothing, and the error list says row, column and what is wrong in Chinese."""

from datetime import date

import pytest
import time_machine

from fazhi.normative.models import FilingRecord, NormativeDocument
from fazhi.normative.resources import NormativeDocumentResource

from .factories import at, published, upload, workbook

pytestmark = pytest.mark.usefixtures("holidays")


def row(**kw):
    base = {"起草单位": "demo-d01", "文件名称": "示范县养犬管理规定", "制定机关": "示范县人民政府"}
    base.update(kw)
    return base


GOOD = [
    row(文件名称="甲 起草中"),
    row(文件名称="乙 已公布有编号", 统一编号="示政规〔2024〕7号", 公布日期="2024-03-01", 报政府备案日期="2024-03-20", 报人大常委会备案日期="2024-04-15"),
    row(文件名称="丙 已公布无编号", 公布日期="2024-05-06", **{"有效期（年）": 3}),
    row(文件名称="丁 已废止", 统一编号="示政规〔2016〕2号", 公布日期="2016-04-01", 效力状态="废止", 失效日期="2021-12-31"),
]


def post(client, rows):
    return client.post("/normative/documents/import/", {"file": upload(workbook(rows, NormativeDocumentResource))})


def test_a_good_ledger_imports_every_document(cast, login, county):
    r = post(login(cast["bureau"]), GOOD)
    assert r.status_code == 302, r.context and r.context["result"].errors
    docs = {d.title.split()[0]: d for d in NormativeDocument.objects.all()}
    assert (docs["甲"].state, docs["甲"].document_no) == ("drafting", None)
    b = docs["乙"]
    assert (b.state, b.document_no, b.status, b.expires_on, b.filed_on, b.filed_on_time) == (
        "published", "示政规〔2024〕7号", "effective", None, date(2024, 4, 15), False)  # 1 Mar + 30 = 31 Mar: the congress filing was late
    assert sorted(FilingRecord.objects.filter(document=b).values_list("authority", "submitted_on", "on_time")) == [
        ("congress_standing_committee", date(2024, 4, 15), False), ("superior_government", date(2024, 3, 20), True)]
    # The next number of 2024 is 8: the imported 7 is never given again.
    assert (docs["丙"].document_no, docs["丙"].expires_on) == ("示政规〔2024〕8号", date(2027, 5, 5))
    assert (docs["丁"].status, docs["丁"].ended_on, docs["丁"].in_force(date(2020, 1, 1)), docs["丁"].in_force(date(2022, 1, 1))) == ("repealed", date(2021, 12, 31), True, False)
    with time_machine.travel(at(date(2024, 12, 31)), tick=False):
        assert published("demo-d01", issuer="demo").document_no == "示政规〔2024〕9号"


def test_a_ledger_with_one_bad_row_writes_nothing(cast, login, county):
    bad = [
        *GOOD,
        row(文件名称="戊 编号格式", 统一编号="示政规〔2024〕007号", 公布日期="2024-03-01"),
        row(文件名称="己 简称不符", 统一编号="示公规〔2024〕1号", 公布日期="2024-03-01"),
        row(文件名称="庚 废止无日期", 公布日期="2024-03-01", 效力状态="废止"),
        row(文件名称="辛 部门报人大", 制定机关="示范县公安局", 公布日期="2024-03-01", 报人大常委会备案日期="2024-03-05"),
        row(文件名称="壬 重号", 统一编号="示政规〔2024〕7号", 公布日期="2024-03-01"),
    ]
    r = post(login(cast["bureau"]), bad)
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert (6, "统一编号", "统一编号应为“简称规〔年度〕序号号”，如 示政规〔2021〕3号（序号不加前导零）。") in errors
    assert (7, "统一编号", "统一编号应以制定机关简称“示政规”开头。") in errors
    assert (8, "失效日期", "废止、宣布失效或失效的文件须填写失效日期。") in errors
    assert (9, "报人大常委会备案日期", "只有县（区）人民政府制定的文件报人大常委会备案。") in errors
    assert NormativeDocument.objects.count() == 0 and FilingRecord.objects.count() == 0


def test_the_cli_imports_and_exports_both_registries(county, tmp_path):
    """``fazhi import/export legality_review|normative_document`` (the kinds the CLI knows)."""
    import io

    from django.core.management import call_command
    from openpyxl import load_workbook

    from fazhi.core.excel import get_resource
    from fazhi.legality.models import ReviewRequest
    from fazhi.legality.resources import ReviewRequestResource
    from fazhi.legality.tests.factories import ledger_row

    assert (get_resource("legality_review").title, get_resource("normative_document").title) == ("合法性审查", "行政规范性文件")
    for kind, resource, rows in (("legality_review", ReviewRequestResource, [ledger_row(), ledger_row(送审事项名称="第二件")]),
                                 ("normative_document", NormativeDocumentResource, GOOD)):
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(workbook(rows, resource))
        out = io.StringIO()
        call_command("import", kind, str(path), "--user", "section", stdout=out)
        assert f"导入成功：{resource().title}{len(rows)}条。" in out.getvalue()
        exported = tmp_path / f"{kind}-out.xlsx"
        call_command("export", kind, "-o", str(exported), stdout=io.StringIO())
        assert len(list(load_workbook(exported, read_only=True).active.iter_rows(values_only=True))) == len(rows) + 1
    assert (ReviewRequest.objects.count(), NormativeDocument.objects.count()) == (2, 4)


def test_a_number_another_units_document_holds_is_refused_without_naming_it(cast, login, county):
    """dept1 cannot see the county government's document drafted by another department: its number is refused
    with the neutral message (nothing says it is in use); the bureau, which sees it, is told it is in use."""
    from fazhi.core.scope import HIDDEN_DUPLICATE

    from .factories import org, stock

    theirs = stock("demo", date(2024, 3, 1), drafting=org("demo-d02"), title="他局起草的存量文件")
    rows = [row(文件名称="本局存量文件", 统一编号=theirs.document_no, 公布日期="2024-03-01")]
    r = post(login(cast["dept1"]), rows)
    assert r.status_code == 400
    assert r.context["result"].errors == [(2, "统一编号", HIDDEN_DUPLICATE.format(what="统一编号"))]
    assert "已被使用" not in r.content.decode() and theirs.title not in r.content.decode()
    assert NormativeDocument.objects.count() == 1
    r = post(login(cast["bureau"]), rows)
    assert r.context["result"].errors == [(2, "统一编号", f"统一编号“{theirs.document_no}”已被使用。")]
    assert NormativeDocument.objects.count() == 1
