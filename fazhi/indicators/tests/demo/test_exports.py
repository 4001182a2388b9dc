"""The dashboard as an Excel workbook (opened back with openpyxl: every registered count and rate with its
definition, numerator, denominator, prior value and source; one sheet per breakdown; an audited export) and as a
printable page (no navigation; every chart with its table)."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org
from fazhi.indicators import definitions
from fazhi.indicators.engine import Engine, Scope
from fazhi.indicators.exports import VALUES_HEADER, VALUES_SHEET


def workbook(client, user, **params):
    client.force_login(user)
    r = client.get("/indicators/dashboard/export/", params)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(b"".join(r.streaming_content))), r


def test_the_workbook_holds_every_count_and_rate_with_its_definition_and_prior_value(demo, client):
    wb, r = workbook(client, demo["leader"], org="demo", year="2023")
    assert "attachment" in r["Content-Disposition"]
    ws = wb[VALUES_SHEET]
    assert ws["A1"].value == "示范县人民政府（含下级） 2023年 法治政府建设指标数据"
    header = [c.value for c in ws[4]]
    assert header == VALUES_HEADER
    rows = {row[2]: dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=5, values_only=True)}
    keys = [k for k, x in definitions.REGISTRY.items() if x.kind in ("count", "rate")]
    assert set(rows) == set(keys)
    values = Engine(Scope(Org.objects.get(code="demo"), True, demo["leader"]), date(2023, 1, 1), date(2023, 12, 31), "default").evaluate(keys)
    for key in keys:
        row, v = rows[key], values[key]
        if v.kind == "rate":
            assert (row["本期数值"], row["分子"], row["分母"]) == (float(v.value) if v.value is not None else None, v.numerator, v.denominator)
        else:
            assert row["本期数值"] == v.value
        assert row["计算口径"] == v.definition
    received = rows["reconsideration.received"]
    assert (received["上年同期"], received["上年同期数据来源"]) == (104, "基期数据：《示范县2022年法治政府建设年度报告》")
    assert received["同比变化"].startswith("增长")
    rate = rows["reconsideration.correction_rate"]
    assert rate["上年同期"] == float(Decimal("8.33")) and ws.cell(row=5 + keys.index("reconsideration.correction_rate"), column=5).number_format == '0.00"%"'


def test_the_workbook_has_one_sheet_per_breakdown_and_per_chart(demo, client):
    wb, _ = workbook(client, demo["leader"], org="demo", year="2025")
    breakdowns = [x for x in definitions.REGISTRY.values() if x.kind == "breakdown"]
    for b in breakdowns:
        assert re.sub(r"[\[\]:*?/\\]", "", b.label)[:31] in wb.sheetnames
    sheet = wb["行政行为类别分布"]
    assert [c.value for c in sheet[4]] == ["类别", "件数", "占比"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    values = Engine(Scope(Org.objects.get(code="demo")), date(2025, 1, 1), date(2025, 12, 31), "default").evaluate(["reconsideration.by_act_kind"])
    items = values["reconsideration.by_act_kind"].items
    assert [(r[0], r[1]) for r in rows[:-1]] == [(i["label"], i["count"]) for i in items]
    assert rows[-1][:2] == ("合计", sum(i["count"] for i in items))
    for name in ("月度收案", "历年直接纠错率和行政诉讼败诉率", "各单位被申请复议、被诉件数"):
        assert name in wb.sheetnames, wb.sheetnames
    monthly = list(wb["月度收案"].iter_rows(min_row=5, values_only=True))
    assert len(monthly) == 13 and all(isinstance(v, int) for v in monthly[0][1:]) and monthly[-1][0] == "合计"


def test_the_export_is_audited_and_keeps_the_users_scope(demo, client):
    wb, _ = workbook(client, demo["station1"])
    rows = list(wb[VALUES_SHEET].iter_rows(min_row=5, values_only=True))
    assert {r[4] for r in rows if r[3] == "计数"} == {0}
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("at")
    assert event.username == "station1" and event.detail["org"] == "demo-s01" and event.detail["model"] == "indicators.dashboard"
    client.force_login(demo["station1"])
    assert client.get("/indicators/dashboard/export/", {"org": "demo"}).status_code == 404


def test_the_printable_page_has_no_navigation_and_every_chart_with_its_table(demo, client):
    client.force_login(demo["leader"])
    r = client.get("/indicators/dashboard/print/", {"year": "2025"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "fz-sidebar" not in html and "fz-topbar" not in html
    assert "示范县人民政府（含下级）2025年法治政府建设主要数据" in html
    for chart in r.context["dash"].charts:
        assert f'id="chart-{chart.id}"' in html and f'id="chart-data-{chart.id}"' in html
    assert html.count("<table") == len(r.context["dash"].charts) + len(r.context["dash"].tiles)
    css = open("static/css/dashboard.css", encoding="utf-8").read()
    assert "@media print" in css and ".fz-sidebar" in css.split("@media print")[1]


def test_the_workbook_of_a_unit_whose_name_holds_a_slash_downloads_under_the_whole_name(demo, client):
    from fazhi.core.tests.test_downloads import downloaded_name

    Org.objects.filter(code="demo").update(name="示范县人民政府/示范经济开发区管委会")
    _, r = workbook(client, demo["leader"], org="demo", year="2023")
    assert downloaded_name(r) == "数据看板_示范县人民政府／示范经济开发区管委会_2023年.xlsx"
