"""The reconsideration workflow (行政复议法, 2023): transitions with their guards and effects, and the
registry's deadlines for 我的待办."""

from decimal import Decimal

from django.urls import reverse

from fazhi.core.periods import working_days_between
from fazhi.core.todos import Todo, scoped, scoped_as
from fazhi.core.workflow import Correction, Transition, Workflow, not_before

from . import forms
from .choices import AcceptanceKind, ActKind, Outcome, Procedure, SimplifiedReason, State, StopKind
from .models import ClockStop, OpinionLetter, ReconsiderationCase


# ---- before acceptance -----------------------------------------------------------------------------
def guard_amendment(case, data):
    return not_before(case, data["on"], sets="amendment_requested_on")


def apply_amendment(case, data, user):
    case.amendment_requested_on = data["on"]
    ClockStop.objects.create(case=case, kind=StopKind.AMENDMENT, start=data["on"], reason=data["items"][:200])


def guard_amendment_received(case, data):
    return not_before(case, data["on"], sets="amendment_received_on")


def apply_amendment_received(case, data, user):
    case.amendment_received_on = data["on"]
    case.clock_stops.filter(kind=StopKind.AMENDMENT, end__isnull=True).update(end=data["on"])


def guard_abandon(case, data):
    due = case.amendment_due()
    if due and data["on"] <= due:
        return f"补正期限（{due:%Y-%m-%d}）尚未届满，不能视为放弃（第三十一条）。"
    return None


def apply_end_before_acceptance(case, data, user):
    case.ended_before_acceptance_on = data["on"]
    case.ended_reason = data.get("reason", "") or data.get("note", "")
    case.redirected_to = data.get("redirected_to", "")
    case.clock_stops.filter(end__isnull=True).update(end=data["on"])


def guard_before_acceptance_end(case, data):
    return not_before(case, data["on"], sets="ended_before_acceptance_on")


def guard_accept(case, data):
    reason = not_before(case, data["on"], sets="accepted_on")
    if reason:
        return reason
    if data["procedure"] == Procedure.SIMPLIFIED:
        r = data.get("simplified_reason")
        if not r:
            return "适用简易程序的，须选择第五十三条规定的理由。"
        if r == SimplifiedReason.SMALL_AMOUNT and (case.amount is None or case.amount > Decimal(3000)):
            return "涉案金额超过三千元（或未填写），不能以“案件涉及款额三千元以下”为由适用简易程序。"
        if r == SimplifiedReason.INFORMATION and case.act_kind != ActKind.INFORMATION:
            return "该案不是政府信息公开案件，不能以此为由适用简易程序。"
    return None


def apply_accept(case, data, user):
    case.accepted_on = data["on"]
    case.acceptance_kind = AcceptanceKind.ACCEPTED
    case.procedure = data["procedure"]
    case.simplified_reason = data.get("simplified_reason") or "" if data["procedure"] == Procedure.SIMPLIFIED else ""


def guard_deem_accepted(case, data):
    due = case.acceptance_due()
    if data["on"] <= due:
        return f"受理审查期限（{due:%Y-%m-%d}）尚未届满，不能视为受理（第三十条第三款）。"
    return None


def apply_deem_accepted(case, data, user):
    case.accepted_on = case.acceptance_due()
    case.acceptance_kind = AcceptanceKind.DEEMED
    case.procedure = Procedure.ORDINARY


# ---- after acceptance ------------------------------------------------------------------------------
def guard_switch(case, data):
    if case.procedure != Procedure.SIMPLIFIED:
        return "本案已适用普通程序。"
    return not_before(case, data["on"], "accepted_on")


def apply_switch(case, data, user):
    case.procedure = Procedure.ORDINARY
    case.simplified_reason = ""


def guard_copy(case, data):
    if case.copy_sent_on:
        return "已登记发送申请书副本。"
    return not_before(case, data["on"], sets="copy_sent_on")


def apply_copy(case, data, user):
    case.copy_sent_on = data["on"]


def guard_reply(case, data):
    if not case.copy_sent_on:
        return "尚未发送申请书副本。"
    return not_before(case, data["on"], sets="reply_received_on")


def apply_reply(case, data, user):
    case.reply_received_on = data["on"]


def guard_hearing(case, data):
    if data["hearing_on"] <= data["on"]:
        return "听证日期应晚于通知日期。"
    n = working_days_between(data["on"], data["hearing_on"])
    if n < 5:
        return f"听证通知须在听证五个工作日前送达（第五十一条），通知日至听证日仅{n}个工作日。"
    return None


def apply_hearing(case, data, user):
    case.hearing_notice_on = data["on"]
    case.hearing_on = data["hearing_on"]


def apply_committee(case, data, user):
    case.committee_advice = data["advice"]


def guard_suspend(case, data):
    return not_before(case, data["on"], "accepted_on")


def apply_suspend(case, data, user):
    ClockStop.objects.create(case=case, kind=StopKind.SUSPENSION, start=data["on"], reason=data["reason"])


def guard_resume(case, data):
    stop = case.clock_stops.filter(kind=StopKind.SUSPENSION, end__isnull=True).first()
    if stop and data["on"] < stop.start:
        return f"恢复日期不能早于中止日期（{stop.start:%Y-%m-%d}）。"
    return None


def apply_resume(case, data, user):
    case.clock_stops.filter(kind=StopKind.SUSPENSION, end__isnull=True).update(end=data["on"])


def guard_extend(case, data):
    """Art. 62: the head of the office may extend a complex ordinary case by at most thirty days in all."""
    if case.procedure == Procedure.SIMPLIFIED:
        return "简易程序案件不能延期，须先转为普通程序。"
    if case.extension_days + data["days"] > 30:
        return f"延长期限合计不得超过三十日（第六十二条），本案已延长{case.extension_days}日。"
    if case.decision_due and data["on"] > case.decision_due:
        return f"决定期限（{case.decision_due:%Y-%m-%d}）已届满，不能再批准延期。"
    return None


def apply_extend(case, data, user):
    case.extension_days += data["days"]
    case.extension_approved_by = "、".join(x for x in (case.extension_approved_by, data["approved_by"]) if x)


def guard_close(case, data):
    return not_before(case, data["on"], sets="closed_on")


def apply_decide(case, data, user):
    case.outcome = data["outcome"]
    case.decision_no = data["decision_no"]
    case.closed_on = data["on"]


def apply_mediate(case, data, user):
    case.outcome = Outcome.MEDIATED
    case.decision_no = data["decision_no"]
    case.closed_on = data["on"]
    # A case suspended for mediation (Art. 39) ends with it: close the suspension, as termination does, so
    # that the decision deadline (and 按时审结) is computed over the stopped days.
    case.clock_stops.filter(end__isnull=True).update(end=data["on"])


def apply_terminate(case, data, user):
    case.outcome = Outcome.TERMINATED
    case.termination_reason = data["reason"]
    case.decision_no = data.get("decision_no", "")
    case.closed_on = data["on"]
    case.clock_stops.filter(end__isnull=True).update(end=data["on"])


def guard_serve(case, data):
    return not_before(case, data["on"], sets="served_on")


def apply_serve(case, data, user):
    case.served_on = data["on"]


def apply_letter(case, data, user):
    OpinionLetter.objects.create(case=case, kind=data["kind"], issued_on=data["on"], to_org=data["to_org"], to_name=data["to_org"].name, content=data.get("content", ""))


def apply_letter_reply(case, data, user):
    case.letters.filter(pk=data["letter"]).update(replied_on=data["on"])


def guard_archive(case, data):
    return not_before(case, data["on"], sets="archived_on")


def apply_archive(case, data, user):
    case.archived_on = data["on"]


#: The entries a named correction may fix.
CORRECTABLE = [
    ("received_on", "收到申请日期"), ("accepted_on", "受理日期"), ("closed_on", "审结日期"), ("served_on", "送达日期"),
    ("outcome", "结案方式"), ("procedure", "程序"), ("act_kind", "行政行为类别"), ("decision_no", "决定书文号"),
]

HANDLING = {State.ACCEPTED, State.SUSPENDED}
AFTER_DECISION = {State.DECIDED, State.SERVED, State.ARCHIVED}

WORKFLOW = Workflow(
    ReconsiderationCase,
    [
        Transition(name="request_amendment", label="通知补正", sources={State.RECEIVED}, target=State.AMENDMENT, form=forms.AmendmentForm, guard=guard_amendment, apply=apply_amendment, style="secondary",
                   help="应自收到申请之日起五个工作日内书面通知，一次性载明需要补正的事项（第三十一条）。"),
        Transition(name="receive_amendment", label="收到补正材料", sources={State.AMENDMENT}, target=State.RECEIVED, form=forms.TransitionForm, guard=guard_amendment_received, apply=apply_amendment_received,
                   help="受理审查期限自收到补正材料之日起重新计算。"),
        Transition(name="abandon", label="视为放弃", sources={State.AMENDMENT}, target=State.ABANDONED, form=forms.EndBeforeAcceptanceForm, guard=guard_abandon, apply=apply_end_before_acceptance, style="secondary"),
        Transition(name="accept", label="受理", sources={State.RECEIVED}, target=State.ACCEPTED, form=forms.AcceptForm, guard=guard_accept, apply=apply_accept,
                   help="简易程序仅适用于第五十三条规定的情形，须选择理由。"),
        Transition(name="deem_accepted", label="视为受理", sources={State.RECEIVED}, target=State.ACCEPTED, form=forms.TransitionForm, guard=guard_deem_accepted, apply=apply_deem_accepted, style="secondary",
                   help="审查期限届满未作出不予受理决定的，自期限届满之日起视为受理（第三十条第三款）。"),
        Transition(name="refuse", label="不予受理", sources={State.RECEIVED}, target=State.REFUSED, form=forms.EndBeforeAcceptanceForm, guard=guard_before_acceptance_end, apply=apply_end_before_acceptance, style="secondary"),
        Transition(name="redirect", label="告知（转送）", sources={State.RECEIVED}, target=State.REDIRECTED, form=forms.RedirectForm, guard=guard_before_acceptance_end, apply=apply_end_before_acceptance, style="secondary"),
        Transition(name="resolve_before_acceptance", label="受理前调撤", sources={State.RECEIVED, State.AMENDMENT}, target=State.RESOLVED, form=forms.EndBeforeAcceptanceForm, guard=guard_before_acceptance_end, apply=apply_end_before_acceptance, style="secondary"),
        Transition(name="switch_to_ordinary", label="转为普通程序", sources={State.ACCEPTED}, form=forms.SwitchForm, guard=guard_switch, apply=apply_switch, style="secondary",
                   applies=lambda c: c.procedure == Procedure.SIMPLIFIED),
        Transition(name="send_copy", label="发送申请书副本", sources={State.ACCEPTED}, form=forms.TransitionForm, guard=guard_copy, apply=apply_copy, style="secondary",
                   applies=lambda c: not c.copy_sent_on),
        Transition(name="receive_reply", label="收到被申请人答复", sources={State.ACCEPTED, State.SUSPENDED}, form=forms.TransitionForm, guard=guard_reply, apply=apply_reply, style="secondary",
                   applies=lambda c: bool(c.copy_sent_on) and not c.reply_received_on),
        Transition(name="submit_reply", label="提交书面答复", sources={State.ACCEPTED, State.SUSPENDED}, form=forms.TransitionForm, guard=guard_reply, apply=apply_reply,
                   applies=lambda c: bool(c.copy_sent_on) and not c.reply_received_on, holder=False,
                   help="被申请人自收到申请书副本之日起十个工作日内（简易程序五个工作日内）提出书面答复，并提交证据、依据和其他材料（第四十八条）；"
                        "纸质答复材料同时送交行政复议机构。"),
        Transition(name="schedule_hearing", label="通知听证", sources={State.ACCEPTED}, form=forms.HearingForm, guard=guard_hearing, apply=apply_hearing, style="secondary"),
        Transition(name="committee_advice", label="委员会咨询意见", sources={State.ACCEPTED}, form=forms.CommitteeForm, apply=apply_committee, style="secondary"),
        Transition(name="suspend", label="中止", sources={State.ACCEPTED}, target=State.SUSPENDED, form=forms.SuspendForm, guard=guard_suspend, apply=apply_suspend, style="warning"),
        Transition(name="resume", label="恢复审理", sources={State.SUSPENDED}, target=State.ACCEPTED, form=forms.TransitionForm, guard=guard_resume, apply=apply_resume),
        Transition(name="extend", label="延期", sources={State.ACCEPTED}, form=forms.ExtendForm, guard=guard_extend, apply=apply_extend, style="warning",
                   applies=lambda c: c.procedure != Procedure.SIMPLIFIED and c.extension_days < 30),
        Transition(name="decide", label="作出复议决定", sources={State.ACCEPTED}, target=State.DECIDED, form=forms.DecideForm, guard=guard_close, apply=apply_decide),
        Transition(name="mediate", label="调解结案", sources={State.ACCEPTED, State.SUSPENDED}, target=State.DECIDED, form=forms.MediateForm, guard=guard_close, apply=apply_mediate),
        Transition(name="terminate", label="终止", sources={State.ACCEPTED, State.SUSPENDED}, target=State.DECIDED, form=forms.TerminateForm, guard=guard_close, apply=apply_terminate, style="secondary",
                   help="申请人撤回（含和解后撤回）等第四十一条规定的情形。"),
        Transition(name="serve", label="送达", sources={State.DECIDED}, target=State.SERVED, form=forms.TransitionForm, guard=guard_serve, apply=apply_serve),
        Transition(name="issue_letter", label="制发意见书", sources=AFTER_DECISION | HANDLING, form=forms.LetterForm, apply=apply_letter, style="secondary",
                   help="被制发单位应自收到之日起六十日内反馈纠正情况（第七十六条）。"),
        Transition(name="letter_reply", label="登记意见书反馈", sources=AFTER_DECISION | HANDLING, form=forms.LetterReplyForm, apply=apply_letter_reply, style="secondary",
                   applies=lambda c: c.letters.filter(replied_on__isnull=True).exists()),
        Transition(name="archive", label="归档", sources={State.SERVED}, target=State.ARCHIVED, form=forms.TransitionForm, guard=guard_archive, apply=apply_archive, style="secondary"),
        Correction(model=ReconsiderationCase, fields=CORRECTABLE, clearable=False,
                   value_help="日期写作 2024-03-01；结案方式等写中文名称。"),
    ],
)


def derive_state(case, data):
    """The state of a case imported from a ledger row (``ReconsiderationLedgerForm``), from how far the dates
    given have got it: ended before acceptance, served, decided or accepted."""
    if data.get("ended_as"):
        case.state = forms.ENDINGS[data["ended_as"]]
    elif data.get("served_on"):
        case.state = State.SERVED
    elif data.get("closed_on"):
        case.state = State.DECIDED
    elif data.get("accepted_on"):
        case.state = State.ACCEPTED
        case.acceptance_kind = AcceptanceKind.ACCEPTED
    if data.get("accepted_on"):
        case.acceptance_kind = case.acceptance_kind or AcceptanceKind.ACCEPTED


def todos(user, today, horizon, org=None):
    """Cases whose next statutory deadline is due by ``horizon`` (overdue ones included), in the holder's scope;
    and, for the respondent's unit, the written reply its cases await."""
    qs = scoped(ReconsiderationCase, user, org).filter(next_due__isnull=False, next_due__lte=horizon).select_related("org")
    for case in qs:
        yield Todo(
            title=f"{case.case_no}：{case.next_due_label}",
            due=case.next_due,
            url=reverse("reconsideration:reconsiderationcase_detail", args=[case.pk]),
            kind="行政复议",
            org=case.org.name,
        )
    respondent = ReconsiderationCase.sides[0]
    awaiting = scoped_as(ReconsiderationCase, respondent, user, org).filter(
        state__in=HANDLING, copy_sent_on__isnull=False, reply_received_on__isnull=True).select_related("respondent_org")
    for case in awaiting:
        due = dict(case.deadlines()).get("被申请人答复")
        if due is not None and due <= horizon:
            yield Todo(title=f"{case.case_no}：提交书面答复（被申请人）", due=due,
                       url=reverse("reconsideration:reconsiderationcase_detail", args=[case.pk]),
                       kind="行政复议", org=case.respondent_org.name)
