"""Data scope of the legality review registry (DESIGN.md §4.1), as fazhi/reconsideration/tests/test_scope.py
proves it for cases. A request is seen by the reviewing office (the bureau, ``org``) and by the unit that sent
it (``submitting_org``): a department liaison sees only its own unit's submissions — list, search, detail,
edit, history, export, 我的待办, the indicator command — and another unit's pages are 404; a station sees none."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from fazhi.legality.models import ReviewRequest

from .factories import ReviewFactory, at, ledger_row, ledger_workbook, org, review_at, upload


@pytest.fixture
def reviews(county):
    mine = ReviewFactory(submitting_org=org("demo-d01"), title="公安局送审的通知")
    theirs = ReviewFactory(submitting_org=org("demo-d02"), title="市场监管局送审的办法")
    return mine, theirs


def listed(response):
    assert response.status_code == 200
    return [row["obj"].pk for row in response.context["rows"]]


def exported(response):
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_a_liaison_lists_and_searches_only_its_units_submissions(cast, login, reviews):
    mine, theirs = reviews
    client = login(cast["dept1"])
    assert listed(client.get("/legality/reviews/")) == [mine.pk]
    assert listed(client.get("/legality/reviews/", {"q": "市场监管局"})) == []
    assert listed(client.get("/legality/reviews/", {"org": mine.submitting_org_id})) == [mine.pk]
    assert listed(client.get("/legality/reviews/", {"org": theirs.submitting_org_id})) == []


def test_the_bureau_lists_every_submission_and_a_station_none(cast, login, reviews):
    assert sorted(listed(login(cast["section"]).get("/legality/reviews/"))) == sorted(r.pk for r in reviews)
    assert listed(login(cast["station1"]).get("/legality/reviews/")) == []


@pytest.mark.parametrize("route", ["", "edit/", "history/", "do/withdraw/"])
def test_another_units_submission_is_not_found(route, cast, login, reviews):
    mine, theirs = reviews
    client = login(cast["dept1"])
    assert client.get(f"/legality/reviews/{mine.pk}/{route}").status_code == 200
    assert client.get(f"/legality/reviews/{theirs.pk}/{route}").status_code == 404


def test_another_units_submission_cannot_be_changed_by_posting(cast, login, reviews):
    _, theirs = reviews
    client = login(cast["dept1"])
    assert client.post(f"/legality/reviews/{theirs.pk}/do/withdraw/", {"on": "2024-09-04", "reason": "越权"}).status_code == 404
    assert client.post(f"/legality/reviews/{theirs.pk}/edit/", {"title": "改写"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.state, theirs.title) == ("submitted", "市场监管局送审的办法")


def test_the_export_holds_only_the_units_submissions(cast, login, reviews):
    mine, _ = reviews
    assert [r["审查编号"] for r in exported(login(cast["dept1"]).get("/legality/reviews/export/"))] == [mine.review_no]
    assert len(exported(login(cast["bureau"]).get("/legality/reviews/export/"))) == 2


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


def test_importing_a_submission_of_another_unit_is_refused_and_writes_nothing(cast, login, reviews):
    content = ledger_workbook([ledger_row(), ledger_row(送审单位="示范县市场监督管理局")])
    r = login(cast["dept1"]).post("/legality/reviews/import/", {"file": upload(content)})
    assert r.status_code == 400
    assert (3, "送审单位", "所选单位不存在，或不在您可以录入的范围内。") in r.context["result"].errors
    assert ReviewRequest.objects.count() == 2


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


def test_the_list_and_the_export_take_as_many_queries_for_many_requests_as_for_few(cast, login, county, django_assert_num_queries):
    client = login(cast["section"])
    for code in ("demo-d01", "demo-d02"):
        ReviewFactory(submitting_org=org(code))
    client.get("/legality/reviews/")
    with django_assert_num_queries(20, exact=False) as few_list:
        assert len(listed(client.get("/legality/reviews/"))) == 2
    with django_assert_num_queries(20, exact=False) as few_export:
        assert len(exported(client.get("/legality/reviews/export/"))) == 2
    for code in ("demo-d03", "demo-d04", "demo-t01", "demo-t02", "demo-d05", "demo-d06"):
        ReviewFactory(submitting_org=org(code))
    with django_assert_num_queries(len(few_list.captured_queries)):
        assert len(listed(client.get("/legality/reviews/"))) == 8
    with django_assert_num_queries(len(few_export.captured_queries)):
        assert len(exported(client.get("/legality/reviews/export/"))) == 8
