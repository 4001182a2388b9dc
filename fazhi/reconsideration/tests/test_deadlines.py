"""Statutory deadlines of a reconsideration case (行政复议法 Arts 30, 31, 62, 88), on the real 2024/2025
holiday tables, with time frozen: what the case stores, what its page and 我的待办 show, and how an overdue
case is flagged.

Every expected date was counted by hand from the State Council's arrangements (chinese-calendar):
2024 国庆节 = 10-01…10-07 off, Sun 09-29 and Sat 10-12 make-up working days; 2025 劳动节 = 05-01…05-05 off;
2025 端午节 = 05-31…06-02 off. Counting follows 民事诉讼法 Art. 85: the first day is not counted and a
calendar-day period ending on a day off ends on the next working day; the 5- and 10-day periods of the
reconsideration law are working days (Art. 88)."""

import re
from datetime import date

import pytest
import time_machine

from fazhi.reconsideration.choices import State, StopKind
from fazhi.reconsideration.models import ClockStop, ReconsiderationCase

from .factories import CaseFactory, at, case_at, do, org

pytestmark = pytest.mark.usefixtures("holidays")



def banner(response):
    """The next-deadline banner of a case page, as a reader sees it (tags removed)."""
    m = re.search(r'data-testid="next-deadline">(.*?)</div>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1)).split()) if m else ""


def todo_rows(response):
    """The rows of 我的待办 on the home page: [(title, text of the days-left cell)]."""
    html = response.content.decode()
    body = html.split('data-testid="todos"', 1)[1] if 'data-testid="todos"' in html else ""
    rows = re.findall(r"<tr class=\"([^\"]*)\">\s*<td><a [^>]*>(.*?)</a>.*?<td class=\"text-end\">(.*?)</td>", body, re.S)
    return [(title, " ".join(re.sub(r"<[^>]+>", " ", days).split()), css) for css, title, days in rows]


# ---------------------------------------------------------------- acceptance (Art. 30)


def test_acceptance_is_due_five_working_days_after_receipt_across_national_day(county):
    # Received Friday 2024-09-27. The receipt day is not counted. Working days after it: Sun 09-29 (调休上班) = 1,
    # Mon 09-30 = 2, then 10-01…10-07 are the 国庆节 break (not counted), Tue 10-08 = 3, Wed 10-09 = 4,
    # Thu 10-10 = 5. Sat 09-28 is an ordinary day off. A calendar count (09-27 + 5 = 10-02, rolled to 10-08)
    # would give two days less.
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))
    assert case.acceptance_due() == date(2024, 10, 10)
    assert (case.next_due, case.next_due_label) == (date(2024, 10, 10), "受理审查期限")


# ---------------------------------------------------------------- 补正 (Art. 31)


def test_an_amendment_stops_the_acceptance_clock_and_the_supplement_restarts_it(county, cast, login):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))
    client = login(cast["section"])
    with time_machine.travel(at(date(2024, 10, 8)), tick=False):
        assert do(client, case, "request_amendment", on=date(2024, 10, 8), items="身份证明复印件").status_code == 302
    case.refresh_from_db()
    assert case.state == State.AMENDMENT
    # The stop is an explicit record, open until the supplement comes in.
    assert [(s.kind, s.start, s.end) for s in ClockStop.objects.filter(case=case)] == [(StopKind.AMENDMENT, date(2024, 10, 8), None)]
    # 10 working days after the notice of Tue 10-08: 10-09, 10, 11, Sat 10-12 (调休上班), 14, 15, 16, 17, 18, 21.
    assert case.amendment_due() == date(2024, 10, 21)
    assert (case.next_due, case.next_due_label) == (date(2024, 10, 21), "补正期限")

    with time_machine.travel(at(date(2024, 10, 15)), tick=False):
        client = login(cast["section"])  # a week later: a new session (the old one timed out)
        assert do(client, case, "receive_amendment", on=date(2024, 10, 15)).status_code == 302
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert [(s.start, s.end) for s in ClockStop.objects.filter(case=case)] == [(date(2024, 10, 8), date(2024, 10, 15))]
    # The 5 working days run again from the supplement's receipt (Tue 10-15): 16, 17, 18, 21, 22 —
    # not from the original receipt (which gave 10-10).
    assert case.acceptance_due() == date(2024, 10, 22)
    assert (case.next_due, case.next_due_label) == (date(2024, 10, 22), "受理审查期限")


# ---------------------------------------------------------------- the decision (Art. 62)


def test_the_ordinary_decision_is_due_sixty_days_after_acceptance_rolled_off_national_day(county, cast, login):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 7, 29))
    with time_machine.travel(at(date(2024, 8, 2)), tick=False):
        do(login(cast["section"]), case, "accept", on=date(2024, 8, 2), procedure="ordinary")
    case.refresh_from_db()
    # 2024-08-02 + 60 calendar days = 10-01, 国庆节; the break runs to 10-07, so the period ends Tue 10-08.
    assert case.decision_due == date(2024, 10, 8)


def test_the_simplified_decision_is_due_thirty_days_after_acceptance_rolled_off_national_day(county, cast, login):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 8, 28), act="警告", amount=None)
    with time_machine.travel(at(date(2024, 9, 2)), tick=False):
        r = do(login(cast["section"]), case, "accept", on=date(2024, 9, 2), procedure="simplified", simplified_reason="warning")
    assert r.status_code == 302
    case.refresh_from_db()
    # 2024-09-02 + 30 = 10-02, inside the 国庆节 break → Tue 10-08.
    assert case.decision_due == date(2024, 10, 8)


def accepted_case_2025(login, user):
    """Accepted 2025-03-10 (Mon) under the ordinary procedure: + 60 days = Fri 2025-05-09, a working day
    (the 劳动节 break ended on 05-05)."""
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2025, 3, 5))
    with time_machine.travel(at(date(2025, 3, 10)), tick=False):
        do(login(user), case, "accept", on=date(2025, 3, 10), procedure="ordinary")
    case.refresh_from_db()
    assert case.decision_due == date(2025, 5, 9)
    return case


def test_a_suspension_moves_the_decision_by_the_stopped_days(county, cast, login):
    case = accepted_case_2025(login, cast["section"])
    with time_machine.travel(at(date(2025, 4, 1)), tick=False):
        do(login(cast["section"]), case, "suspend", on=date(2025, 4, 1), reason="双方同意中止进行和解")
    case.refresh_from_db()
    assert case.state == State.SUSPENDED
    assert case.decision_due is None  # the clock is stopped: no date while the suspension is open
    with time_machine.travel(at(date(2025, 4, 11)), tick=False):
        do(login(cast["section"]), case, "resume", on=date(2025, 4, 11))
    case.refresh_from_db()
    # Stopped days are 04-02 … 04-11 (the day the clock stops counts, the day it resumes does not): 10 days,
    # so 05-09 + 10 = Mon 05-19.
    assert [(s.start, s.end) for s in case.clock_stops.all()] == [(date(2025, 4, 1), date(2025, 4, 11))]
    assert case.decision_due == date(2025, 5, 19)
    assert ("作出复议决定", date(2025, 5, 19)) in case.deadlines()


def test_mediating_a_case_suspended_for_mediation_ends_the_suspension_and_keeps_the_deadline(county, cast, login):
    case = accepted_case_2025(login, cast["section"])
    with time_machine.travel(at(date(2025, 4, 20)), tick=False):
        client = login(cast["section"])
        do(client, case, "suspend", on=date(2025, 4, 1), reason="双方同意中止进行调解")
        assert do(client, case, "mediate", on=date(2025, 4, 20), decision_no="示政复调〔2025〕1号").status_code == 302
    case.refresh_from_db()
    # The suspension ran 04-01 → 04-20 (19 stopped days): 05-09 + 19 = Wed 05-28, and the case closed on time.
    assert [(s.start, s.end) for s in case.clock_stops.all()] == [(date(2025, 4, 1), date(2025, 4, 20))]
    assert (case.state, case.decision_due, case.closed_on_time) == (State.DECIDED, date(2025, 5, 28), True)


def test_an_extension_adds_at_most_thirty_days_to_the_decision(county, cast, login):
    case = accepted_case_2025(login, cast["section"])
    with time_machine.travel(at(date(2025, 4, 30)), tick=False):
        assert do(login(cast["section"]), case, "extend", on=date(2025, 4, 30), days=30, approved_by="张科长").status_code == 302
    case.refresh_from_db()
    # 05-09 + 30 = Sun 06-08 → Mon 06-09.
    assert (case.extension_days, case.decision_due) == (30, date(2025, 6, 9))


def test_an_opinion_letters_sixty_day_feedback_stays_watched_after_the_case_is_archived(county, cast, login):
    case = case_at("decided", org("demo-sfj"), received_on=date(2024, 9, 2), accepted_on=date(2024, 9, 6), closed_on=date(2024, 11, 20),
                   outcome="revoked")
    client = login(cast["section"])
    assert do(client, case, "issue_letter", on=date(2024, 11, 21), kind="opinion", to_org=org("demo-d01").pk, content="规范执法程序").status_code == 302
    # Art. 76: the recipient reports within 60 days: 2024-11-21 + 60 = Mon 2025-01-20.
    for name, on in (("serve", date(2024, 11, 22)), ("archive", date(2024, 12, 2))):
        assert do(client, case, name, on=on).status_code == 302
        case.refresh_from_db()
        assert (case.next_due, case.next_due_label) == (date(2025, 1, 20), "行政复议意见书反馈"), name
    letter = case.letters.get()
    assert do(client, case, "letter_reply", on=date(2025, 1, 10), letter=letter.pk).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.next_due) == (State.ARCHIVED, None)


# ---------------------------------------------------------------- what the pages show, step by step


def test_the_next_deadline_on_the_case_page_and_in_my_todos_follows_each_step(county, cast, login):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))
    title = case.case_no
    page = f"/reconsideration/{case.pk}/"

    with time_machine.travel(at(date(2024, 10, 8)), tick=False) as clock:

        def move_to(day):
            clock.move_to(at(day))
            return login(cast["section"])  # days later: a new session (the old one timed out)

        client = login(cast["section"])
        assert banner(client.get(page)) == "受理审查期限 ：2024年10月10日 剩余2天"
        assert todo_rows(client.get("/")) == [(f"{title}：受理审查期限", "2天", "table-warning")]

        do(client, case, "request_amendment", on=date(2024, 10, 8), items="身份证明")
        assert banner(client.get(page)) == "补正期限 ：2024年10月21日 剩余13天"
        assert todo_rows(client.get("/")) == []  # 13 days away: beyond the 7-day warning horizon

        client = move_to(date(2024, 10, 15))
        assert banner(client.get(page)) == "补正期限 ：2024年10月21日 剩余6天"
        assert todo_rows(client.get("/")) == [(f"{title}：补正期限", "6天", "")]
        do(client, case, "receive_amendment", on=date(2024, 10, 15))
        assert banner(client.get(page)) == "受理审查期限 ：2024年10月22日 剩余7天"
        assert todo_rows(client.get("/")) == [(f"{title}：受理审查期限", "7天", "")]

        client = move_to(date(2024, 10, 22))
        do(client, case, "accept", on=date(2024, 10, 22), procedure="ordinary")
        # Art. 48: the copy goes out within 7 working days: 10-23, 24, 25, 28, 29, 30, 31.
        assert banner(client.get(page)) == "发送申请书副本 ：2024年10月31日 剩余9天"
        assert todo_rows(client.get("/")) == []

        client = move_to(date(2024, 10, 25))
        do(client, case, "send_copy", on=date(2024, 10, 25))
        # The reply within 10 working days of the copy: 10-28 … 11-01 (5), 11-04 … 11-08 (10).
        assert banner(client.get(page)) == "被申请人答复 ：2024年11月8日 剩余14天"

        client = move_to(date(2024, 11, 6))
        assert todo_rows(client.get("/")) == [(f"{title}：被申请人答复", "2天", "table-warning")]
        do(client, case, "receive_reply", on=date(2024, 11, 6))
        # Decision: 10-22 + 60 = Sat 12-21 → Mon 12-23.
        assert banner(client.get(page)) == "作出复议决定 ：2024年12月23日 剩余47天"
        assert todo_rows(client.get("/")) == []

        client = move_to(date(2024, 12, 24))
        assert banner(client.get(page)) == "作出复议决定 ：2024年12月23日 已逾期1天"
        assert todo_rows(client.get("/")) == [(f"{title}：作出复议决定", "逾期1天", "table-danger")]

        do(client, case, "decide", on=date(2024, 12, 24), outcome="upheld", decision_no="示政复决〔2024〕9号")
        assert banner(client.get(page)) == ""  # decided: no statutory deadline left to watch
        assert todo_rows(client.get("/")) == []


# ---------------------------------------------------------------- overdue


def test_an_overdue_case_is_flagged_red_in_the_list_and_first_in_my_todos(county, cast, login):
    late = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))  # due 10-10
    soon = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 10, 11))  # due 10-17 (Sat 10-12 is a working day)
    later = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 10, 14))  # due 10-21
    client = login(cast["section"])
    with time_machine.travel(at(date(2024, 10, 14)), tick=False):
        assert late.is_overdue and not soon.is_overdue
        rows = {row["obj"].pk: row["css"] for row in client.get("/reconsideration/").context["rows"]}
        assert rows == {late.pk: "table-danger", soon.pk: "table-warning", later.pk: ""}
        assert 'class="table-danger"' in client.get("/reconsideration/", {"due": "overdue"}).content.decode()
        assert [r.pk for r in client.get("/reconsideration/", {"due": "overdue"}).context["page"].object_list] == [late.pk]

        home = client.get("/")
        assert todo_rows(home) == [
            (f"{late.case_no}：受理审查期限", "逾期4天", "table-danger"),
            (f"{soon.case_no}：受理审查期限", "3天", "table-warning"),
            (f"{later.case_no}：受理审查期限", "7天", ""),
        ]
        assert home.context["overdue"] == 1


def test_a_case_closed_before_acceptance_has_no_deadline(county, cast, login):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))
    with time_machine.travel(at(date(2024, 10, 9)), tick=False):
        do(login(cast["section"]), case, "refuse", on=date(2024, 10, 9), reason="不属于行政复议范围")
    case = ReconsiderationCase.objects.get(pk=case.pk)
    assert (case.state, case.next_due, case.next_due_label) == (State.REFUSED, None, "")


# ---------------------------------------------------------------- fazhi remind


def test_fazhi_remind_lists_the_overdue_case_first_and_only_under_its_own_org(county):
    import io

    from django.core.management import call_command, get_commands

    if "remind" not in get_commands():
        pytest.skip("fazhi remind does not exist yet (another engineer is writing it)")
    late = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27))  # due 10-10
    soon = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 10, 11))  # due 10-17
    with time_machine.travel(at(date(2024, 10, 14)), tick=False):
        out = io.StringIO()
        call_command("remind", "--org", "demo-sfj", stdout=out)
        other = io.StringIO()
        call_command("remind", "--org", "demo-d01", stdout=other)
    lines = out.getvalue().splitlines()
    assert "2项待办，其中已逾期1项" in lines[0]
    assert "[逾期4天] 2024-10-10" in lines[1] and late.case_no in lines[1]
    assert "[剩余3天] 2024-10-17" in lines[2] and soon.case_no in lines[2]
    assert late.case_no not in other.getvalue() and "0项待办" in other.getvalue()
