"""Data scope of the legality review registry beyond the contract suite (fazhi/core/tests/test_contract.py): a
request is seen by the reviewing office (``org``) and by the unit that sent it (``submitting_org``); a station sees
none; the liaison submits and the bureau reviews; 我的待办 and the indicator command."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from fazhi.legality.models import ReviewRequest

from .factories import ReviewFactory, at, org, review_at


@pytest.fixture
def reviews(county):
    mine = ReviewFactory(submitting_org=org("demo-d01"), title="公安局送审的通知")
    theirs = ReviewFactory(submitting_org=org("demo-d02"), title="市场监管局送审的办法")
    return mine, theirs


def listed(response):
    assert response.status_code == 200
    return [row["obj"].pk for row in response.context["rows"]]






def test_the_bureau_lists_every_submission_and_a_station_none(cast, login, reviews):
    assert sorted(listed(login(cast["section"]).get("/legality/reviews/"))) == sorted(r.pk for r in reviews)
    assert listed(login(cast["station1"]).get("/legality/reviews/")) == []








def test_a_liaison_submits_for_its_own_unit_and_the_bureau_reviews_it(cast, login, county):
    client = login(cast["dept1"])
    data = {"submitting_org": org("demo-d01").pk, "kind": "normative_document", "title": "关于规范警务辅助人员管理的通知", "submitted_on": "2024-09-02"}
    r = client.post("/legality/reviews/new/", data)
    assert r.status_code == 302
    review = ReviewRequest.objects.get()
    assert (review.org.code, review.submitting_org.code, review.created_by) == ("demo-sfj", "demo-d01", cast["dept1"])
    r = client.post("/legality/reviews/new/", {**data, "submitting_org": org("demo-d02").pk})
    assert r.status_code == 400 and "不在您可以录入的范围内" in r.content.decode()
    assert ReviewRequest.objects.count() == 1


def test_a_liaison_cannot_edit_a_submission_the_bureau_has_received(cast, login, county):
    review = review_at("reviewing", org("demo-d01"))
    r = login(cast["dept1"]).post(f"/legality/reviews/{review.pk}/edit/", {
        "submitting_org": review.submitting_org_id, "kind": review.kind, "title": "改写", "submitted_on": "2024-09-02"})
    assert r.status_code == 400 and "审查机构已接收送审材料" in r.content.decode()




def test_my_todos_show_review_deadlines_to_the_office_and_the_submitting_unit_only(cast, login, county, holidays):
    mine = review_at("reviewing", org("demo-d01"), received_on=date(2024, 9, 3))
    theirs = review_at("reviewing", org("demo-d02"), received_on=date(2024, 9, 3))
    with time_machine.travel(at(date(2024, 9, 20)), tick=False):
        dept = [t.title for t in login(cast["dept1"]).get("/").context["todos"]]
        bureau = [t.title for t in login(cast["section"]).get("/").context["todos"]]
    assert [t for t in dept if "合审" in t] == [f"{mine.review_no}：出具合法性审查意见《{mine.title}》"]
    assert {t for t in bureau if "合审" in t} == {f"{r.review_no}：出具合法性审查意见《{r.title}》" for r in (mine, theirs)}


def indicators(*args):
    out = io.StringIO()
    call_command("indicators", "--year", "2024", "--format", "json", "--only", "legality.", *args, stdout=out)
    return {v["key"]: v for v in json.loads(out.getvalue())["values"]}


def test_the_indicator_command_counts_only_what_the_user_may_see(cast, reviews):
    assert indicators("--org", "demo")["legality.received"]["value"] == 2
    assert indicators("--org", "demo", "--user", "dept1")["legality.received"]["value"] == 1
    assert indicators("--org", "demo", "--user", "station1")["legality.received"]["value"] == 0


