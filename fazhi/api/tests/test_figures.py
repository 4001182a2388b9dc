"""The indicators and the annual reports over the API: the same JSON as ``fazhi indicators --format json`` within
the user's scope, the records behind a number, the drafts, the frozen versions and their downloads."""

import io
import json
from datetime import date

from django.core.management import call_command

from fazhi.api.tests.test_api import bearer, token_of
from fazhi.core.models import AuditEvent
from fazhi.core.testing.contract import subject_of
from fazhi.core.testing.helpers import org


def command_json(*args):
    out = io.StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def cases(n, code, year=2024):
    from fazhi.reconsideration.models import ReconsiderationCase

    subject = subject_of(ReconsiderationCase)
    return [subject.make(org(code), received_on=date(year, 3, 1 + i)) for i in range(n)]


def test_the_indicators_are_the_commands_json_within_the_users_scope(cast):
    cases(3, "demo-sfj")
    cases(2, "demo-s01")
    body = bearer(token_of("section")).get("/api/v1/indicators/", {"org": "demo-sfj", "year": "2024"}).json()
    expected = command_json("--org", "demo-sfj", "--year", "2024", "--user", "section")
    assert body.pop("user") == "section"
    assert body == json.loads(json.dumps(expected))
    received = next(v for v in body["values"] if v["key"] == "reconsideration.received")
    assert received["value"] == 5  # with its stations (司法所 are units of the bureau)
    station = bearer(token_of("station1")).get("/api/v1/indicators/", {"org": "demo-s01", "year": "2024"}).json()
    assert next(v for v in station["values"] if v["key"] == "reconsideration.received")["value"] == 2


def test_a_unit_out_of_scope_a_bad_year_and_an_administrator_are_refused_in_chinese(cast):
    station = bearer(token_of("station1"))
    assert station.get("/api/v1/indicators/", {"org": "demo-s02", "year": "2024"}).status_code == 404
    bad = station.get("/api/v1/indicators/", {"org": "demo-s01", "year": "二〇二四"})
    assert bad.status_code == 400 and "年度" in bad.json()["year"][0]
    assert bearer(token_of("admin")).get("/api/v1/indicators/", {"org": "demo-sfj", "year": "2024"}).status_code == 403


def test_the_records_behind_a_number_are_the_users_own_and_masked(cast):
    mine = cases(2, "demo-s01")
    cases(1, "demo-s02")
    client = bearer(token_of("station1"))
    body = client.get("/api/v1/indicators/records/", {"key": "reconsideration.received", "org": "demo-s01", "year": "2024"}).json()
    assert body["count"] == 2 and sorted(r["id"] for r in body["results"]) == sorted(c.pk for c in mine)
    assert body["value"]["value"] == 2
    assert client.get("/api/v1/indicators/records/", {"key": "nonsense", "year": "2024"}).status_code == 404


def test_the_reports_their_frozen_versions_and_downloads_are_the_users_own(cast):
    from fazhi.reports import services

    draft = services.create_draft(org("demo-sfj"), 2024, user=cast["section"])
    client = bearer(token_of("bureau"))
    listing = client.get("/api/v1/reports/").json()
    assert [d["id"] for d in listing["results"]] == [draft.pk] and listing["results"][0]["org"] == "demo-sfj"
    md = client.get(f"/api/v1/reports/{draft.pk}/download/", {"format": "md"})
    assert md.status_code == 200 and "法治政府建设" in b"".join(md.streaming_content).decode()
    assert AuditEvent.objects.filter(action="export", username="bureau").exists()
    assert client.get(f"/api/v1/reports/{draft.pk}/download/", {"format": "pdf"}).status_code == 400
    assert bearer(token_of("station1")).get(f"/api/v1/reports/{draft.pk}/").status_code == 404
