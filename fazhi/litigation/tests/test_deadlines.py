"""The defence deadline (行政诉讼法 Art. 67: 15 days from receiving the complaint), counted by the holiday table
(民事诉讼法 Art. 85: a period ending on a holiday ends on the next working day), stored as the next deadline,
shown in 我的待办 and flagged when overdue; a late defence is recorded, not refused."""

from datetime import date

import pytest
import time_machine

from fazhi.core.periods import seed_holidays
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.services import WORKFLOW
from fazhi.litigation.tests.factories import LawsuitFactory, org


@pytest.fixture
def holidays_2024(county):
    seed_holidays(2024)


def test_a_complaint_received_on_25_september_2024_is_answered_by_10_october(holidays_2024):
    case = LawsuitFactory(org=org("demo-d01"), complaint_received_on=date(2024, 9, 25))
    # 15 calendar days from 25 September: 10 October, a Thursday after the National Day break — a working day.
    assert case.defence_due == date(2024, 10, 10)
    assert (case.next_due, case.next_due_label) == (date(2024, 10, 10), "提交答辩状")


def test_a_defence_period_ending_in_the_national_day_break_moves_to_the_first_working_day(county):
    received = date(2024, 9, 16)  # + 15 days = 1 October
    assert LawsuitFactory(org=org("demo-d01"), complaint_received_on=received).defence_due == date(2024, 10, 1)
    seed_holidays(2024)  # 1–7 October 2024 are holidays
    case = LawsuitFactory(org=org("demo-d01"), complaint_received_on=received)
    assert case.defence_due == date(2024, 10, 8)


@time_machine.travel(date(2024, 10, 12), tick=False)
def test_an_overdue_defence_stands_out_in_the_list_and_in_my_todos(holidays_2024, cast, login):
    late = LawsuitFactory(org=org("demo-d01"), complaint_received_on=date(2024, 9, 25))
    soon = LawsuitFactory(org=org("demo-d01"), complaint_received_on=date(2024, 10, 8))
    client = login(cast["dept1"])
    rows = {r["obj"].pk: r["css"] for r in client.get("/litigation/").context["rows"]}
    assert rows[late.pk] == "table-danger"
    assert rows[soon.pk] == ""
    todos = client.get("/").context["todos"]
    assert [(t.title, t.due, t.overdue) for t in todos] == [(f"{late.case_no}：提交答辩状", date(2024, 10, 10), True)]
    overdue = client.get("/litigation/", {"due": "overdue"}).context["rows"]
    assert [r["obj"].pk for r in overdue] == [late.pk]


@time_machine.travel(date(2024, 10, 12), tick=False)
def test_a_late_defence_is_recorded_with_its_lateness_and_leaves_my_todos(holidays_2024, cast, login):
    case = LawsuitFactory(org=org("demo-d01"), complaint_received_on=date(2024, 9, 25))
    client = login(cast["dept1"])
    r = client.post(f"/litigation/{case.pk}/do/file_defence/", {"on": "2024-10-12", "note": "补交证据"})
    assert r.status_code == 302
    case = Lawsuit.objects.get(pk=case.pk)
    assert case.state == "defended"
    assert case.defence_late is True
    assert (case.next_due, case.next_due_label) == (None, "")
    log = WORKFLOW.log(case).last()
    assert log.note == "逾期2日提交答辩状（答辩期限2024-10-10，行政诉讼法第六十七条）。\n补交证据"
    assert client.get("/").context["todos"] == []
    assert "答辩晚于答辩期限" in client.get(f"/litigation/{case.pk}/").content.decode()


def test_a_defence_in_time_is_not_late_and_cannot_be_filed_twice(holidays_2024, cast):
    case = LawsuitFactory(org=org("demo-d01"), complaint_received_on=date(2024, 9, 25))
    case, _ = WORKFLOW.run(case, "file_defence", {"on": date(2024, 10, 10)}, user=cast["dept1"])
    assert case.defence_late is False
    from fazhi.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused, match="已登记答辩"):
        WORKFLOW.run(case, "file_defence", {"on": date(2024, 10, 11)}, user=cast["dept1"])
