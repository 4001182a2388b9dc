"""Drill-down: every number on the dashboard opens the list of exactly the records behind it, in the user's data
scope, with the registry's own table and detail links, exportable to Excel (an audited export); an org outside
the scope is a 404."""

from datetime import date
from io import BytesIO
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org
from fazhi.indicators.engine import Engine, Scope
from fazhi.litigation.models import Lawsuit
from fazhi.reconsideration.choices import CORRECTED
from fazhi.reconsideration.models import ReconsiderationCase

URL = "/indicators/records/"
Y2025 = {"org": "demo", "start": "2025-01-01", "end": "2025-12-31"}


def in_2025(day):
    return day is not None and date(2025, 1, 1) <= day <= date(2025, 12, 31)


def shown(response):
    """The pks of every record the page lists (all pages), and the pks on the first page."""
    return set(response.context["qs"].values_list("pk", flat=True)), {row["obj"].pk for row in response.context["rows"]}


def test_a_count_tile_lists_exactly_its_records_with_detail_links(demo, client):
    client.force_login(demo["leader"])
    r = client.get(URL, {**Y2025, "key": "reconsideration.received"})
    assert r.status_code == 200
    everything, first_page = shown(r)
    expected = set(ReconsiderationCase.objects.filter(received_on__year=2025).values_list("pk", flat=True))
    assert everything == expected and len(first_page) == 50 and first_page <= expected
    assert r.context["page"].paginator.count == len(expected)
    html = r.content.decode()
    case = next(row["obj"] for row in r.context["rows"])
    assert f'href="/reconsideration/{case.pk}/"' in html and case.case_no in html
    assert f"共 {len(expected)} 条" in html


def test_a_rate_tile_lists_its_numerator_and_links_its_denominator(demo, client):
    client.force_login(demo["leader"])
    r = client.get(URL, {**Y2025, "key": "reconsideration.correction_rate"})
    everything, _ = shown(r)
    corrected = {c.pk for c in ReconsiderationCase.objects.all() if in_2025(c.closed_on) and c.outcome in CORRECTED}
    assert everything == corrected
    value = r.context["value"]
    assert (value.numerator, value.denominator) == (len(corrected), ReconsiderationCase.objects.filter(closed_on__year=2025).exclude(outcome="").count())
    html = r.content.decode()
    assert "key=reconsideration.closed" in html and "分母" in html


def test_every_tile_and_chart_number_links_to_records_whose_count_is_that_number(demo, client):
    client.force_login(demo["leader"])
    dash = client.get("/indicators/dashboard/", {"year": "2025"}).context["dash"]
    checked = 0
    for group in dash.tiles:
        for t in group["items"]:
            r = client.get(t["url"])
            assert r.status_code == 200
            expected = t["numerator"] if t["kind"] == "rate" else t["value"].value
            assert r.context["page"].paginator.count == expected, t["key"]
            checked += 1
    for chart in dash.charts:
        for row in chart.table["rows"]:
            for cell in row[1:]:
                if cell["url"] and cell["text"].isdigit():
                    r = client.get(cell["url"])
                    assert r.context["page"].paginator.count == int(cell["text"]), (chart.id, row[0]["text"], cell["url"])
                    checked += 1
    assert checked > 100


def test_a_breakdown_row_an_empty_category_and_a_ranking_row_list_their_records(demo, client):
    client.force_login(demo["leader"])
    r = client.get(URL, {**Y2025, "key": "reconsideration.by_act_kind", "category": "penalty"})
    assert shown(r)[0] == set(ReconsiderationCase.objects.filter(received_on__year=2025, act_kind="penalty").values_list("pk", flat=True))
    assert "行政行为类别分布：行政处罚" in r.content.decode()
    police = Org.objects.get(code="demo-d01")
    r = client.get(URL, {**Y2025, "key": "litigation.loss_rate", "by": "defendant_org", "category": police.pk})
    expected = {x.pk for x in Lawsuit.objects.filter(defendant_org=police, trial_level="first_instance") if in_2025(x.closed_on) and x.outcome_class == "lost"}
    assert shown(r)[0] == expected
    r = client.get(URL, {**Y2025, "key": "reconsideration.received", "by": "respondent_org", "category": "__null__"})
    assert shown(r)[0] == set(ReconsiderationCase.objects.filter(received_on__year=2025, respondent_org__isnull=True).values_list("pk", flat=True))
    # Only the rankings' fields may be used to group.
    assert client.get(URL, {**Y2025, "key": "reconsideration.received", "by": "created_by__password", "category": "x"}).status_code == 404


def test_a_month_of_the_monthly_chart_lists_that_months_cases(demo, client):
    client.force_login(demo["leader"])
    monthly = next(c for c in client.get("/indicators/dashboard/", {"year": "2025"}).context["dash"].charts if c.id == "monthly")
    march = monthly.series[0]["urls"][2]
    q = parse_qs(urlparse(march).query)
    assert (q["start"], q["end"], q["key"]) == (["2025-03-01"], ["2025-03-31"], ["reconsideration.received"])
    r = client.get(march)
    assert shown(r)[0] == set(ReconsiderationCase.objects.filter(received_on__year=2025, received_on__month=3).values_list("pk", flat=True))


def test_the_scope_holds_station1_gets_404_for_the_county_and_nothing_in_its_own_unit(demo, client):
    client.force_login(demo["station1"])
    assert client.get(URL, {**Y2025, "key": "reconsideration.received"}).status_code == 404
    r = client.get(URL, {**Y2025, "org": "demo-s01", "key": "reconsideration.received"})
    assert r.status_code == 200 and r.context["page"].paginator.count == 0
    client.force_login(demo["outsider"])
    assert client.get(URL, {**Y2025, "key": "litigation.received"}).status_code == 404


def test_the_bureau_alone_excludes_its_stations_and_departments(demo, client):
    client.force_login(demo["bureau"])
    r = client.get(URL, {**Y2025, "org": "demo-sfj", "unit_only": "1", "key": "litigation.received"})
    bureau = Org.objects.get(code="demo-sfj")
    expected = set(Lawsuit.objects.filter(defendant_org=bureau, complaint_received_on__year=2025, trial_level="first_instance").values_list("pk", flat=True))
    assert shown(r)[0] == expected


@pytest.mark.parametrize("params,status", [
    ({"key": "reconsideration.nothing"}, 404),
    ({"key": "reconsideration.received", "start": "2025-13-01"}, 404),
    ({"key": "reconsideration.received", "start": "2025-06-01", "end": "2025-01-01"}, 404),
    ({"key": "reconsideration.received", "org": "nowhere"}, 404),
])
def test_a_bad_request_is_a_404(demo, client, params, status):
    client.force_login(demo["leader"])
    assert client.get(URL, {**Y2025, **params}).status_code == status


def test_an_administrator_without_business_roles_is_refused(demo, client):
    client.force_login(demo["admin"])
    assert client.get(URL, {**Y2025, "key": "reconsideration.received"}).status_code == 403


def test_the_export_writes_the_same_rows_with_the_registrys_columns_and_is_audited(demo, client):
    client.force_login(demo["leader"])
    params = {**Y2025, "key": "reconsideration.correction_rate"}
    expected = set(Engine(Scope(Org.objects.get(code="demo"), True, demo["leader"]), date(2025, 1, 1), date(2025, 12, 31), "default")
                   .records("reconsideration.correction_rate").values_list("case_no", flat=True))
    r = client.get(URL + "export/", params)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(wb["数据"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["案号", "办理机构", "收到申请日期"] and "申请人" in header
    assert {row[0] for row in rows[1:]} == expected
    # Personal information stays masked (the leader's role may not see it).
    names = [row[header.index("申请人")] for row in rows[1:]]
    assert any("*" in (n or "") for n in names)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("at")
    assert event.username == "leader" and event.detail["key"] == "reconsideration.correction_rate" and event.detail["count"] == len(expected)
    assert "导出指标明细“直接纠错率”" in event.message


def test_the_records_page_takes_a_small_constant_number_of_queries(demo, client, django_assert_max_num_queries):
    """Like every list page: the count does not grow with the rows (the parties come in one prefetch)."""
    client.force_login(demo["leader"])
    for key in ("reconsideration.received", "litigation.loss_rate"):
        params = {**Y2025, "key": key}
        client.get(URL, params)
        with django_assert_max_num_queries(24):
            r = client.get(URL, params)
        assert r.status_code == 200 and r.context["page"].paginator.count > 0
