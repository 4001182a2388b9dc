"""The dashboard cache (FAZHI_DASHBOARD_CACHE_SECONDS): a repeated dashboard is not evaluated again within the
minute, the page says when its numbers were computed, 立即刷新 recomputes, and no user is ever served another
user's numbers — the cache is per user scope, so a station never sees the county's figures."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import Org
from fazhi.reconsideration.models import ReconsiderationCase

URL = "/indicators/dashboard/"
PARAMS = {"org": "demo", "period": "year", "year": "2026"}


@pytest.fixture
def cached(settings):
    settings.FAZHI_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def received(response):
    return next(t for g in response.context["dash"].tiles for t in g["items"] if t["key"] == "reconsideration.received")["value"].value


def add_case(org):
    """A case received today, written straight to the table (no workflow needed to be counted as received)."""
    model = ReconsiderationCase.objects.filter(org=org).order_by("-pk").first()
    model.pk = None
    model.case_no = f"测试缓存〔{date.today().year}〕{model.case_no}"
    model.received_on = date(2026, 11, 20)
    model.save()
    return model


def test_a_repeated_dashboard_is_served_without_evaluating_again_and_says_when_it_was_computed(demo, client, cached):
    client.force_login(demo["bureau"])
    first = client.get(URL, PARAMS)
    with CaptureQueriesContext(connection) as q:
        second = client.get(URL, PARAMS)
    assert second.status_code == 200
    assert received(second) == received(first)
    assert second.context["now"] == first.context["now"]
    assert len(q) <= 12, [x["sql"][:80] for x in q.captured_queries]  # session, user, roles, orgs — no aggregate
    assert not any("COUNT(" in x["sql"] for x in q.captured_queries)
    page = second.content.decode()
    assert "数据截至" in page and "立即刷新" in page and "fresh=1" in page


def test_a_new_record_shows_after_a_refresh_and_immediately_with_the_cache_off(demo, client, cached, settings):
    client.force_login(demo["bureau"])
    before = received(client.get(URL, PARAMS))
    add_case(Org.objects.get(code="demo-sfj"))
    assert received(client.get(URL, PARAMS)) == before  # within the minute: the kept numbers
    assert received(client.get(URL, {**PARAMS, "fresh": "1"})) == before + 1
    assert received(client.get(URL, PARAMS)) == before + 1  # the refresh replaced the kept numbers
    settings.FAZHI_DASHBOARD_CACHE_SECONDS = 0
    add_case(Org.objects.get(code="demo-sfj"))
    assert received(client.get(URL, PARAMS)) == before + 2


def test_the_cache_never_serves_one_user_s_numbers_to_another(demo, client, cached):
    client.force_login(demo["bureau"])
    county = client.get(URL, PARAMS)
    station_org = Org.objects.get(code="demo-s01")
    client.force_login(demo["station1"])
    station = client.get(URL, {**PARAMS, "org": "demo-s01"})
    assert station.status_code == 200
    # Asking for the county as the station is refused as before, cache or not.
    assert client.get(URL, PARAMS).status_code == 404
    own = ReconsiderationCase.objects.filter(org=station_org, received_on__year=2026).count()
    assert received(station) == own < received(county)
    # The bureau asking for the station's unit gets its own evaluation, not the station user's entry.
    client.force_login(demo["bureau"])
    as_bureau = client.get(URL, {**PARAMS, "org": "demo-s01"})
    assert received(as_bureau) == own


def test_the_workbook_export_is_always_computed_afresh(demo, client, cached):
    client.force_login(demo["bureau"])
    client.get(URL, PARAMS)
    add_case(Org.objects.get(code="demo-sfj"))
    with CaptureQueriesContext(connection) as q:
        r = client.get(URL + "export/", PARAMS)
    assert r.status_code == 200
    assert any("COUNT(" in x["sql"] for x in q.captured_queries)
    b"".join(r.streaming_content)
