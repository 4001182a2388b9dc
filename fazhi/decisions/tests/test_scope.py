"""Data scope and personal information in the decisions app beyond the contract suite
(fazhi/core/tests/test_contract.py): 我的待办, the indicator command, a natural person's name as counterparty
masked and an organisation's not, the audited unmasked view, and the legality reviews a unit is offered."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.decisions.choices import ProcedureKind
from fazhi.decisions.models import MajorDecision

from .factories import ContractFactory, DecisionFactory, at, exported, held, org, review

PERSON, MASKED = "张伟明", "张*明"


@pytest.fixture
def contracts(county):
    """One contract of the public security bureau (dept1's unit) with a natural person, and one of the market
    regulator; both signed 2024-09-27, so their filing is due 2024-10-28 (10-27 is a Sunday)."""
    mine = ContractFactory(org=org("demo-d01"), title="本局房屋征收补偿协议", kind="compensation", counterparty_kind="person",
                           counterparty_name=PERSON, amount=Decimal(300000), signed_on=date(2024, 9, 27))
    theirs = ContractFactory(org=org("demo-d02"), title="他局物业服务合同", counterparty_name="浙江金鼎物业服务有限公司", signed_on=date(2024, 9, 27))
    return mine, theirs


@pytest.fixture
def decisions(county):
    mine = DecisionFactory(org=org("demo-d01"), title="本局重大决策")
    theirs = DecisionFactory(org=org("demo-d02"), title="他局重大决策")
    for d in (mine, theirs):
        held(d, ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10))
        held(d, ProcedureKind.EXPERT_REVIEW, date(2024, 4, 10), experts=5)
    return mine, theirs


def listed(response):
    assert response.status_code == 200
    return [row["obj"].pk for row in response.context["rows"]]














def test_my_todos_list_only_the_units_own_filing_deadlines(cast, login, contracts):
    mine, theirs = contracts
    with time_machine.travel(at(date(2024, 10, 24)), tick=False):
        todos = login(cast["dept1"]).get("/").context["todos"]
        assert [(t.title, t.due) for t in todos if t.kind == "行政协议"] == [(f"{mine.title}：合同备案", date(2024, 10, 28))]


def indicators(prefix, *args):
    out = io.StringIO()
    call_command("indicators", "--year", "2024", "--format", "json", "--only", prefix, *args, stdout=out)
    return {v["key"]: v["value"] for v in json.loads(out.getvalue())["values"]}


def test_the_indicator_command_counts_only_what_the_user_may_see(cast, contracts, decisions):
    assert indicators("contracts.", "--org", "demo")["contracts.signed"] == 2
    assert indicators("contracts.", "--org", "demo", "--user", "dept1")["contracts.signed"] == 1
    assert indicators("contracts.", "--org", "demo-d02", "--user", "dept1")["contracts.signed"] == 0
    # Procedures are counted through their decision's handling unit and the user's scope over decisions.
    assert indicators("decisions.", "--org", "demo")["decisions.procedures"] == 4
    v = indicators("decisions.", "--org", "demo", "--user", "dept1")
    assert (v["decisions.procedures"], v["decisions.consultations"], v["decisions.expert_reviews"], v["decisions.experts"]) == (2, 1, 1, 5)


# ---------------------------------------------------------------- personal information


def test_a_natural_persons_name_is_masked_for_roles_without_the_pii_right_an_organisations_is_not(cast, login, contracts):
    mine, theirs = contracts
    leader = login(cast["leader"])
    listing = leader.get("/decisions/contracts/").content.decode()
    assert MASKED in listing and PERSON not in listing and "浙江金鼎物业服务有限公司" in listing
    detail = leader.get(f"/decisions/contracts/{mine.pk}/").content.decode()
    assert MASKED in detail and PERSON not in detail and "?unmask=1" not in detail
    assert leader.get(f"/decisions/contracts/{mine.pk}/", {"unmask": "1"}).status_code == 403
    rows = {r["合同名称"]: r["相对人"] for r in exported(leader.get("/decisions/contracts/export/", {"unmask": "1"}))}
    assert rows == {mine.title: MASKED, theirs.title: "浙江金鼎物业服务有限公司"}
    # The edit form of the liaison keeps the name masked; saving the masked value keeps the stored name.
    liaison = login(cast["dept1"])
    form = liaison.get(f"/decisions/contracts/{mine.pk}/edit/").context["form"]
    assert form.initial["counterparty_name"] == MASKED
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(org=mine.org_id, title="本局房屋征收补偿协议（补充）")
    assert liaison.post(f"/decisions/contracts/{mine.pk}/edit/", data).status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.counterparty_name) == ("本局房屋征收补偿协议（补充）", PERSON)


def test_the_bureau_sees_the_persons_name_on_request_and_the_view_is_audited(cast, login, contracts):
    mine, _ = contracts
    client = login(cast["bureau"])
    assert PERSON not in client.get(f"/decisions/contracts/{mine.pk}/").content.decode()
    assert PERSON in client.get(f"/decisions/contracts/{mine.pk}/", {"unmask": "1"}).content.decode()
    event = AuditEvent.objects.get(action=AuditAction.PII_VIEW)
    assert (event.actor, event.object_id) == (cast["bureau"], str(mine.pk))
    rows = exported(client.get("/decisions/contracts/export/", {"unmask": "1"}))
    assert PERSON in [r["相对人"] for r in rows]


# ---------------------------------------------------------------- the legality review select of a decision


def review_select(client, decision):
    """The titles of the reviews offered by the 登记合法性审查 form, and the page itself."""
    r = client.get(f"/decisions/major/{decision.pk}/do/record_legality_review/")
    assert r.status_code == 200
    return sorted(x.title for x in r.context["form"].fields["review"].queryset), r.content.decode()


@pytest.mark.parametrize("username, handling, deciding", [("dept1", "demo-d01", "demo"), ("station1", "demo-s01", "demo-t01")])
def test_a_station_or_department_is_offered_only_the_legality_reviews_it_may_see(username, handling, deciding, cast, login, county):
    """The deciding body (the county or township government) sent in reviews of its own: a unit handling one of
    its items must not see them listed — only the reviews its own unit sent in."""
    decision = DecisionFactory(org=org(handling), deciding_body=org(deciding))
    review(submitting=handling, title="本单位送审的决策草案")
    review(submitting=deciding, title="政府其他决策草案（不应列出）")
    titles, page = review_select(login(cast[username]), decision)
    assert titles == ["本单位送审的决策草案"]
    assert "本单位送审的决策草案" in page and "不应列出" not in page


@pytest.mark.parametrize("username, handling, deciding", [("dept1", "demo-d01", "demo"), ("station1", "demo-s01", "demo-t01")])
def test_posting_another_units_legality_review_is_refused_and_changes_nothing(username, handling, deciding, cast, login, county):
    from fazhi.core.workflow import TransitionLog

    decision = DecisionFactory(org=org(handling), deciding_body=org(deciding))
    theirs = review(submitting=deciding, title="政府其他决策草案")
    before = MajorDecision.objects.filter(pk=decision.pk).values().get()
    r = login(cast[username]).post(f"/decisions/major/{decision.pk}/do/record_legality_review/", {"review": str(theirs.pk), "note": ""})
    assert r.status_code == 400
    assert r.context["form"].errors["review"] == ["所选合法性审查记录不存在，或不在您可以查看的范围内。"]
    assert "政府其他决策草案" not in r.content.decode()
    assert not decision.procedures.exists()
    assert MajorDecision.objects.filter(pk=decision.pk).values().get() == before
    assert not TransitionLog.objects.filter(object_id=decision.pk).exists()


def test_the_bureau_is_offered_and_can_pick_the_reviews_of_its_county(cast, login, county):
    decision = DecisionFactory(org=org("demo-d04"), deciding_body=org("demo"))
    review(submitting="demo-d04", title="住建局送审的决策草案")
    government = review(submitting="demo", title="县政府送审的决策草案", opinion_on=date(2024, 5, 20))
    client = login(cast["bureau"])
    titles, _ = review_select(client, decision)
    assert titles == ["住建局送审的决策草案", "县政府送审的决策草案"]
    r = client.post(f"/decisions/major/{decision.pk}/do/record_legality_review/", {"review": str(government.pk), "note": ""})
    assert r.status_code == 302
    assert list(decision.procedures.values_list("kind", "held_on", "review")) == [(ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20), government.pk)]
