"""The reconsideration workflow through the web (POST /reconsideration/<pk>/do/<name>/): every guard refuses
with a clear Chinese message, a 400 and no change at all; every successful transition is logged and audited;
a terminal state is left only by the named correction, which keeps the old value; the read-only leader and an
out-of-scope station cannot act."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, TransitionLog
from fazhi.reconsideration.choices import ActKind, Outcome, Procedure, State
from fazhi.reconsideration.models import ClockStop, OpinionLetter, ReconsiderationCase
from fazhi.reconsideration.services import WORKFLOW

from .factories import CaseFactory, case_at, do, org

pytestmark = pytest.mark.usefixtures("holidays")



def snapshot(case):
    """Everything a refused transition must leave as it was."""
    case = ReconsiderationCase.objects.get(pk=case.pk)
    return (
        model_to_dict(case),
        case.history.count(),
        TransitionLog.objects.filter(object_id=case.pk, content_type=ContentType.objects.get_for_model(case)).count(),
        AuditEvent.objects.filter(action=AuditAction.TRANSITION).count(),
        ClockStop.objects.filter(case=case).count(),
        OpinionLetter.objects.filter(case=case).count(),
    )


def refused(client, case, name, message, **data):
    """POST the transition, expect a 400 that shows ``message``, and prove nothing changed."""
    before = snapshot(case)
    r = do(client, case, name, **data)
    assert r.status_code == 400, r.status_code
    page = r.content.decode()
    assert message in page, page[page.find("alert-danger") - 20 : page.find("alert-danger") + 400]
    assert snapshot(case) == before
    return r


@pytest.fixture
def section(cast, login):
    return login(cast["section"])


@pytest.fixture
def received(county):
    """Received Fri 2024-09-27; the 5 working days of Art. 30 end Thu 2024-10-10 (see test_deadlines)."""
    return CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27), amount=Decimal("5000"))


@pytest.fixture
def accepted(county):
    return case_at("accepted", org("demo-sfj"), received_on=date(2024, 9, 27), accepted_on=date(2024, 10, 8))


# ---------------------------------------------------------------- acceptance


def test_accepting_before_the_receipt_date_is_refused(section, received):
    refused(section, received, "accept", "日期不能早于收到申请日期（2024-09-27）。", on=date(2024, 9, 26), procedure="ordinary")


def test_the_simplified_procedure_without_a_reason_is_refused(section, received):
    refused(section, received, "accept", "适用简易程序的，须选择第五十三条规定的理由。", on=date(2024, 10, 8), procedure="simplified")


def test_the_small_amount_reason_is_refused_when_the_amount_is_five_thousand(section, received):
    refused(section, received, "accept", "涉案金额超过三千元（或未填写），不能以“案件涉及款额三千元以下”为由适用简易程序。",
            on=date(2024, 10, 8), procedure="simplified", simplified_reason="small_amount")


def test_the_information_disclosure_reason_is_refused_on_a_penalty_case(section, received):
    assert received.act_kind == ActKind.PENALTY
    refused(section, received, "accept", "该案不是政府信息公开案件，不能以此为由适用简易程序。",
            on=date(2024, 10, 8), procedure="simplified", simplified_reason="information_disclosure")


def test_the_simplified_procedure_with_a_valid_reason_is_accepted(section, county):
    case = CaseFactory(org=org("demo-sfj"), received_on=date(2024, 9, 27), amount=Decimal("3000"))
    assert do(section, case, "accept", on=date(2024, 10, 8), procedure="simplified", simplified_reason="small_amount").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.procedure, case.simplified_reason) == (State.ACCEPTED, Procedure.SIMPLIFIED, "small_amount")


def test_deemed_acceptance_is_refused_until_the_five_working_days_have_passed(section, received):
    refused(section, received, "deem_accepted", "受理审查期限（2024-10-10）尚未届满，不能视为受理（第三十条第三款）。", on=date(2024, 10, 10))
    assert do(section, received, "deem_accepted", on=date(2024, 10, 11)).status_code == 302
    received.refresh_from_db()
    # Art. 30 ¶3: accepted as of the day the review period ended.
    assert (received.state, received.acceptance_kind, received.accepted_on) == (State.ACCEPTED, "deemed_accepted", date(2024, 10, 10))


def test_abandonment_is_refused_until_the_supplement_period_has_passed(section, received):
    assert do(section, received, "request_amendment", on=date(2024, 10, 8), items="身份证明").status_code == 302
    # 10 working days after 10-08 end on 10-21 (test_deadlines).
    refused(section, received, "abandon", "补正期限（2024-10-21）尚未届满，不能视为放弃（第三十一条）。", on=date(2024, 10, 21), reason="逾期未补正")
    assert do(section, received, "abandon", on=date(2024, 10, 22), reason="逾期未补正").status_code == 302
    received.refresh_from_db()
    assert (received.state, received.ended_before_acceptance_on) == (State.ABANDONED, date(2024, 10, 22))


# ---------------------------------------------------------------- hearing, extension


def test_a_hearing_notice_less_than_five_working_days_ahead_is_refused(section, accepted):
    # Notice Tue 10-08, hearing Sat 10-12 (a make-up working day): 10-09, 10, 11, 12 = 4 working days.
    refused(section, accepted, "schedule_hearing", "听证通知须在听证五个工作日前送达（第五十一条），通知日至听证日仅4个工作日。",
            on=date(2024, 10, 8), hearing_on=date(2024, 10, 12))
    refused(section, accepted, "schedule_hearing", "听证日期应晚于通知日期。", on=date(2024, 10, 8), hearing_on=date(2024, 10, 8))
    # Mon 10-14 is the fifth working day after the notice.
    assert do(section, accepted, "schedule_hearing", on=date(2024, 10, 8), hearing_on=date(2024, 10, 14)).status_code == 302


def test_extensions_beyond_thirty_days_in_all_are_refused(section, accepted):
    # Art. 62 caps the extension at thirty days in all; it does not limit how many approvals make it up.
    assert do(section, accepted, "extend", on=date(2024, 11, 20), days=10, approved_by="张科长").status_code == 302
    assert do(section, accepted, "extend", on=date(2024, 11, 22), days=15, approved_by="张科长").status_code == 302
    refused(section, accepted, "extend", "延长期限合计不得超过三十日（第六十二条），本案已延长25日。", on=date(2024, 11, 25), days=10, approved_by="张科长")
    accepted.refresh_from_db()
    assert accepted.extension_days == 25


def test_an_extension_of_thirty_one_days_is_a_form_error(section, accepted):
    r = refused(section, accepted, "extend", "确保该值小于或等于30。", on=date(2024, 11, 20), days=31, approved_by="张科长")
    assert r.context["form"].errors["days"] == ["确保该值小于或等于30。"]


def test_a_simplified_case_cannot_be_extended(section, county):
    case = case_at("accepted", org("demo-sfj"), received_on=date(2024, 9, 27), accepted_on=date(2024, 10, 8),
                   procedure=Procedure.SIMPLIFIED, simplified_reason="warning")
    refused(section, case, "extend", "简易程序案件不能延期，须先转为普通程序。", on=date(2024, 10, 20), days=10, approved_by="张科长")


# ---------------------------------------------------------------- states


def test_serving_before_the_decision_is_refused(section, accepted):
    refused(section, accepted, "serve", "当前状态为“审理中”，不能执行“送达”。", on=date(2024, 11, 1))


# A valid form for every transition, so that what refuses them is the state.
VALID = {
    "request_amendment": {"items": "材料"},
    "receive_amendment": {},
    "abandon": {"reason": "逾期"},
    "accept": {"procedure": "ordinary"},
    "deem_accepted": {},
    "refuse": {"reason": "不属于受案范围"},
    "redirect": {"reason": "无管辖权", "redirected_to": "示范市人民政府"},
    "resolve_before_acceptance": {"reason": "申请人撤回"},
    "switch_to_ordinary": {"approved_by": "张科长"},
    "send_copy": {},
    "receive_reply": {},
    "schedule_hearing": {"hearing_on": date(2025, 3, 1)},
    "committee_advice": {"advice": "建议维持"},
    "suspend": {"reason": "和解"},
    "resume": {},
    "extend": {"days": 10, "approved_by": "张科长"},
    "decide": {"outcome": "revoked", "decision_no": "示政复决〔2024〕2号"},
    "mediate": {"decision_no": "示政复调〔2024〕1号"},
    "terminate": {"reason": "withdrawn"},
    "serve": {},
    "archive": {},
}


def test_an_archived_case_refuses_every_transition_that_would_leave_or_redo_it(section, county):
    case = case_at("archived", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 5), closed_on=date(2024, 4, 20))
    # Registering an opinion letter and its feedback stays possible after archiving (Art. 76: the recipient
    # reports within 60 days, usually after the file is closed); neither changes the state. Feedback is
    # offered only while a letter awaits it, and this case has none.
    assert {t.name for t in WORKFLOW.available(case)} == {"correct", "issue_letter"}
    # (The respondent's own reply, ``submit_reply``, is refused to the office whatever the state: test_respondent.py.)
    assert set(VALID) == {t.name for t in WORKFLOW.transitions} - {"correct", "issue_letter", "letter_reply", "submit_reply"}
    for name, data in VALID.items():
        label = WORKFLOW.get(name).label
        refused(section, case, name, f"当前状态为“已归档”，不能执行“{label}”。", on=date(2025, 1, 10), **data)


# ---------------------------------------------------------------- correction


def test_a_correction_changes_one_field_and_keeps_the_old_value_in_the_history_and_the_log(section, county):
    case = case_at("archived", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 5), closed_on=date(2024, 4, 20),
                   outcome=Outcome.UPHELD)
    before = model_to_dict(ReconsiderationCase.objects.get(pk=case.pk))
    r = do(section, case, "correct", on=date(2025, 1, 10), field="closed_on", value="2024-04-18", note="审结日期登记笔误，以决定书落款为准")
    assert r.status_code == 302
    after = model_to_dict(ReconsiderationCase.objects.get(pk=case.pk))
    assert {k for k in after if after[k] != before[k]} == {"closed_on"}
    assert after["closed_on"] == date(2024, 4, 18) and after["state"] == State.ARCHIVED

    log = TransitionLog.objects.get(object_id=case.pk, transition="correct")
    assert (log.from_state, log.to_state, log.note) == (State.ARCHIVED, State.ARCHIVED, "审结日期登记笔误，以决定书落款为准")
    assert (log.data["field"], log.data["value"], log.data["old"]) == ("closed_on", "2024-04-18", "2024-04-20")

    history = section.get(f"/reconsideration/{case.pk}/history/")
    assert history.status_code == 200
    newest = history.context["entries"][0]
    assert newest["changes"] == [{"label": "审结日期", "old": "2024-04-20", "new": "2024-04-18"}]
    assert "2024-04-20" in history.content.decode()


def test_a_correction_of_a_coded_field_takes_the_chinese_label(section, county):
    case = case_at("served", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 5), closed_on=date(2024, 4, 20))
    assert do(section, case, "correct", on=date(2025, 1, 10), field="outcome", value="确认违法", note="结案方式录错").status_code == 302
    case.refresh_from_db()
    assert case.outcome == Outcome.DECLARED_UNLAWFUL
    assert TransitionLog.objects.get(object_id=case.pk, transition="correct").data["old"] == "upheld"


def test_a_correction_without_a_reason_is_refused(section, county):
    case = case_at("archived", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 5), closed_on=date(2024, 4, 20))
    refused(section, case, "correct", "请写明更正理由。", on=date(2025, 1, 10), field="closed_on", value="2024-04-18")
    refused(section, case, "correct", "格式不正确，日期写作 2024-03-01。", on=date(2025, 1, 10), field="closed_on", value="四月十八日", note="笔误")


# ---------------------------------------------------------------- logging and auditing


def test_every_successful_transition_writes_a_transition_log_and_an_audit_event(section, cast, received):
    steps = [
        ("accept", {"on": date(2024, 10, 8), "procedure": "ordinary"}, State.RECEIVED, State.ACCEPTED),
        ("send_copy", {"on": date(2024, 10, 9)}, State.ACCEPTED, State.ACCEPTED),
        ("receive_reply", {"on": date(2024, 10, 18)}, State.ACCEPTED, State.ACCEPTED),
        ("decide", {"on": date(2024, 11, 20), "outcome": "revoked", "decision_no": "示政复决〔2024〕3号"}, State.ACCEPTED, State.DECIDED),
        ("serve", {"on": date(2024, 11, 22)}, State.DECIDED, State.SERVED),
        ("archive", {"on": date(2024, 12, 2)}, State.SERVED, State.ARCHIVED),
    ]
    for i, (name, data, source, target) in enumerate(steps, start=1):
        assert do(section, received, name, **data).status_code == 302, name
        logs = list(WORKFLOW.log(received))
        assert len(logs) == i
        assert (logs[-1].transition, logs[-1].on, logs[-1].by, logs[-1].from_state, logs[-1].to_state) == (name, data["on"], cast["section"], source, target)
        events = AuditEvent.objects.filter(action=AuditAction.TRANSITION).order_by("id")
        assert events.count() == i
        assert (events.last().actor, events.last().object_id, events.last().detail["transition"]) == (cast["section"], str(received.pk), name)
    received.refresh_from_db()
    assert (received.outcome, received.closed_on, received.served_on, received.archived_on) == (Outcome.REVOKED, date(2024, 11, 20), date(2024, 11, 22), date(2024, 12, 2))
    page = section.get(f"/reconsideration/{received.pk}/").content.decode()
    assert all(WORKFLOW.get(name).label in page for name, *_ in steps)


# ---------------------------------------------------------------- permission and scope


def test_the_read_only_leader_is_forbidden_to_run_a_transition(cast, login, received):
    before = snapshot(received)
    client = login(cast["leader"])
    assert client.get(f"/reconsideration/{received.pk}/").status_code == 200
    assert client.post(f"/reconsideration/{received.pk}/do/accept/", {"on": "2024-10-08", "procedure": "ordinary"}).status_code == 403
    assert client.get(f"/reconsideration/{received.pk}/do/accept/").status_code == 403
    assert snapshot(received) == before
    assert "data-transition" not in client.get(f"/reconsideration/{received.pk}/").content.decode()


def test_a_station_cannot_act_on_another_units_case(cast, login, county):
    theirs = CaseFactory(org=org("demo-s02"), received_on=date(2024, 9, 27))
    before = snapshot(theirs)
    client = login(cast["station1"])
    assert client.post(f"/reconsideration/{theirs.pk}/do/accept/", {"on": "2024-10-08", "procedure": "ordinary"}).status_code == 404
    assert snapshot(theirs) == before
    mine = CaseFactory(org=org("demo-s01"), received_on=date(2024, 9, 27))
    assert do(client, mine, "accept", on=date(2024, 10, 8), procedure="ordinary").status_code == 302


def test_a_transition_dated_in_the_future_is_refused(section, county):
    from django.utils import timezone

    case = case_at("received", org("demo-sfj"), received_on=timezone.localdate())
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    r = do(section, case, "refuse", on=tomorrow, reason="不属于受理范围")
    assert r.status_code == 400 and "不能晚于今天" in r.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_steps_that_cannot_apply_are_not_offered(section, county):
    case = case_at("accepted", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 5))
    offered = {t.name for t in WORKFLOW.available(case)}
    assert "switch_to_ordinary" not in offered  # already ordinary
    assert "receive_reply" not in offered  # no copy sent yet
    assert "letter_reply" not in offered  # no letter
    assert {"send_copy", "extend", "decide", "suspend"} <= offered
