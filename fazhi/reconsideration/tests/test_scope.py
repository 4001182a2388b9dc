"""Data scope and personal information on the reconsideration registry beyond the contract suite
(fazhi/core/tests/test_contract.py): the parties' page needs the PII right, 我的待办, the indicator command,
applicants masked everywhere for roles without the right and shown in full to the bureau only on request
(``?unmask=1``), each such view audited."""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.testing.helpers import exported

from .factories import GOOD_ID, ApplicantFactory, CaseFactory, at, org

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


# ---------------------------------------------------------------- station 1 against station 2


def test_editing_parties_needs_the_pii_right_and_is_audited(cast, login, cases):
    from fazhi.core.models import AuditEvent

    mine, _ = cases
    client = login(cast["bureau"])
    assert client.get(f"/reconsideration/{mine.pk}/rows/parties/").status_code == 200
    assert AuditEvent.objects.filter(action="pii_view", object_id=str(mine.pk), username="bureau").exists()


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


