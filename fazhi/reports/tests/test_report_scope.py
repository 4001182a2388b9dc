"""Data scope of reports: a station or a department cannot open the county's draft (404, never 403), sees and
drafts only its own; the leader reads but cannot change; and a department's report counts its own records
only — the cases in which it is the respondent and the lawsuits in which it is the defendant."""

from datetime import date

import pytest
import time_machine

from fazhi.litigation.choices import Result
from fazhi.reconsideration.choices import Outcome
from fazhi.reports import builder, services
from fazhi.reports.models import ReportDraft

from .factories import cases, lawsuits, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _season():
    with time_machine.travel(date(2026, 2, 10), tick=True):
        yield


@pytest.fixture
def drafts(county):
    return {code: services.create_draft(org(code), 2025) for code in ("demo", "demo-d01", "demo-d02", "demo-t01")}


def urls(draft):
    return [f"/reports/{draft.pk}/", f"/reports/{draft.pk}/download/?format=docx", f"/reports/{draft.pk}/v1/",
            f"/reports/{draft.pk}/v1/changes/"]


@pytest.mark.parametrize("username", ["station1", "dept1", "outsider"])
def test_a_narrower_scope_cannot_open_the_countys_draft(drafts, cast, login, username):
    client = login(cast[username])
    county = drafts["demo"]
    for url in urls(county):
        assert client.get(url).status_code == 404, url
    for action in ("save", "freeze", "rebuild"):
        assert client.post(f"/reports/{county.pk}/{action}/", "{}", content_type="application/json").status_code == 404, action
    assert county.title not in client.get("/reports/").content.decode()


def test_a_department_sees_and_drafts_only_its_own_report(drafts, cast, login):
    client = login(cast["dept1"])  # 示范县公安局 (demo-d01)
    assert client.get(f"/reports/{drafts['demo-d01'].pk}/").status_code == 200
    assert client.get(f"/reports/{drafts['demo-d02'].pk}/").status_code == 404
    index = client.get("/reports/").content.decode()
    assert drafts["demo-d01"].title in index and drafts["demo-d02"].title not in index
    assert client.post("/reports/", {"org": org("demo").pk, "year": 2024}).status_code == 400
    assert not ReportDraft.objects.filter(org__code="demo", year=2024).exists()
    r = client.post("/reports/", {"org": org("demo-d01").pk, "year": 2024})
    assert r.status_code == 302 and ReportDraft.objects.filter(org__code="demo-d01", year=2024).exists()
    calendar = client.get("/reports/calendar/?year=2025").content.decode()
    assert 'data-org="demo-d01"' in calendar and 'data-org="demo-d02"' not in calendar and 'data-org="demo"' not in calendar


def test_the_leader_reads_every_report_but_changes_none(drafts, cast, login):
    client = login(cast["leader"])
    county = drafts["demo"]
    page = client.get(f"/reports/{county.pk}/").content.decode()
    assert 'contenteditable="true"' not in page and 'data-readonly="1"' in page and "插入数值" not in page
    assert client.post(f"/reports/{county.pk}/save/", "{}", content_type="application/json").status_code == 403
    assert client.post(f"/reports/{county.pk}/freeze/").status_code == 403
    assert client.get(f"/reports/{county.pk}/download/?format=md").status_code == 200


def test_a_departments_report_counts_its_own_records_only(county):
    cases(2025, 3, respondent="demo-d01", outcome=Outcome.REVOKED)
    cases(2025, 5, respondent="demo-d02")
    cases(2025, 2, respondent="demo-t01")
    lawsuits(2025, 2, defendant="demo-d01", result=Result.REVOKED)
    lawsuits(2025, 4, defendant="demo-d02")
    d01 = builder.render_draft(services.create_draft(org("demo-d01"), 2025)).facts
    assert (d01["reconsideration.respondent.received"].value, d01["reconsideration.respondent.corrected"].value) == (3, 3)
    assert (d01["litigation.received"].value, d01["litigation.lost"].value) == (2, 2)
    d02 = builder.render_draft(services.create_draft(org("demo-d02"), 2025)).facts
    assert (d02["reconsideration.respondent.received"].value, d02["litigation.received"].value) == (5, 4)
    county_facts = builder.render_draft(services.create_draft(org("demo"), 2025)).facts
    assert county_facts["reconsideration.received"].value == 10 and county_facts["litigation.received"].value == 6
    # The bureau as the county's reconsideration office: every case it handled.
    bureau = builder.render_draft(services.create_draft(org("demo-sfj"), 2025))
    assert bureau.facts["reconsideration.received"].value == 10
    assert "全年没有以本单位为被告的行政诉讼案件。" in bureau.full_text()  # the lawsuits were against the departments


def test_a_draft_the_user_may_not_see_is_not_confirmed_when_asked_to_draft_it_again(drafts, cast, login):
    """A 仅本人 role may draft for its unit but sees only its own drafts: asking for the unit's 2025 report,
    drafted by someone else, is refused with the neutral message — not "已经存在" and a redirect to a 404."""
    from django.contrib.auth.models import Permission

    from fazhi.core.choices import DataScope, RoleKind
    from fazhi.core.models import Membership, Role, User
    from fazhi.core.scope import HIDDEN_DUPLICATE

    role = Role.objects.create(code="self_reporter", name="本人报告", kind=RoleKind.BUSINESS, data_scope=DataScope.SELF)
    role.permissions.set(Permission.objects.filter(codename__in=["view_reportdraft", "add_reportdraft"]))
    user = User.objects.create(username="self1", full_name="本人", must_change_password=False, active_org=org("demo-d01"))
    Membership.objects.create(user=user, org=org("demo-d01")).roles.set([role])
    client = login(user)
    r = client.post("/reports/", {"org": org("demo-d01").pk, "year": 2025})
    assert r.status_code == 400
    page = r.content.decode()
    assert HIDDEN_DUPLICATE.format(what="示范县公安局2025年度的报告") in page
    assert "已经存在" not in page and drafts["demo-d01"].title not in page
    assert ReportDraft.objects.filter(org__code="demo-d01", year=2025).count() == 1
    r = client.post("/reports/", {"org": org("demo-d01").pk, "year": 2024})
    assert r.status_code == 302
    mine = ReportDraft.objects.get(org__code="demo-d01", year=2024)
    assert mine.created_by == user
    r = client.post("/reports/", {"org": org("demo-d01").pk, "year": 2024})
    assert r.status_code == 302 and r.url == f"/reports/{mine.pk}/"
