"""The respondent is a side of a reconsideration case (``ReconsiderationCase.sides``): a department's liaison sees
the cases against its unit — and no others — with their deadlines, files its written reply (第四十八条) with the
reply's deadline in 我的待办, and can do nothing else to them: not edit, not delete, not run the office's steps,
not see the applicants' personal information in full."""

from datetime import date

import pytest
import time_machine

from fazhi.core.todos import todos_for
from fazhi.reconsideration.models import ReconsiderationCase

from .factories import ApplicantFactory, at, case_at, do, org

#: Copy sent Tuesday 2025-03-04: the reply is due ten working days later, 2025-03-18 (第四十八条).
COPY_SENT, REPLY_DUE = date(2025, 3, 4), date(2025, 3, 18)


@pytest.fixture
def against(county):
    """Two cases the bureau handles: one against the liaison's unit (demo-d01), awaiting its reply, and one
    against another department; each with an applicant."""
    bureau = org("demo-sfj")
    ours = case_at("accepted", bureau, received_on=date(2025, 2, 20), accepted_on=date(2025, 2, 25), copy_sent_on=COPY_SENT,
                   respondent_org=org("demo-d01"), respondent_name="", act="针对本部门的处罚决定")
    other = case_at("accepted", bureau, received_on=date(2025, 2, 20), accepted_on=date(2025, 2, 25), copy_sent_on=COPY_SENT,
                    respondent_org=org("demo-d02"), respondent_name="", act="针对他部门的处罚决定")
    for case in (ours, other):
        ApplicantFactory(case=case)
        case.refresh_deadlines()
        case.save()
    return ours, other


def test_the_liaison_sees_the_cases_against_its_unit_and_no_others(cast, login, against):
    ours, other = against
    client = login(cast["dept1"])
    rows = [row["obj"].pk for row in client.get("/reconsideration/").context["rows"]]
    assert rows == [ours.pk]
    page = client.get(f"/reconsideration/{ours.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "本单位为被申请人" in html and ours.case_no in html
    assert client.get(f"/reconsideration/{other.pk}/").status_code == 404
    assert client.get(f"/reconsideration/{ours.pk}/history/").status_code == 200


def test_the_side_does_not_see_the_applicants_data_in_full(cast, login, against):
    ours, _ = against
    client = login(cast["dept1"])
    html = client.get(f"/reconsideration/{ours.pk}/").content.decode()
    assert "张伟明" not in html and "张*明" in html and "13905791234" not in html
    assert client.get(f"/reconsideration/{ours.pk}/", {"unmask": "1"}).status_code == 403


@pytest.mark.parametrize("route", ["edit/", "delete/", "rows/parties/", "do/receive_reply/", "do/decide/", "do/correct/"])
def test_the_side_may_not_work_the_case_as_the_office_does(route, cast, login, against):
    ours, _ = against
    client = login(cast["dept1"])
    # Editing is out of the side's scope (404); a liaison has no delete function at all, and the office's steps
    # on a case the side sees are refused with the reason (403).
    refused = 404 if route in ("edit/", "rows/parties/") else 403
    assert client.get(f"/reconsideration/{ours.pk}/{route}").status_code == refused
    assert client.post(f"/reconsideration/{ours.pk}/{route}", {"on": "2025-03-10"}).status_code == refused


def test_the_reply_and_its_deadline_are_the_liaisons_todo_not_the_offices_deadlines(cast, against):
    ours, other = against
    with time_machine.travel(at(date(2025, 3, 12)), tick=False):  # within the 7-day warning of 3-18
        mine = todos_for(cast["dept1"])
        office = todos_for(cast["section"])
    assert [(t.title, t.due) for t in mine] == [(f"{ours.case_no}：提交书面答复（被申请人）", REPLY_DUE)]
    # The office's own list keeps its deadline for the reply, and no "submit" item.
    assert all("提交书面答复" not in t.title for t in office)
    assert {t.url for t in office} >= {f"/reconsideration/{ours.pk}/", f"/reconsideration/{other.pk}/"}


def test_the_liaison_files_the_reply_and_only_that(cast, login, against):
    ours, _ = against
    client = login(cast["dept1"])
    with time_machine.travel(at(date(2025, 3, 12)), tick=False):
        actions = [a["name"] for a in client.get(f"/reconsideration/{ours.pk}/").context["actions"]]
        assert actions == ["submit_reply"]
        assert client.post(f"/reconsideration/{ours.pk}/do/submit_reply/", {"on": "2025-03-03"}).status_code == 400  # before the copy
        assert ReconsiderationCase.objects.get(pk=ours.pk).reply_received_on is None
        r = do(client, ours, "submit_reply", on=date(2025, 3, 12))
        assert r.status_code == 302
    ours.refresh_from_db()
    assert ours.reply_received_on == date(2025, 3, 12)
    with time_machine.travel(at(date(2025, 3, 13)), tick=False):
        assert todos_for(cast["dept1"]) == []


def test_the_office_records_a_reply_but_does_not_submit_it_for_the_respondent(cast, login, against):
    ours, _ = against
    client = login(cast["section"])
    with time_machine.travel(at(date(2025, 3, 12)), tick=False):
        actions = [a["name"] for a in client.get(f"/reconsideration/{ours.pk}/").context["actions"]]
        assert "receive_reply" in actions and "submit_reply" not in actions
        r = client.get(f"/reconsideration/{ours.pk}/do/submit_reply/")
        assert r.status_code == 403 and "由被申请人办理" in r.content.decode()


def test_an_unmasked_export_keeps_the_side_rows_masked(cast, login, against):
    """Even a role with the personal-data right sees a case it is only the respondent of with the applicants
    masked; the office's own unmasked export has them in full."""
    import io

    from openpyxl import load_workbook

    from fazhi.core.models import Membership, Role, User

    ours, _ = against
    liaison = Role.objects.get(code="department_liaison")
    trusted = Role.objects.create(code="liaison_pii", name="部门联络员（可查看个人信息）", kind=liaison.kind, data_scope=liaison.data_scope,
                                  can_view_pii=True)
    trusted.permissions.set(liaison.permissions.all())
    user = User.objects.create(username="dept-pii", full_name="钱敏", must_change_password=False, active_org=org("demo-d01"))
    Membership.objects.create(user=user, org=org("demo-d01")).roles.set([trusted])

    def cells(client):
        response = client.get("/reconsideration/export/", {"unmask": "1"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
        return {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}

    side_cells = cells(login(user))
    assert ours.case_no in side_cells and "张伟明" not in side_cells and "张*明" in side_cells
    assert "张伟明" in cells(login(cast["bureau"]))
