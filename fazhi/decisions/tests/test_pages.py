"""The decision catalogue (条例第三条第三款: published only after the Party committee at the same level agrees),
every step's page, the named correction, and permissions: without the function permission 403, the leader's
read-only role sees but cannot act."""

from datetime import date

import pytest

from fazhi.decisions.choices import ProcedureKind, State
from fazhi.decisions.models import DecisionCatalogue
from fazhi.decisions.services import CONTRACT_WORKFLOW, DECISION_WORKFLOW

from .factories import ContractFactory, DecisionFactory, do, held, org


def catalogue_form(**overrides):
    data = {"org": org("demo").pk, "year": "2024", "party_agreed_on": "", "published_on": "2024-03-01", "channel": "县政府门户网站"}
    data.update(overrides)
    return data


def test_a_catalogue_is_published_only_after_the_party_committee_agrees(cast, login, county):
    client = login(cast["section"])
    r = client.post("/decisions/catalogues/new/", catalogue_form())
    assert r.status_code == 400
    assert r.context["form"].errors["party_agreed_on"] == ["决策事项目录须经同级党委同意后向社会公布（条例第三条第三款），请填写党委同意日期。"]
    r = client.post("/decisions/catalogues/new/", catalogue_form(party_agreed_on="2024-03-05"))
    assert r.context["form"].errors["published_on"] == ["公布日期不能早于同级党委同意日期（条例第三条第三款）。"]
    assert client.post("/decisions/catalogues/new/", catalogue_form(party_agreed_on="2024-02-20")).status_code == 302
    catalogue = DecisionCatalogue.objects.get()
    assert str(catalogue) == "示范县人民政府2024年度重大行政决策事项目录"
    # One catalogue per government per year.
    assert client.post("/decisions/catalogues/new/", catalogue_form(party_agreed_on="2024-02-20")).status_code == 400


def test_an_item_belongs_to_the_catalogue_of_its_deciding_body_and_the_catalogue_lists_it(cast, login, county):
    client = login(cast["section"])
    catalogue = DecisionCatalogue.objects.create(org=org("demo"), year=2024, party_agreed_on=date(2024, 2, 20), published_on=date(2024, 3, 1))
    other = DecisionCatalogue.objects.create(org=org("demo-t01"), year=2024)
    data = {"org": org("demo-d04").pk, "title": "示范县老旧小区改造三年行动计划", "category": "plan", "deciding_body": org("demo").pk,
            "initiated_on": "2024-03-10", "catalogue": other.pk}
    r = client.post("/decisions/major/new/", data)
    assert r.context["form"].errors["catalogue"] == [f"所选事项目录属于“{other.org.name}”，与决策机关不一致。"]
    assert client.post("/decisions/major/new/", {**data, "catalogue": catalogue.pk}).status_code == 302
    page = client.get(f"/decisions/catalogues/{catalogue.pk}/").content.decode()
    assert "示范县老旧小区改造三年行动计划" in page and "共1项" in page
    # The catalogue is the county government's record: a department liaison (scope 本单位) does not reach it.
    assert login(cast["dept1"]).get(f"/decisions/catalogues/{catalogue.pk}/").status_code == 404


def test_every_step_offered_opens_its_form(cast, login, county):
    client = login(cast["section"])
    d = DecisionFactory(org=org("demo-d04"))
    c = ContractFactory(org=org("demo-d01"))
    for t in DECISION_WORKFLOW.available(d):
        assert client.get(f"/decisions/major/{d.pk}/do/{t.name}/").status_code == 200, t.name
    for t in CONTRACT_WORKFLOW.available(c):
        assert client.get(f"/decisions/contracts/{c.pk}/do/{t.name}/").status_code == 200, t.name
    assert client.get(f"/decisions/major/{d.pk}/rows/procedures/").status_code == 200
    for url in ("/decisions/major/", "/decisions/major/new/", "/decisions/catalogues/", "/decisions/catalogues/new/", "/decisions/contracts/",
                "/decisions/contracts/new/", "/decisions/major/import/", "/decisions/contracts/import/", "/decisions/major/import/template/", "/decisions/catalogues/export/", "/decisions/major/export/"):
        assert client.get(url).status_code == 200, url


def test_correcting_the_decision_date_recomputes_completeness(cast, login, county):
    client = login(cast["section"])
    d = DecisionFactory(org=org("demo-d04"))
    for kind, on in ((ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10)), (ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20)), (ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 3))):
        held(d, kind, on)
    assert do(client, d, "decide", on="2024-06-03").status_code == 302
    assert do(client, d, "correct", on="2024-07-01", field="decided_on", value="2024-05-31", note="登记错误，会议前一日已作出").status_code == 302
    d.refresh_from_db()
    assert (d.decided_on, d.complete, d.missing) == (date(2024, 5, 31), False, "集体讨论决定（第三十条）")
    assert d.history.count() >= 3


@pytest.mark.parametrize("user, status", [("outsider", 404), ("leader", 403), ("auditor", 403)])
def test_roles_that_may_not_act_on_a_decision_cannot(user, status, cast, login, county):
    d = DecisionFactory(org=org("demo-d04"))
    client = login(cast[user])
    # The outsider (another county's liaison) has the function permission but not the scope: 404.
    assert client.post(f"/decisions/major/{d.pk}/do/terminate/", {"on": "2024-05-01", "reason": "不再推进"}).status_code == status
    d.refresh_from_db()
    assert d.state == State.IN_PROGRESS


def test_the_leader_sees_the_registries_read_only(cast, login, county):
    d = DecisionFactory(org=org("demo-d04"))
    client = login(cast["leader"])
    page = client.get(f"/decisions/major/{d.pk}/").content.decode()
    assert d.title in page and "data-transition" not in page
    assert client.get("/decisions/major/new/").status_code == 403


def test_procedure_rows_are_corrected_on_their_own_page_under_the_same_rules(cast, login, county):
    client = login(cast["section"])
    d = DecisionFactory(org=org("demo-d04"))
    p = held(d, ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10), opinions_received=40)
    url = f"/decisions/major/{d.pk}/rows/procedures/"
    formset = client.get(url).context["formset"]
    data = {"procedures-TOTAL_FORMS": "1", "procedures-INITIAL_FORMS": "1", "procedures-MIN_NUM_FORMS": "0", "procedures-MAX_NUM_FORMS": "1000"}
    for name, value in formset.forms[0].initial.items():
        if value not in (None, False):
            data[f"procedures-0-{name}"] = str(value)
    data.update({"procedures-0-id": str(p.pk), "procedures-0-decision": str(d.pk), "procedures-0-ended_on": "2024-03-25"})
    r = client.post(url, data)
    assert r.status_code == 400
    assert "公开征求意见期限为15日，少于30日（第十五条）" in r.content.decode()
    data["procedures-0-opinions_received"] = "45"
    data["procedures-0-ended_on"] = "2024-04-12"
    assert client.post(url, data).status_code == 302
    p.refresh_from_db()
    assert (p.ended_on, p.opinions_received) == (date(2024, 4, 12), 45)
