"""普法活动, a registry with only its own files, reaches every part of the centre once it is installed
(``FAZHI_PLUGINS=tests.plugin_registry``): the system checks, the roles, the period table, the navigation, the list,
the Excel import, the indicators engine, the dashboard and the annual report. Run by
``fazhi/core/tests/test_plugin_registry.py`` in a process of its own (the folder's conftest leaves it out otherwise)."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core import registry
from fazhi.core.checks import personal_data, registries
from fazhi.core.models import Org, Period, Role
from fazhi.indicators.engine import Engine, Scope, year_period
from fazhi.reports import builder, services
from fazhi.reports.choices import BlockLevel, ReportPart, ReportSection
from tests.plugin_registry.choices import EventKind
from tests.plugin_registry.models import PublicityEvent

from .factories import PublicityEventFactory, event_row, event_workbook

S01 = "示范县司法局城关镇司法所"
KEYS = ["publicity_events.held", "publicity_events.held.lecture", "publicity_events.held.campaign",
        "publicity_events.audience", "publicity_events.by_kind"]


def org(code):
    return Org.objects.get(code=code)


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def upload(content):
    f = io.BytesIO(content)
    f.name = "普法活动.xlsx"
    return f


@pytest.fixture
def events(county):
    """Three events of 2025 in the county (two lectures, one campaign), one of 2024, one of the neighbouring county."""
    made = [
        PublicityEventFactory(org=org("demo-s01"), title="宪法进万家", held_on=date(2025, 12, 4), audience=200),
        PublicityEventFactory(org=org("demo-d01"), title="民法典宣讲", held_on=date(2025, 3, 1), audience=50),
        PublicityEventFactory(org=org("demo-sfj"), title="法治集市", kind=EventKind.CAMPAIGN, held_on=date(2025, 6, 1), audience=300),
        PublicityEventFactory(org=org("demo-s01"), title="去年讲座", held_on=date(2024, 6, 1), audience=10),
        PublicityEventFactory(org=org("other"), title="邻县讲座", held_on=date(2025, 6, 1), audience=999),
    ]
    return made


@pytest.mark.django_db
def test_the_registry_is_registered_and_passes_the_system_checks():
    assert registry.registrations()[-1].label == "publicity_events"
    assert registry.get("publicity_events").name == "普法活动"
    assert registries() == [] and personal_data() == []
    call_command("check", stdout=io.StringIO())
    call_command("makemigrations", "publicity_events", "--check", "--dry-run", stdout=io.StringIO())


def test_its_period_is_seeded_and_the_standard_roles_hold_its_permissions(county):
    assert Period.objects.filter(key="publicity_events.report").exists()
    codenames = set(Role.objects.get(code="bureau_admin").permissions.values_list("codename", flat=True))
    assert {"view_publicityevent", "add_publicityevent", "change_publicityevent", "delete_publicityevent"} <= codenames
    assert "delete_publicityevent" not in set(Role.objects.get(code="station_staff").permissions.values_list("codename", flat=True))


def test_the_navigation_line_is_on_the_home_page_for_the_bureau(cast, login):
    page = login(cast["bureau"]).get("/")
    assert page.status_code == 200
    assert 'href="/publicity_events/"' in page.content.decode() and "普法活动" in text(page)
    assert 'href="/publicity_events/"' not in login(cast["secadmin"]).get("/").content.decode()  # no business data


def test_the_list_shows_a_record_in_scope_with_the_phone_masked(events, cast, login):
    page = login(cast["station1"]).get("/publicity_events/")
    assert page.status_code == 200
    shown = text(page)
    assert "宪法进万家" in shown and "去年讲座" in shown
    assert "民法典宣讲" not in shown and "邻县讲座" not in shown  # another unit's, another county's
    assert events[0].speaker_phone not in shown  # a station does not see personal information unmasked
    assert "法治集市" in text(login(cast["bureau"]).get("/publicity_events/"))


def test_importing_its_own_template_creates_the_row(cast, login):
    client = login(cast["station1"])
    assert client.get("/publicity_events/import/template/").status_code == 200
    r = client.post("/publicity_events/import/", {"file": upload(event_workbook([event_row(S01, "宪法宣传周")]))})
    assert r.status_code == 302, r.content.decode()[:2000]
    event = PublicityEvent.objects.get()
    assert (event.title, event.org.code, event.held_on, event.audience, event.speaker_phone) == (
        "宪法宣传周", "demo-s01", date(2025, 6, 1), 80, "13905791234")
    assert event.created_by == cast["station1"]


def test_a_bad_row_gives_a_chinese_error_and_writes_nothing(cast, login):
    rows = [event_row(S01, "合规活动"), event_row(S01, "负数受众", **{"受众人数（人次）": -5}),
            event_row(S01, "坏形式", 活动形式="座谈")]
    r = login(cast["station1"]).post("/publicity_events/import/", {"file": upload(event_workbook(rows))})
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert (3, "受众人数（人次）", "确保该值大于或等于0。") in errors
    assert any(row == 4 and column == "活动形式" and "不是可选值" in message for row, column, message in errors)
    assert not PublicityEvent.objects.exists()


def test_the_engine_counts_its_records(events):
    values = Engine(Scope(org("demo")), *year_period(2025)).evaluate(KEYS)
    assert values["publicity_events.held"].value == 3
    assert values["publicity_events.held.lecture"].value == 2 and values["publicity_events.held.campaign"].value == 1
    assert values["publicity_events.audience"].value == 550
    assert {i["key"]: i["count"] for i in values["publicity_events.by_kind"].items} == {"lecture": 2, "campaign": 1}
    station = Engine(Scope(org("demo-s01"), subtree=False), *year_period(2025)).evaluate(["publicity_events.held"])
    assert station["publicity_events.held"].value == 1


def test_the_dashboard_shows_its_tiles(events, cast, login):
    page = login(cast["leader"]).get("/indicators/dashboard/", {"org": "demo", "period": "year", "year": "2025"})
    assert page.status_code == 200
    shown = text(page)
    assert "普法活动" in shown and "举办普法活动" in shown and "举办法治讲座" in shown


def test_the_report_writes_its_paragraph_under_its_theme(events):
    with time_machine.travel(date(2026, 2, 10), tick=False):
        draft = services.create_draft(org("demo"), 2025)
        blocks = list(draft.blocks.filter(part=ReportPart.MEASURES, section=ReportSection.PUBLICITY).order_by("position"))
        assert [b.text for b in blocks if b.level == BlockLevel.HEADING2] == ["（一）法治宣传教育"]
        [paragraph] = [b for b in blocks if b.level == BlockLevel.PARAGRAPH]
        assert paragraph.text == ("一是深入开展普法活动。全年举办普法活动{{publicity_events.held}}，{{publicity_events.held|yoy}}，其中法治讲座"
                                  "{{publicity_events.held.lecture}}，受众{{publicity_events.audience}}。")
        assert paragraph.source == "indicator:publicity_events"
        rendered = builder.render_draft(draft)
        shown = [b.text for b in rendered.blocks if b.section == ReportSection.PUBLICITY and b.level == BlockLevel.PARAGRAPH]
        assert shown == ["一是深入开展普法活动。全年举办普法活动3场，同比增长2场、200.0%，其中法治讲座2场，受众550人次。"]


def test_the_benchmark_generator_knows_how_to_clone_it():
    specs = registry.get("publicity_events").declared("bench", "SPECS")
    assert [s.model for s in specs] == [PublicityEvent] and specs[0].key == ("held_on",)
