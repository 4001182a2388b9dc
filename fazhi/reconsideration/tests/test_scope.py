"""Data scope and personal information on the reconsideration registry (DESIGN.md §4.1, §4.7), as
fazhi/advisers/tests/test_scope.py proves them for the advisers: a township station never sees another
station's cases by any route — list, search, detail, edit, parties, transition, history, export, import,
我的待办, the indicator command — and out-of-scope pages are 404. Applicants' names, ID numbers and phone
numbers are masked in the list, on the case page and in exports for roles without the PII right, and shown in
full to the bureau only on request (``?unmask=1``), each such view audited."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.reconsideration.models import ReconsiderationCase

from .factories import GOOD_ID, ApplicantFactory, CaseFactory, at, ledger_row, ledger_workbook, org, upload

NAME, PHONE = "张伟明", "13905791234"
MASKED_NAME, MASKED_ID, MASKED_PHONE = "张*明", GOOD_ID[:6] + "********" + GOOD_ID[-4:], "139****1234"


@pytest.fixture
def cases(county):
    """One case of station 1 and one of station 2, each with an applicant; both received 2024-09-27, so their
    acceptance is due 2024-10-10."""
    mine = CaseFactory(org=org("demo-s01"), received_on=date(2024, 9, 27), act="本所受理的处罚决定")
    theirs = CaseFactory(org=org("demo-s02"), received_on=date(2024, 9, 27), act="他所受理的处罚决定")
    ApplicantFactory(case=mine)
    ApplicantFactory(case=theirs, name="李他人", phone="13800000000")
    return mine, theirs


def listed(response):
    assert response.status_code == 200
    return [row["obj"].pk for row in response.context["rows"]]


def exported(response):
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r + (None,) * (len(rows[0]) - len(r)), strict=True)) for r in rows[1:]]


# ---------------------------------------------------------------- station 1 against station 2


def test_the_list_and_a_search_show_only_the_stations_own_cases(cast, login, cases):
    mine, theirs = cases
    client = login(cast["station1"])
    r = client.get("/reconsideration/")
    assert listed(r) == [mine.pk]
    assert "共 1 条" in r.content.decode() and theirs.case_no not in r.content.decode()
    assert listed(client.get("/reconsideration/", {"q": theirs.case_no})) == []
    assert listed(client.get("/reconsideration/", {"q": "李他人"})) == []
    assert listed(client.get("/reconsideration/", {"org": theirs.org_id})) == []


@pytest.mark.parametrize("route", ["", "edit/", "history/", "rows/parties/", "do/accept/"])
def test_another_stations_case_pages_are_not_found(route, cast, login, cases):
    mine, theirs = cases
    client = login(cast["station1"])
    # The parties page shows full ID numbers and phones: a station role without the PII right gets 403.
    assert client.get(f"/reconsideration/{mine.pk}/{route}").status_code == (403 if route == "rows/parties/" else 200)
    assert client.get(f"/reconsideration/{theirs.pk}/{route}").status_code == 404


def test_editing_parties_needs_the_pii_right_and_is_audited(cast, login, cases):
    from fazhi.core.models import AuditEvent

    mine, _ = cases
    client = login(cast["bureau"])
    assert client.get(f"/reconsideration/{mine.pk}/rows/parties/").status_code == 200
    assert AuditEvent.objects.filter(action="pii_view", object_id=str(mine.pk), username="bureau").exists()


def test_another_stations_case_cannot_be_changed_by_posting(cast, login, cases):
    _, theirs = cases
    client = login(cast["station1"])
    assert client.post(f"/reconsideration/{theirs.pk}/do/refuse/", {"on": "2024-10-08", "reason": "越权"}).status_code == 404
    assert client.post(f"/reconsideration/{theirs.pk}/edit/", {"act": "改写"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.state, theirs.act) == ("received", "他所受理的处罚决定")


def test_the_export_holds_only_the_stations_own_cases(cast, login, cases):
    mine, theirs = cases
    client = login(cast["station1"])
    assert [r["案号"] for r in exported(client.get("/reconsideration/export/"))] == [mine.case_no]
    assert exported(client.get("/reconsideration/export/", {"org": theirs.org_id})) == []


def test_importing_a_case_into_another_station_is_refused_and_writes_nothing(cast, login, cases):
    other = org("demo-s02")
    content = ledger_workbook([ledger_row(办理机构="demo-s01"), ledger_row(办理机构=other.name)])
    r = login(cast["station1"]).post("/reconsideration/import/", {"file": upload(content)})
    assert r.status_code == 400
    assert (3, "办理机构", f"单位“{other.name}”不存在，或不在您可以录入的范围内") in r.context["result"].errors
    assert ReconsiderationCase.objects.count() == 2  # not even the good row
    r = login(cast["station1"]).post("/reconsideration/import/", {"file": upload(ledger_workbook([ledger_row(办理机构="")])), "org": other.pk})
    assert r.status_code == 404
    assert ReconsiderationCase.objects.count() == 2


def test_my_todos_list_only_the_stations_own_deadlines(cast, login, cases):
    mine, theirs = cases
    with time_machine.travel(at(date(2024, 10, 8)), tick=False):
        for user, own, other in (("station1", mine, theirs), ("station2", theirs, mine)):
            r = login(cast[user]).get("/")
            assert [t.title for t in r.context["todos"]] == [f"{own.case_no}：受理审查期限"]
            assert other.case_no not in r.content.decode()


def indicators(*args):
    out = io.StringIO()
    call_command("indicators", "--year", "2024", "--format", "json", "--only", "reconsideration.", *args, stdout=out)
    return {v["key"]: v for v in json.loads(out.getvalue())["values"]}


def test_the_indicator_command_counts_only_what_the_user_may_see(cast, cases):
    CaseFactory(org=org("demo-sfj"), received_on=date(2024, 5, 6))
    assert indicators("--org", "demo")["reconsideration.received"]["value"] == 3
    assert indicators("--org", "demo", "--user", "station1")["reconsideration.received"]["value"] == 1
    assert indicators("--org", "demo-s02", "--user", "station1")["reconsideration.received"]["value"] == 0
    respondents = indicators("--org", "demo", "--user", "station2")["reconsideration.by_respondent"]
    assert [(i["label"], i["count"]) for i in respondents["items"]] == [("示范县公安局", 1)]


# ---------------------------------------------------------------- personal information


@pytest.mark.parametrize("viewer", ["station1", "leader"])
def test_roles_without_the_pii_right_see_applicants_masked_everywhere(viewer, cast, login, cases):
    mine, _ = cases
    client = login(cast[viewer])
    listing = client.get("/reconsideration/").content.decode()
    assert MASKED_NAME in listing and NAME not in listing

    detail = client.get(f"/reconsideration/{mine.pk}/").content.decode()
    assert MASKED_NAME in detail and MASKED_ID in detail and MASKED_PHONE in detail
    assert NAME not in detail and GOOD_ID not in detail and PHONE not in detail
    assert "?unmask=1" not in detail
    assert client.get(f"/reconsideration/{mine.pk}/", {"unmask": "1"}).status_code == 403

    row = next(r for r in exported(client.get("/reconsideration/export/", {"unmask": "1"})) if r["案号"] == mine.case_no)
    assert (row["申请人"], row["申请人身份证号"], row["申请人联系电话"]) == (MASKED_NAME, MASKED_ID, MASKED_PHONE)
    assert not AuditEvent.objects.filter(action=AuditAction.PII_VIEW).exists()


def test_the_bureau_sees_applicants_in_full_only_on_request_and_each_view_is_audited(cast, login, cases):
    mine, _ = cases
    client = login(cast["bureau"])
    assert NAME not in client.get("/reconsideration/").content.decode()  # lists are always masked
    detail = client.get(f"/reconsideration/{mine.pk}/").content.decode()
    assert MASKED_ID in detail and GOOD_ID not in detail
    assert "?unmask=1" in detail
    assert not AuditEvent.objects.filter(action=AuditAction.PII_VIEW).exists()

    full = client.get(f"/reconsideration/{mine.pk}/", {"unmask": "1"}).content.decode()
    assert NAME in full and GOOD_ID in full and PHONE in full
    event = AuditEvent.objects.get(action=AuditAction.PII_VIEW)
    assert (event.actor, event.object_id) == (cast["bureau"], str(mine.pk))

    masked = next(r for r in exported(client.get("/reconsideration/export/")) if r["案号"] == mine.case_no)
    assert masked["申请人身份证号"] == MASKED_ID
    full_row = next(r for r in exported(client.get("/reconsideration/export/", {"unmask": "1"})) if r["案号"] == mine.case_no)
    assert (full_row["申请人"], full_row["申请人身份证号"], full_row["申请人联系电话"]) == (NAME, GOOD_ID, PHONE)
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert export.detail["unmasked"] is True and "含完整个人信息" in export.message


# ---------------------------------------------------------------- query count


def cases_with_applicants(n, code):
    for _ in range(n):
        ApplicantFactory(case=CaseFactory(org=org(code)))


def test_the_list_and_the_export_take_as_many_queries_for_many_cases_as_for_few(cast, login, county, django_assert_num_queries):
    client = login(cast["bureau"])
    cases_with_applicants(3, "demo-sfj")
    client.get("/reconsideration/")  # the first request of a session may settle the active org
    with django_assert_num_queries(20, exact=False) as few_list:
        assert len(listed(client.get("/reconsideration/"))) == 3
    with django_assert_num_queries(20, exact=False) as few_export:
        assert len(exported(client.get("/reconsideration/export/"))) == 3
    for code in ("demo-s01", "demo-s02", "demo-sfj"):
        cases_with_applicants(4, code)  # rows of several offices, each with an applicant
    with django_assert_num_queries(len(few_list.captured_queries)):
        assert len(listed(client.get("/reconsideration/"))) == 15
    with django_assert_num_queries(len(few_export.captured_queries)):
        assert len(exported(client.get("/reconsideration/export/"))) == 15
