"""The dashboard page: who may see it and which orgs, the default period, its charts and their tables, the
data islands instead of inline scripts, and a query count that stays small and does not grow with the span."""

import json
import re

import pytest

from fazhi.core.models import Org
from fazhi.indicators.dashboard import Period, build
from fazhi.indicators.engine import Engine, Scope

URL = "/indicators/dashboard/"
#: The most SQL queries one dashboard may take (session, user, roles, orgs, local rule, the engine's aggregates,
#: breakdowns, year-on-year, monthly series, trend and ranking), whatever the data and the period.
MAX_QUERIES = 36


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def tiles(response):
    return {t["key"]: t for g in response.context["dash"].tiles for t in g["items"]}


def test_the_default_is_the_last_full_year_of_the_highest_unit_the_user_sees(demo, client):
    r = get(client, demo["bureau"])
    assert r.status_code == 200
    dash = r.context["dash"]
    assert (dash.org.code, dash.subtree, dash.period.label) == ("demo", True, "2025年")
    assert "示范县人民政府（含下级） · 2025年" in r.content.decode()


def test_the_org_selector_lists_the_orgs_the_user_can_see(demo, client):
    r = get(client, demo["leader"])
    codes = [o["code"] for o in r.context["orgs"]]
    county = Org.objects.get(code="demo")
    assert codes[0] == "demo" and set(codes) == set(Org.objects.filter(path__startswith=county.path).values_list("code", flat=True))
    r = get(client, demo["station1"])
    assert [o["code"] for o in r.context["orgs"]] == ["demo-s01"]
    assert r.context["dash"].org.code == "demo-s01"


def test_a_station_user_sees_only_its_own_units_numbers_and_not_the_county(demo, client):
    assert get(client, demo["station1"], org="demo").status_code == 404
    assert get(client, demo["station1"], org="demo-sfj").status_code == 404
    r = get(client, demo["station1"], org="demo-s01", year="2025")
    assert r.status_code == 200
    values = {k: t["value"].value for k, t in tiles(r).items()}
    assert set(v for k, v in values.items() if tiles(r)[k]["kind"] == "count") == {0}
    assert set(v for k, v in values.items() if tiles(r)[k]["kind"] == "rate") == {None}
    # Even with the county's scope object, the station's data scope leaves nothing.
    county = Org.objects.get(code="demo")
    station_view = build(county, Period("year", *_year(2025)), user=demo["station1"])
    assert all(t["value"].value in (0, None) for g in station_view.tiles for t in g["items"])


def test_a_department_sees_the_lawsuits_against_it(demo, client):
    r = get(client, demo["dept1"])
    assert r.context["dash"].org.code == "demo-d01"
    engine = Engine(Scope(Org.objects.get(code="demo-d01"), True, demo["dept1"]), *_year(2025), "default")
    received = engine.counts(["litigation.received"])["litigation.received"]
    assert received > 0 and tiles(r)["litigation.received"]["value"].value == received


def test_an_outsider_cannot_choose_the_demo_county_and_an_administrator_sees_no_business_numbers(demo, client):
    assert get(client, demo["outsider"], org="demo").status_code == 404
    assert get(client, demo["admin"]).status_code == 403


def _year(y):
    from datetime import date

    return date(y, 1, 1), date(y, 12, 31)


@pytest.mark.parametrize("params,label", [
    ({"period": "year", "year": "2024"}, "2024年"),
    ({"period": "quarter", "year": "2025", "quarter": "3"}, "2025年第三季度"),
    ({"period": "month", "year": "2024", "month": "2"}, "2024年2月"),
    ({"period": "range", "start": "2024-03-05", "end": "2025-06-30"}, "2024年3月5日至2025年6月30日"),
])
def test_the_period_is_a_year_a_quarter_a_month_or_any_range(demo, client, params, label):
    r = get(client, demo["leader"], **params)
    dash = r.context["dash"]
    assert dash.period.label == label
    received = Engine(Scope(dash.org, True, demo["leader"]), dash.period.start, dash.period.end, "default").counts(["reconsideration.received"])
    assert tiles(r)["reconsideration.received"]["value"].value == received["reconsideration.received"]


@pytest.mark.parametrize("params,message", [
    ({"period": "range", "start": "2025-07-01", "end": "2025-01-01"}, "起始日期不能晚于截止日期。"),
    ({"period": "year", "year": "二〇二五"}, "年份“二〇二五”不是有效的数字。"),
    ({"period": "decade"}, "统计周期“decade”无效。"),
    ({"period": "range", "start": "2025-02-30", "end": "2025-03-01"}, "起始日期“2025-02-30”不是有效日期"),
])
def test_a_bad_period_is_a_chinese_message_and_the_default_year(demo, client, params, message):
    r = get(client, demo["leader"], **params)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert r.context["dash"].period.label == "2025年"


def test_each_chart_has_a_data_island_and_a_table_and_there_is_no_inline_script(demo, client):
    r = get(client, demo["leader"], year="2025")
    html = r.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    charts = r.context["dash"].charts
    ids = [c.id for c in charts]
    for expected in ("monthly", "recon-outcomes", "lit-outcomes", "trend", "reconsideration-by_respondent",
                     "reconsideration-by_act_kind", "reconsideration-by_area", "ranking", "loss-ranking"):
        assert expected in ids
    for chart in charts:
        island = re.search(rf'<script id="chart-data-{re.escape(chart.id)}" type="application/json">(.*?)</script>', html, re.S)
        data = json.loads(island.group(1))
        assert data["title"] == chart.title and data["categories"] == chart.categories
        assert f'id="chart-{chart.id}-table"' in html and chart.table["rows"]
        # The table holds the same numbers as the chart (a pie's slices are the table's rows; bar charts of
        # counts have a column per series; the ranking's table has more columns than its chart).
        if chart.kind == "pie":
            assert [row[1]["text"] for row in chart.table["rows"]][: len(chart.categories)] == [str(v) for v in data["series"][0]["data"]]
        elif chart.unit == "件" and chart.id not in ("ranking", "reconsideration-by_respondent"):
            for j, s in enumerate(data["series"], start=1):
                rows = chart.table["rows"]
                assert [row[j]["text"] for row in rows[: len(chart.categories)]] == [str(v) for v in s["data"]], chart.id
                if len(rows) > len(chart.categories):  # a total row
                    assert rows[-1][0]["text"] == "合计" and rows[-1][j]["text"] == str(sum(s["data"]))
    assert "static/js/dashboard.js" in html and "static/vendor/echarts/echarts.min.js" in html


def test_the_monthly_chart_adds_up_to_the_years_intake_and_compares_with_the_year_before(demo, client):
    r = get(client, demo["leader"], year="2025")
    monthly = next(c for c in r.context["dash"].charts if c.id == "monthly")
    series = {s["name"]: s["data"] for s in monthly.series}
    t = tiles(r)
    assert sum(series["行政复议收案"]) == t["reconsideration.received"]["value"].value
    assert sum(series["行政复议收案（上年同期）"]) == r.context["dash"].comparisons["reconsideration.received"].previous
    assert sum(series["行政诉讼收案（一审）"]) == t["litigation.received"]["value"].value
    assert monthly.categories == [f"{m}月" for m in range(1, 13)]


def test_the_trend_uses_records_and_the_2022_baseline(demo, client):
    r = get(client, demo["leader"], year="2025")
    trend = next(c for c in r.context["dash"].charts if c.id == "trend")
    assert trend.categories == ["2022年", "2023年", "2024年", "2025年"]
    correction = trend.series[0]
    assert correction["data"][0] == 8.33 and correction["baseline"][0] and not correction["baseline"][3]
    assert correction["data"][3] == float(tiles(r)["reconsideration.correction_rate"]["value"].value)
    assert "基期数据：《示范县2022年法治政府建设年度报告》" in trend.table["rows"][0][-1]["text"]


def test_the_ranking_adds_up_to_the_county_totals(demo, client):
    r = get(client, demo["leader"], year="2025")
    ranking = next(c for c in r.context["dash"].charts if c.id == "ranking")
    t = tiles(r)
    recon = sum(int(row[1]["text"]) for row in ranking.table["rows"])
    lit = sum(int(row[3]["text"]) for row in ranking.table["rows"])
    assert recon == t["reconsideration.received"]["value"].value
    assert lit == t["litigation.received"]["value"].value
    loss = next(c for c in r.context["dash"].charts if c.id == "loss-ranking")
    rates = [float(row[1]["text"].rstrip("%")) for row in loss.table["rows"]]
    assert rates == sorted(rates, reverse=True)


def test_the_footnotes_state_each_rates_definition_in_force(demo, client):
    html = get(client, demo["leader"], year="2025").content.decode()
    assert "<strong>直接纠错率</strong> = （直接纠错）÷（审结）× 100%，四舍五入保留2位小数" in html
    assert "<strong>负责人出庭应诉率</strong> = （负责人出庭应诉）÷（开庭审理）× 100%，四舍五入保留2位小数" in html


@pytest.mark.parametrize("params", [
    {"year": "2025"},
    {"period": "month", "year": "2024", "month": "5"},
    {"period": "range", "start": "2023-01-01", "end": "2026-11-22"},
    {"org": "demo-sfj", "unit_only": "1", "year": "2024"},
])
def test_the_dashboard_takes_a_small_constant_number_of_queries(demo, client, django_assert_max_num_queries, params):
    client.force_login(demo["bureau"])
    client.get(URL, params)  # warm the per-process caches (content types)
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        r = client.get(URL, params)
    assert r.status_code == 200
    # The engine's share of them: fixed by the layout (aggregates per model, GROUP BYs), never by the rows.
    assert r.context["dash"].queries <= 14
    assert len(captured) >= 15
