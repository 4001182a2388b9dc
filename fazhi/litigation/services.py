"""The litigation workflow (行政诉讼法; 最高人民法院关于行政机关负责人出庭应诉若干问题的规定): transitions with
their guards and effects, the creation of the 二审 record on appeal, and the registry's deadlines for
我的待办."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core.scope import hidden_duplicate_message
from fazhi.core.todos import Todo, scoped
from fazhi.core.workflow import Correction, Transition, TransitionRefused, Workflow, not_before

from . import forms
from .choices import NOT_APPEALABLE, Instance, Result, State
from .models import Hearing, Lawsuit


def _prepend_note(data, text):
    data["note"] = text + (("\n" + data["note"]) if data.get("note") else "")


# ---- defence ---------------------------------------------------------------------------------------
def guard_defence(case, data):
    if case.defence_filed_on:
        return f"已登记答辩（{case.defence_filed_on:%Y-%m-%d}）。如登记有误，请使用“更正”。"
    return not_before(case, data["on"], sets="defence_filed_on")


def apply_defence(case, data, user):
    """Record the defence. A late defence is recorded, not refused: the court decides its consequence
    (行政诉讼法 Art. 34 ¶2: no evidence in time is deemed no evidence); the lateness is kept for the statistics."""
    case.defence_filed_on = data["on"]
    if case.defence_due and data["on"] > case.defence_due:
        days = (data["on"] - case.defence_due).days
        _prepend_note(data, f"逾期{days}日提交答辩状（答辩期限{case.defence_due:%Y-%m-%d}，行政诉讼法第六十七条）。")


# ---- hearings --------------------------------------------------------------------------------------
def guard_hearing(case, data):
    return not_before(case, data["on"], "complaint_received_on")


def _hearing_values(data):
    return {
        "held_on": data["on"],
        "heard": bool(data.get("heard")),
        "head_appeared": bool(data.get("head_appeared")),
        "head_name": data.get("head_name", "") if data.get("head_appeared") else "",
        "head_title": data.get("head_title", "") if data.get("head_appeared") else "",
        "head_is_principal": bool(data.get("head_is_principal")),
        "staff_sent": bool(data.get("staff_sent")),
    }


def apply_hearing(case, data, user):
    values = _hearing_values(data)
    Hearing.objects.create(lawsuit=case, note=(data.get("note") or "")[:200], **values)
    if values["heard"] and not values["head_appeared"]:
        _prepend_note(data, "负责人未出庭" + ("，委托相应工作人员出庭（不计入负责人出庭）。" if values["staff_sent"] else "，亦未委托相应工作人员出庭。"))
    case.refresh_hearing_flags()
    if values["heard"]:
        case.state = State.HEARD


def apply_correct_hearing(case, data, user):
    hearing = case.hearings.get(pk=data["hearing"])
    values = _hearing_values(data)
    data["old"] = {k: str(getattr(hearing, k)) for k in values}
    for k, v in values.items():
        setattr(hearing, k, v)
    hearing._history_user = user
    hearing.save()
    case.refresh_hearing_flags()


# ---- judgment, withdrawal, closing -----------------------------------------------------------------
def guard_judge(case, data):
    if data["result"] == Result.WITHDRAWN:
        return "撤诉请使用“准予撤诉”。"
    return not_before(case, data["on"], sets="closed_on")


def apply_judge(case, data, user):
    case.result = data["result"]
    case.closed_on = data["on"]
    case.served_on = data.get("served_on")
    case.loss_reason = data.get("loss_reason", "")


def guard_withdraw(case, data):
    return not_before(case, data["on"], sets="closed_on")


def apply_withdraw(case, data, user):
    case.result = Result.WITHDRAWN
    case.closed_on = data["on"]
    case.withdrawal_after_change = bool(data.get("withdrawal_after_change"))


def guard_close(case, data):
    return not_before(case, data["on"], sets="effective_on")


def apply_close(case, data, user):
    case.effective_on = data["on"]


# ---- appeal ----------------------------------------------------------------------------------------
def guard_appeal(case, data):
    if case.trial_level == Instance.APPEAL:
        return "二审裁判为终审裁判，不能上诉（行政诉讼法第八十五条）。"
    if case.result in NOT_APPEALABLE:
        return f"“{case.get_result_display()}”的案件不能上诉。"
    return not_before(case, data["on"], sets="appealed_on")


def create_second_instance(case, data, user):
    """The 二审 record: a new lawsuit linked to ``case``, same parties, act and responsible unit. Refused with
    the model's own Chinese messages (case number, uniqueness) when it does not validate; a case number
    another unit registered that the user may not see is refused without saying so (core.scope.HIDDEN_DUPLICATE)."""
    second = Lawsuit(
        org=case.org, court=data["court"], case_no=data["case_no"], trial_level=Instance.APPEAL, plaintiff=case.plaintiff,
        defendant_org=case.defendant_org, co_defendant_government=case.co_defendant_government,
        reconsideration_case=case.reconsideration_case, act=case.act, act_kind=case.act_kind,
        complaint_received_on=data["complaint_received_on"], previous_instance=case, created_by=user, updated_by=user,
    )
    hidden = hidden_duplicate_message(second, user)
    if hidden:
        raise TransitionRefused(hidden)
    try:
        second.full_clean()
    except ValidationError as e:
        raise TransitionRefused("；".join(e.messages)) from None
    second._history_user = user
    second.save()
    data["second_instance"] = second.case_no
    return second


def apply_appeal(case, data, user):
    case.appealed = True
    case.appealed_on = data["on"]
    case.appellant = data["appellant"]
    due = case.appeal_due()
    if due and data["on"] > due:
        _prepend_note(data, f"上诉日期晚于上诉期限（{due:%Y-%m-%d}，行政诉讼法第八十五条）。")
    if data.get("case_no"):
        create_second_instance(case, data, user)


def guard_second_instance(case, data):
    if not case.appealed:
        return "本案未登记上诉。"
    if case.next_instances.filter(trial_level=Instance.APPEAL).exists():
        return "本案的二审案件已经登记。"
    return None


def apply_second_instance(case, data, user):
    create_second_instance(case, data, user)


#: The entries a named correction may fix.
CORRECTABLE = [
    ("defence_filed_on", "答辩日期"), ("closed_on", "结案日期"), ("served_on", "裁判文书送达日期"), ("result", "裁判结果"),
    ("withdrawal_after_change", "被告改变行政行为后原告撤诉"), ("effective_on", "生效日期"), ("appealed_on", "上诉日期"),
    ("appellant", "上诉人"),
]


def correction_problem(case, field, value):
    """Why ``value`` cannot be the corrected ``field`` of ``case`` in its state (a result only as its state allows)."""
    return forms.result_problem(case, value) if field == "result" else None


ALL_STATES = set(State.values)
OPEN = {State.REGISTERED, State.DEFENDED, State.HEARD}

WORKFLOW = Workflow(
    Lawsuit,
    [
        Transition(name="file_defence", label="提交答辩状", sources=OPEN, target=State.DEFENDED, form=forms.DefenceForm, guard=guard_defence, apply=apply_defence,
                   help="被告应当在收到起诉状副本之日起十五日内提交作出行政行为的证据和所依据的规范性文件，并提出答辩状（行政诉讼法第六十七条）。逾期的照常登记，并记录逾期天数。"),
        Transition(name="record_hearing", label="登记庭审", sources=OPEN, form=forms.HearingForm, guard=guard_hearing, apply=apply_hearing, style="secondary",
                   help="负责人包括正职、副职负责人和其他参与分管的负责人（第二条）；委托的相应工作人员出庭不计为负责人出庭（第十条）。同一审级多次出庭只计一次（第七条）。"),
        Transition(name="judge", label="作出裁判", sources=OPEN, target=State.JUDGED, form=forms.JudgeForm, guard=guard_judge, apply=apply_judge,
                   help="登记判决、裁定或调解书。败诉：撤销、部分撤销、撤销并重作、履行、给付、确认违法、确认无效、变更和行政协议判决。"),
        Transition(name="withdraw", label="准予撤诉", sources=OPEN, target=State.WITHDRAWN, form=forms.WithdrawForm, guard=guard_withdraw, apply=apply_withdraw, style="secondary",
                   help="被告改变被诉行政行为、原告同意并申请撤诉的，须经人民法院准许（第六十二条），请勾选以便单独统计。"),
        Transition(name="appeal", label="上诉", sources={State.JUDGED}, target=State.CLOSED, form=forms.AppealForm, guard=guard_appeal, apply=apply_appeal, style="warning",
                   help="不服判决的上诉期限为送达之日起十五日，不服裁定的为十日（第八十五条）。二审为新的案件，与本案关联。"),
        Transition(name="register_second_instance", label="登记二审案件", sources={State.CLOSED}, form=forms.SecondInstanceForm, guard=guard_second_instance,
                   apply=apply_second_instance, style="secondary"),
        Transition(name="close", label="裁判生效", sources={State.JUDGED}, target=State.CLOSED, form=forms.CloseForm, guard=guard_close, apply=apply_close, style="secondary",
                   help="上诉期限届满无人上诉，或二审（终审）裁判送达的，登记生效结案。"),
        Transition(name="correct_hearing", label="更正庭审记录", sources=ALL_STATES, form=forms.CorrectHearingForm, apply=apply_correct_hearing, style="outline-danger",
                   help="更正庭审登记错误（如负责人是否出庭），原值保留在办理记录中。须写明理由。"),
        Correction(model=Lawsuit, fields=CORRECTABLE, check=correction_problem, reason_label="更正理由",
                   value_help="日期写作 2024-03-01；裁判结果等写中文名称；是否写“是”或“否”。"),
    ],
)


def derive_state(case, data):
    """The state of a lawsuit imported from a ledger row (``LawsuitLedgerForm``), from what is filled in:
    withdrawn, closed (appealed or effective), judged, heard or defended."""
    if data.get("result") == Result.WITHDRAWN:
        case.state = State.WITHDRAWN
    elif data.get("result") and (data.get("appealed") or data.get("effective_on")):
        case.state = State.CLOSED
    elif data.get("result"):
        case.state = State.JUDGED
    elif case.heard:
        case.state = State.HEARD
    elif data.get("defence_filed_on"):
        case.state = State.DEFENDED


def todos(user, today, horizon, org=None):
    """Lawsuits whose defence is due by ``horizon`` and not yet filed (overdue ones included), in scope
    (a user's data scope, or an org's subtree for ``fazhi remind``)."""
    qs = scoped(Lawsuit, user, org).filter(next_due__isnull=False, next_due__lte=horizon).select_related("org")
    for case in qs:
        yield Todo(
            title=f"{case.case_no}：{case.next_due_label}",
            due=case.next_due,
            url=reverse("litigation:lawsuit_detail", args=[case.pk]),
            kind="行政应诉",
            org=case.org.name,
        )
