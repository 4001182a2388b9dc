"""Data scope on the legal adviser registry beyond the contract suite (fazhi/core/tests/test_contract.py, which
proves list, search, filter, record pages, export, import and create for every registry): 我的待办, the delete
right, county-wide roles, the leader's read-only pages and switching the active unit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory, adviser_row, adviser_workbook
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.testing.helpers import exported, org, upload

# viewer: (the org they work at, the orgs whose records they must never see)
NARROW = {
    "station1": ("demo-s01", ["demo-s02"]),
    "dept1": ("demo-d01", ["demo-d02"]),
    "outsider": ("other", ["demo", "demo-sfj", "demo-d01", "demo-t01", "demo-s01"]),
}
OTHERS = "甲乙丙丁戊"


def records_for(viewer, **kwargs):
    """One record of the viewer's own unit and one of each unit they must not see."""
    own, foreign = NARROW[viewer]
    mine = LegalAdviserFactory(org=org(own), name="本单位顾问", **kwargs)
    theirs = [LegalAdviserFactory(org=org(code), name=f"他人顾问{OTHERS[i]}", **kwargs) for i, code in enumerate(foreign)]
    return mine, theirs


def listed(response):
    """The names on the list page, from the rendered rows."""
    assert response.status_code == 200
    return {row["obj"].name for row in response.context["rows"]}


def form_data(org_pk, **overrides):
    data = {
        "org": org_pk,
        "kind": "legal_adviser",
        "name": "新顾问",
        "firm": "浙江示范律师事务所",
        "license_no": "13307201810123456",
        "phone": "13905791234",
        "contract_start": "2024-01-01",
        "contract_end": "2024-12-31",
        "fee": "50000",
        "scope_of_service": "",
        "note": "",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- narrower scopes


@pytest.mark.parametrize("viewer", NARROW)
def test_todos_show_only_contracts_ending_in_scope(viewer, cast, login):
    today = timezone.localdate()
    mine, theirs = records_for(viewer, contract_start=today - timedelta(days=300), contract_end=today + timedelta(days=5))
    r = login(cast[viewer]).get("/")
    assert [t.title for t in r.context["todos"]] == [f"法律顾问“{mine.name}”聘用合同将于{mine.contract_end:%Y年%m月%d日}到期"]
    assert r.context["todos"][0].title in r.content.decode()
    assert "他人顾问" not in r.content.decode()


def test_a_contract_ending_in_five_days_shows_for_its_own_station_only(cast, login, client):
    today = timezone.localdate()
    ending = LegalAdviserFactory(org=org("demo-s02"), name="将到期顾问", contract_start=today - timedelta(days=300), contract_end=today + timedelta(days=5))
    assert ending.name not in login(cast["station1"]).get("/").content.decode()
    assert f"法律顾问“{ending.name}”聘用合同将于{ending.contract_end:%Y年%m月%d日}到期" in login(cast["station2"]).get("/").content.decode()


@pytest.mark.parametrize("viewer", NARROW)
def test_without_the_delete_permission_deleting_is_forbidden_whatever_the_scope(viewer, cast, login):
    mine, theirs = records_for(viewer)
    client = login(cast[viewer])
    for record in [mine, *theirs]:
        assert client.post(f"/advisers/{record.pk}/delete/").status_code == 403
    assert LegalAdviser.objects.count() == 1 + len(theirs)


# ---------------------------------------------------------------- county-wide scopes

COUNTY_UNITS = ["demo", "demo-sfj", "demo-d01", "demo-d02", "demo-t01", "demo-s01", "demo-s02"]


def county_records():
    inside = {LegalAdviserFactory(org=org(code), name=f"县内{code}").name for code in COUNTY_UNITS}
    LegalAdviserFactory(org=org("other"), name="邻县顾问")
    return inside


@pytest.mark.parametrize("viewer", ["bureau", "leader"])
def test_county_wide_roles_see_every_unit_of_the_county_and_nothing_outside(viewer, cast, login):
    inside = county_records()
    client = login(cast[viewer])
    r = client.get("/advisers/")
    assert listed(r) == inside
    assert f"共 {len(inside)} 条" in r.content.decode()
    assert {row["姓名"] for row in exported(client.get("/advisers/export/"))} == inside
    assert client.get(f"/advisers/{LegalAdviser.objects.get(org__code='demo-s02').pk}/").status_code == 200
    assert client.get(f"/advisers/{LegalAdviser.objects.get(org__code='other').pk}/").status_code == 404


@pytest.mark.parametrize(
    "method, route",
    [
        ("get", "new/"),
        ("post", "new/"),
        ("get", "{pk}/edit/"),
        ("post", "{pk}/edit/"),
        ("get", "{pk}/delete/"),
        ("post", "{pk}/delete/"),
        ("get", "import/"),
        ("post", "import/"),
        ("get", "import/template/"),
    ],
)
def test_the_leader_cannot_create_edit_delete_or_import(method, route, cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), name="原名")
    client = login(cast["leader"])
    url = "/advisers/" + route.format(pk=record.pk)
    data = {"file": upload(adviser_workbook([adviser_row("示范县人民政府", "导入行")]))} if route == "import/" else form_data(org("demo").pk)
    r = client.post(url, data) if method == "post" else client.get(url)
    assert r.status_code == 403
    assert LegalAdviser.objects.get() == record
    record.refresh_from_db()
    assert record.name == "原名"


def test_the_leaders_pages_offer_no_write_buttons(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"))
    client = login(cast["leader"])
    r = client.get("/advisers/")
    assert not r.context["can_add"]
    assert "/advisers/new/" not in r.content.decode()
    assert "/advisers/import/" not in r.content.decode()
    detail = client.get(f"/advisers/{record.pk}/").content.decode()
    assert f"/advisers/{record.pk}/edit/" not in detail
    assert f"/advisers/{record.pk}/delete/" not in detail


# ---------------------------------------------------------------- switching the active org


def test_section_staff_sees_only_the_station_after_switching_to_it(cast, login):
    inside = county_records()
    section = cast["section"]
    client = login(section)
    assert listed(client.get("/advisers/")) == inside

    r = client.post("/switch-org/", {"org": org("demo-s01").pk})
    assert r.status_code == 302
    section.refresh_from_db()
    assert section.active_org.code == "demo-s01"
    assert AuditEvent.objects.filter(actor=section, action=AuditAction.ORG_SWITCH, org__code="demo-s01").exists()
    r = client.get("/advisers/")
    assert listed(r) == {"县内demo-s01"}
    assert "共 1 条" in r.content.decode()
    s02 = LegalAdviser.objects.get(org__code="demo-s02")
    assert client.get(f"/advisers/{s02.pk}/").status_code == 404
    assert [row["姓名"] for row in exported(client.get("/advisers/export/"))] == ["县内demo-s01"]

    client.post("/switch-org/", {"org": org("demo-sfj").pk})
    assert listed(client.get("/advisers/")) == inside


def test_switching_to_an_org_without_membership_is_refused(cast, login):
    county_records()
    section = cast["section"]
    client = login(section)
    r = client.post("/switch-org/", {"org": org("demo-s02").pk}, follow=True)
    assert "您不在所选单位任职，无法切换。" in r.content.decode()
    section.refresh_from_db()
    assert section.active_org.code == "demo-sfj"
    assert not AuditEvent.objects.filter(action=AuditAction.ORG_SWITCH).exists()
    assert len(listed(client.get("/advisers/"))) == len(COUNTY_UNITS)


def test_a_station_user_cannot_switch_into_another_station(cast, login):
    client = login(cast["station1"])
    client.post("/switch-org/", {"org": org("demo-s02").pk})
    cast["station1"].refresh_from_db()
    assert cast["station1"].active_org.code == "demo-s01"
