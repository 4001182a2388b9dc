"""Data scope on the work ledger beyond the contract suite (fazhi/core/tests/test_contract.py): another entry's
figures and attachments cannot be taken over by posting, county-wide roles, the leader reads but cannot write,
administrators see nothing, anonymous users go to the login page."""


import pytest

from fazhi.core.testing.helpers import exported
from fazhi.oversight.models import LedgerEntry

from .factories import LedgerEntryFactory, LedgerFigureFactory, attach, form_data, org

BASE = "/oversight/ledger/"

# viewer: (their unit, units whose entries they must never see)
NARROW = {
    "dept1": ("demo-d01", ["demo-d02", "demo", "demo-sfj"]),
    "station1": ("demo-s01", ["demo-s02", "demo-t01"]),
    "outsider": ("other", ["demo", "demo-sfj", "demo-d01"]),
}


def entries_for(viewer):
    own, foreign = NARROW[viewer]
    mine = LedgerEntryFactory(org=org(own), title="本单位台账")
    theirs = [LedgerEntryFactory(org=org(code), title=f"他单位台账{code}") for code in foreign]
    for e in [mine, *theirs]:
        LedgerFigureFactory(entry=e)
        attach(e)
    return mine, theirs


def listed(response):
    assert response.status_code == 200
    return {row["obj"].title for row in response.context["rows"]}


@pytest.mark.parametrize("viewer", NARROW)
def test_another_units_figures_and_attachments_cannot_be_changed_by_posting(viewer, cast, login):
    _, theirs = entries_for(viewer)
    client = login(cast[viewer])
    for other in theirs:
        figure = other.figures.get()
        data = {"figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1", "figures-0-id": figure.pk,
                "figures-0-label": "改了", "figures-0-value": "1", "figures-0-unit": "场", "figures-0-DELETE": "on"}
        assert client.post(f"{BASE}{other.pk}/rows/figures/", data).status_code == 404
        assert client.post(f"{BASE}{other.pk}/edit/", form_data(cast[viewer].active_org_id, title="改了")).status_code == 404
        other.refresh_from_db()
        assert other.title.startswith("他单位台账")
        assert other.figures.get().label == figure.label


def test_a_figure_of_another_entry_cannot_be_taken_over_through_ones_own_formset(cast, login):
    mine, theirs = entries_for("dept1")
    own, foreign = mine.figures.get(), theirs[0].figures.get()
    data = {"figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1", "figures-MIN_NUM_FORMS": "0", "figures-MAX_NUM_FORMS": "1000",
            "figures-0-id": foreign.pk, "figures-0-label": "偷梁换柱", "figures-0-value": "1", "figures-0-unit": "场",
            "figures-0-DELETE": "on"}
    login(cast["dept1"]).post(f"{BASE}{mine.pk}/rows/figures/", data)
    foreign.refresh_from_db()  # still there, unchanged, still the other unit's
    assert foreign.entry_id == theirs[0].pk and foreign.label != "偷梁换柱"
    assert list(mine.figures.all()) == [own]


def test_a_liaison_cannot_file_an_entry_under_another_unit(cast, login):
    r = login(cast["dept1"]).post(f"{BASE}new/", form_data(org("demo-d02").pk))
    assert r.status_code == 400
    assert "所选单位不存在，或不在您可以录入的范围内。" in r.content.decode()
    assert not LedgerEntry.objects.exists()


COUNTY = ["demo", "demo-sfj", "demo-d01", "demo-d02", "demo-t01", "demo-s01"]


@pytest.mark.parametrize("viewer", ["bureau", "section", "leader"])
def test_county_wide_roles_see_every_unit_of_the_county_and_nothing_outside(viewer, cast, login):
    inside = {LedgerEntryFactory(org=org(code), title=f"县内{code}").title for code in COUNTY}
    outside = LedgerEntryFactory(org=org("other"), title="邻县台账")
    attach(outside)
    client = login(cast[viewer])
    assert listed(client.get(BASE)) == inside
    assert {r["标题"] for r in exported(client.get(f"{BASE}export/"))} == inside
    assert client.get(f"{BASE}{outside.pk}/").status_code == 404
    assert client.get(f"{BASE}{outside.pk}/attachments/{outside.attachments.get().pk}/").status_code == 404


def test_the_leader_reads_but_cannot_write(cast, login):
    entry = LedgerEntryFactory(org=org("demo-sfj"))
    client = login(cast["leader"])
    detail = client.get(f"{BASE}{entry.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert f"{BASE}{entry.pk}/rows/figures/" not in html
    assert f"{BASE}{entry.pk}/rows/attachments/" not in html
    for route in ("new/", f"{entry.pk}/edit/", f"{entry.pk}/rows/figures/", f"{entry.pk}/rows/attachments/", "import/"):
        assert client.get(BASE + route).status_code == 403


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_administrator_roles_cannot_see_the_ledger(username, cast, login):
    entry = LedgerEntryFactory(org=org("demo-sfj"))
    a = attach(entry)
    client = login(cast[username])
    for url in (BASE, f"{BASE}{entry.pk}/", f"{BASE}export/", f"{BASE}{entry.pk}/attachments/{a.pk}/"):
        assert client.get(url).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, county):
    entry = LedgerEntryFactory(org=org("demo-sfj"))
    a = attach(entry)
    for url in (BASE, f"{BASE}{entry.pk}/attachments/{a.pk}/"):
        r = client.get(url)
        assert r.status_code == 302
        assert r["Location"].startswith("/login/")
