"""The legality review workflow (合法性审查): transitions with their guards and effects, and the review
deadlines for 我的待办.

Who may act: the reviewing office (the user's scope covers the request's ``org``) runs every step; the
submitting unit, a side of the request (``ReviewRequest.sides``), may only withdraw its submission."""

from django.urls import reverse

from fazhi.core.models import subtree_q
from fazhi.core.todos import Todo
from fazhi.core.workflow import Transition, Workflow, not_before

from . import forms
from .choices import OPEN_STATES, Conclusion, ReviewKind, State, StopKind
from .models import AdviserConsultation, ClockStop, OpinionItem, ReviewRequest


def guard_receive(review, data):
    return not_before(review, data["on"], sets="received_on")


def apply_receive(review, data, user):
    review.received_on = data["on"]


def guard_assign(review, data):
    return not_before(review, data["on"], sets="assigned_on")


def apply_assign(review, data, user):
    review.reviewer = data["reviewer"]
    review.assigned_on = data["on"]


def guard_supplement(review, data):
    last = review.clock_stops.order_by("-end").values_list("end", flat=True).first()
    if last and data["on"] < last:
        return f"日期不能早于上次收到补充材料的日期（{last:%Y-%m-%d}）。"
    return not_before(review, data["on"], "received_on")


def apply_supplement(review, data, user):
    ClockStop.objects.create(review=review, kind=StopKind.SUPPLEMENT, start=data["on"], reason=data["items"][:200])


def guard_supplement_received(review, data):
    stop = review.clock_stops.filter(end__isnull=True).first()
    if stop and data["on"] < stop.start:
        return f"收到补充材料日期不能早于通知补充日期（{stop.start:%Y-%m-%d}）。"
    return None


def apply_supplement_received(review, data, user):
    review.clock_stops.filter(end__isnull=True).update(end=data["on"])


def guard_consult(review, data):
    return not_before(review, data["on"], "received_on")


def apply_consult(review, data, user):
    AdviserConsultation.objects.update_or_create(
        review=review, adviser=data["adviser"],
        defaults={"asked_on": data["on"], "opinion": data["opinion"], "replied_on": data.get("replied_on") or data["on"]},
    )


def guard_issue(review, data):
    reason = not_before(review, data["on"], sets="opinion_on")
    if reason:
        return reason
    reason = review.early_opinion_message(data["on"])
    if reason:
        return reason
    if review.kind == ReviewKind.MAJOR_DECISION and not review.consultations.exists():
        return "重大行政决策草案的合法性审查应当听取法律顾问、公职律师的意见（《重大行政决策程序暂行条例》第二十八条），请先登记法律顾问意见。"
    return None


def apply_issue(review, data, user):
    review.conclusion = data["conclusion"]
    review.opinion_on = data["on"]
    review.opinion_summary = data.get("summary", "")
    review.items.all().delete()
    OpinionItem.objects.bulk_create([OpinionItem(review=review, number=n, content=t) for n, t in enumerate(data.get("item_list") or [], start=1)])
    review.clock_stops.filter(end__isnull=True).update(end=data["on"])
    review.review_working_days = review.working_days_until(data["on"])


def guard_withdraw(review, data):
    return not_before(review, data["on"], sets="withdrawn_on")


def apply_withdraw(review, data, user):
    review.withdrawn_on = data["on"]
    review.clock_stops.filter(end__isnull=True).update(end=data["on"])


WORKFLOW = Workflow(
    ReviewRequest,
    [
        Transition(name="receive", label="接收", sources={State.SUBMITTED}, target=State.REVIEWING, form=forms.ReceiveForm, guard=guard_receive, apply=apply_receive,
                   help="审查时间自接收送审材料之日起计算。"),
        Transition(name="assign", label="分办承办人", sources={State.REVIEWING, State.SUPPLEMENT}, form=forms.AssignForm, guard=guard_assign, apply=apply_assign, style="secondary"),
        Transition(name="request_supplement", label="要求补充材料", sources={State.REVIEWING}, target=State.SUPPLEMENT, form=forms.SupplementForm, guard=guard_supplement, apply=apply_supplement,
                   style="warning", help="补充材料期间审查时间暂停计算，收到补充材料后继续计算。"),
        Transition(name="receive_supplement", label="收到补充材料", sources={State.SUPPLEMENT}, target=State.REVIEWING, form=forms.TransitionForm, guard=guard_supplement_received, apply=apply_supplement_received),
        Transition(name="consult", label="登记法律顾问意见", sources={State.REVIEWING, State.SUPPLEMENT}, form=forms.ConsultForm, guard=guard_consult, apply=apply_consult, style="secondary",
                   help="重大行政决策草案应当听取法律顾问、公职律师的意见（条例第二十八条）。"),
        Transition(name="issue", label="出具审查意见", sources={State.REVIEWING}, target=State.ISSUED, form=forms.IssueForm, guard=guard_issue, apply=apply_issue,
                   help="重大行政决策草案的审查时间一般不少于7个工作日（条例第二十六条）。"),
        Transition(name="withdraw", label="撤回送审", sources=OPEN_STATES, target=State.WITHDRAWN, form=forms.WithdrawForm, guard=guard_withdraw, apply=apply_withdraw, style="outline-danger"),
    ],
)


def derive_state(review, data):
    """The state of a review imported from a ledger row (``ReviewLedgerForm``), from the dates given: withdrawn,
    issued (its review time is computed once it is saved, a ledger row having no clock stops) or reviewing."""
    if data.get("withdrawn_on"):
        review.state = State.WITHDRAWN
    elif data.get("opinion_on"):
        review.state = State.ISSUED
        review.review_working_days = None
    elif data.get("received_on"):
        review.state = State.REVIEWING


def todos(user, today, horizon, org=None):
    """Open review requests whose review deadline falls by ``horizon`` (overdue ones included), in scope:
    for the office and for the submitting unit alike."""
    qs = ReviewRequest.objects.visible_to(user) if user is not None else ReviewRequest.objects.all()
    if org is not None:
        qs = qs.filter(subtree_q("org", org) | subtree_q("submitting_org", org))
    qs = qs.filter(state__in=list(OPEN_STATES), due_on__isnull=False, due_on__lte=horizon).select_related("org")
    for review in qs:
        yield Todo(
            title=f"{review.review_no}：出具合法性审查意见《{review.title}》",
            due=review.due_on,
            url=reverse("legality:reviewrequest_detail", args=[review.pk]),
            kind="合法性审查",
            org=review.org.name,
        )


__all__ = ["WORKFLOW", "todos", "derive_state", "Conclusion"]
