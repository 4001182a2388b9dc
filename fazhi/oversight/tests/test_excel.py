"""The ledger in Excel (DESIGN.md §4.7): one row per entry, figures in 数据N名称/数值/单位 column groups parsed
strictly; a workbook with one bad row writes nothing and says row, column and what is wrong in Chinese; an
export opened back has every entry and figure, and imports again unchanged."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.excel import read_error_workbook
from fazhi.core.models import AuditEvent
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.models import LedgerEntry

from .factories import (
    LedgerEntryFactory,
    LedgerFigureFactory,
    attach,
    ledger_row,
    ledger_workbook,
    org,
    upload,
)

BASE = "/oversight/ledger/"
SFJ = "示范县司法局"
D01 = "示范县公安局"


def post(client, rows):
    return client.post(f"{BASE}import/", {"file": upload(ledger_workbook(rows))})


def figures(entry):
    return [(f.label, f.value, f.unit, f.approximate) for f in entry.figures.order_by("id")]


def sheet(response):
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_a_good_sheet_imports_every_entry_with_its_figures(cast, login):
    rows = [
        ledger_row(SFJ, "民法典宣传月"),
        ledger_row(SFJ, "县长述法", 报告部分="党政主要负责人履行第一责任人职责", 类型="述法", 领导姓名及职务="县长 周建明",
                   日期="2024年3月8日", 亮点="是", 数据1名称=None, 数据1数值=None, 数据1单位=None, 数据2名称=None, 数据2数值=None, 数据2单位=None),
        ledger_row(SFJ, "普法宣传总体情况", 报告部分="法治宣传教育", 类型="工作举措", 数据1名称="举办法治讲座", 数据1数值="1,290", 数据1单位="场",
                   数据2名称="发放普法宣传资料", 数据2数值="35余", 数据2单位="万份", 数据3名称="追讨工资", 数据3数值=23239.69, 数据3单位="万元"),
    ]
    r = post(login(cast["bureau"]), rows)
    assert r.status_code == 302, r.context and r.context["result"].errors
    entries = {e.title: e for e in LedgerEntry.objects.all()}
    assert figures(entries["民法典宣传月"]) == [("民法典专题讲座", Decimal("46"), "场", False), ("覆盖群众", Decimal("8600"), "人次", False)]
    law = entries["县长述法"]
    assert (law.kind, law.section, law.leader, law.happened_on, law.highlight) == (
        EntryKind.LAW_REPORT, ReportSection.PRINCIPAL_DUTY, "县长 周建明", date(2024, 3, 8), True)
    assert figures(law) == []
    assert figures(entries["普法宣传总体情况"]) == [
        ("举办法治讲座", Decimal("1290"), "场", False), ("发放普法宣传资料", Decimal("35"), "万份", True), ("追讨工资", Decimal("23239.69"), "万元", False)]
    assert all(e.org.code == "demo-sfj" and e.created_by == cast["bureau"] for e in entries.values())
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).detail["created"] == 3


@pytest.mark.parametrize(
    "overrides, column, message",
    [
        ({"数据1单位": None}, "数据1单位", "数据1的名称、数值、单位须同时填写，缺少单位。"),
        ({"数据2名称": None}, "数据2名称", "数据2的名称、数值、单位须同时填写，缺少名称。"),
        ({"数据1数值": "35万"}, "数据1数值", "“35万”不是有效数字：“万”“亿”请写在单位列，如数值35、单位“万份”。"),
        ({"数据1数值": "约30"}, "数据1数值", "“约30”不是有效数字，应写作 129、23239.69 或 30余。"),
        ({"数据1数值": "-3"}, "数据1数值", "数值不能为负数。"),
        ({"数据1数值": "1.234"}, "数据1数值", "“1.234”最多保留两位小数。"),
        ({"数据2名称": "民法典专题讲座"}, "数据2名称", "“民法典专题讲座”已在本行填写过一次。"),
        ({"类型": "述法", "报告部分": "党政主要负责人履行第一责任人职责"}, "领导姓名及职务", "述法和第一责任人履职须填写领导姓名及职务。"),
        ({"类型": "第一责任人履职", "领导姓名及职务": "县长 周建明"}, "报告部分", "述法和第一责任人履职应归入“党政主要负责人履行第一责任人职责”。"),
        ({"报告部分": "依法行政"}, "报告部分", "“依法行政”不是可选值"),
        ({"日期": "2024-02-30"}, "日期", "“2024-02-30”不是有效日期"),
        ({"日期": "2099-01-01"}, "日期", "台账记录已经发生的工作，日期不能晚于今天。"),
        ({"亮点": "也许"}, "亮点", "“也许”应填“是”或“否”"),
        ({"标题": None}, "标题", "这个字段是必填项。"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_row_column_and_message(overrides, column, message, cast, login):
    rows = [ledger_row(SFJ, "第一行"), ledger_row(SFJ, "第二行", **overrides), ledger_row(SFJ, "第三行")]
    r = post(login(cast["bureau"]), rows)
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert [(row, col) for row, col, _ in errors] == [(3, column)], errors
    assert message in errors[0][2]
    assert message in r.content.decode()
    assert not LedgerEntry.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_REJECTED).exists()


def test_a_liaison_importing_a_row_for_another_unit_writes_nothing(cast, login):
    r = post(login(cast["dept1"]), [ledger_row(D01, "本部门"), ledger_row(SFJ, "他单位")])
    assert r.status_code == 400
    assert r.context["result"].errors == [(3, "单位", f"单位“{SFJ}”不存在，或不在您可以录入的范围内")]
    assert not LedgerEntry.objects.exists()


def test_the_error_workbook_marks_the_bad_row(cast, login, settings):

    r = post(login(cast["bureau"]), [ledger_row(SFJ, "好行"), ledger_row(SFJ, "坏行", 数据1单位=None)])
    assert r.status_code == 400
    wb = load_workbook(io.BytesIO(read_error_workbook(r.context["result"].error_file)))
    rows = list(wb["数据"].iter_rows(values_only=True))
    assert rows[0][0] == "错误说明"
    assert rows[1][0] in (None, "")
    assert rows[2][0] == "数据1单位：数据1的名称、数值、单位须同时填写，缺少单位。"


def test_the_template_has_three_figure_groups_and_drop_downs(cast, login):
    r = login(cast["bureau"]).get(f"{BASE}import/template/")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    headers = [c.value for c in wb["数据"][1]]
    assert headers == ["*单位", "*日期", "*报告部分", "类型", "*标题", "*内容", "领导姓名及职务", "亮点",
                       "数据1名称", "数据1数值", "数据1单位", "数据2名称", "数据2数值", "数据2单位", "数据3名称", "数据3数值", "数据3单位"]
    formulas = [dv.formula1 for dv in wb["数据"].data_validations.dataValidation]
    assert any("依法科学民主决策" in f for f in formulas)
    assert any("述法" in f for f in formulas)


def test_an_export_opens_with_every_entry_and_figure_and_imports_back_unchanged(cast, login):
    sfj = org("demo-sfj")
    a = LedgerEntryFactory(org=sfj, title="普法宣传总体情况", happened_on=date(2024, 12, 26), highlight=True, text="全年举办法治讲座129场。")
    for label, value, unit, approx in [("举办法治讲座", 129, "场", False), ("开展主题普法活动", 343, "场", False),
                                       ("发放普法宣传资料", 35, "万份", True), ("追讨工资", Decimal("1523.60"), "万元", False),
                                       ("覆盖群众", Decimal("0.5"), "万人次", False)]:
        LedgerFigureFactory(entry=a, label=label, value=value, unit=unit, approximate=approx)
    attach(a)
    LedgerEntryFactory(org=sfj, title="县长述法", happened_on=date(2024, 3, 8), section=ReportSection.PRINCIPAL_DUTY,
                       kind=EntryKind.LAW_REPORT, leader="县长 周建明")
    client = login(cast["bureau"])
    headers, rows = sheet(client.get(f"{BASE}export/"))
    assert headers[-4:] == ["数据5名称", "数据5数值", "数据5单位", "附件数"]  # widened to the most figures of a row
    by_title = {r["标题"]: r for r in rows}
    first = by_title["普法宣传总体情况"]
    assert (first["单位"], first["日期"].date(), first["报告部分"], first["类型"], first["亮点"], first["附件数"]) == (
        SFJ, date(2024, 12, 26), "法治宣传教育", "专项行动", "是", 1)
    assert [(first[f"数据{n}名称"], first[f"数据{n}数值"], first[f"数据{n}单位"]) for n in range(1, 6)] == [
        ("举办法治讲座", 129, "场"), ("开展主题普法活动", 343, "场"), ("发放普法宣传资料", "35余", "万份"),
        ("追讨工资", 1523.6, "万元"), ("覆盖群众", 0.5, "万人次")]
    law = by_title["县长述法"]
    assert (law["类型"], law["领导姓名及职务"], law["数据1名称"], law["附件数"]) == ("述法", "县长 周建明", None, 0)

    def snapshot():
        return sorted((e.title, e.org_id, e.happened_on, e.section, e.kind, e.text, e.leader, e.highlight, figures(e))
                      for e in LedgerEntry.objects.all())

    before = snapshot()
    exported = client.get(f"{BASE}export/")
    r = client.post(f"{BASE}import/", {"file": upload(b"".join(exported.streaming_content))})
    assert r.status_code == 302, r.context and r.context["result"].errors
    assert snapshot() == sorted(before + before)  # every entry once more, exactly as it was


def test_a_sheet_with_more_figure_groups_than_the_template_imports_them_all(cast, login):
    row = ledger_row(SFJ, "五项数据", 数据3名称="丙", 数据3数值=3, 数据3单位="场", 数据4名称="丁", 数据4数值=4, 数据4单位="场",
                     数据5名称="戊", 数据5数值="5余", 数据5单位="人次")
    assert post(login(cast["bureau"]), [row]).status_code == 302
    assert [f[0] for f in figures(LedgerEntry.objects.get())] == ["民法典专题讲座", "覆盖群众", "丙", "丁", "戊"]


def test_more_than_ten_figure_groups_are_refused(cast, login):
    row = ledger_row(SFJ, "十一项", 数据11名称="超", 数据11数值=1, 数据11单位="场")
    r = post(login(cast["bureau"]), [row])
    assert r.status_code == 400
    assert r.context["result"].errors == [(1, "数据11名称", "每条台账最多填写10项数据，请删去数据11各列")]
    assert not LedgerEntry.objects.exists()


def test_the_export_query_count_does_not_grow_with_the_rows(cast, login, django_assert_num_queries):
    sfj = org("demo-sfj")
    client = login(cast["bureau"])

    def entries(n):
        for _ in range(n):
            e = LedgerEntryFactory(org=sfj)
            LedgerFigureFactory(entry=e)
            attach(e)

    entries(3)
    client.get(BASE)
    with django_assert_num_queries(30, exact=False) as few:
        assert len(sheet(client.get(f"{BASE}export/"))[1]) == 3
    entries(20)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(sheet(client.get(f"{BASE}export/"))[1]) == 23
