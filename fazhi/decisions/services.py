"""Workflows of the decisions app — a major decision through its statutory procedures to the decision,
publication and archive (《重大行政决策程序暂行条例》); an administrative contract from draft through signing,
filing and performance — and their deadlines for 我的待办."""

from django.urls import reverse

from fazhi.core.todos import Todo, scoped
from fazhi.core.workflow import Correction, Transition, Workflow, not_before

from . import forms
from .choices import ContractState, ProcedureKind, State
from .models import AdministrativeContract, MajorDecision

# ==================================================================================================
# Major decisions
# ==================================================================================================


def guard_procedure(decision, data):
    return not_before(decision, data.get("on"), "initiated_on")


def apply_procedure(form_class):
    def apply(decision, data, user):
        procedure = form_class.build(data)
        procedure.decision = decision
        procedure._history_user = user
        procedure.save()
        data["procedure"] = procedure.pk

    return apply


def guard_legality_review(decision, data):
    review = data.get("review")
    if review is not None and review.state != "issued":
        return f"合法性审查（{review.review_no}）尚未出具审查意见。"
    return guard_procedure(decision, data)


def guard_collective_decision(decision, data):
    """条例第二十五条: a draft not reviewed, or found unlawful, must not go to the meeting."""
    reason = guard_procedure(decision, data)
    if reason:
        return reason
    review = decision.latest(ProcedureKind.LEGALITY_REVIEW, on=data["on"])
    if review is None:
        return "决策草案未经合法性审查的，不得提交决策机关讨论（第二十五条）：请先登记合法性审查。"
    if review.unlawful:
        return "决策草案经合法性审查不合法的，不得提交决策机关讨论（第二十五条）。"
    return None


def guard_decide(decision, data):
    """The required procedures must all have been held by the decision date (the message names each missing one
    with its article); a risk found uncontrollable (第二十四条) or a draft found unlawful (第二十五条) stops it."""
    on = data["on"]
    reason = not_before(decision, on, sets="decided_on")
    if reason:
        return reason
    message = decision.missing_message(on)
    if message:
        return message
    risk = decision.latest(ProcedureKind.RISK_ASSESSMENT, on=on)
    if risk is not None and risk.risk_controllable is False:
        return "最近一次风险评估认为风险不可控：须调整决策草案、重新评估确保风险可控后，才能作出决策（第二十四条）。"
    review = decision.latest(ProcedureKind.LEGALITY_REVIEW, on=on)
    if review is not None and review.unlawful:
        return "决策草案经合法性审查不合法，不得作出决定（第二十五条）。"
    return None


def apply_decide(decision, data, user):
    decision.mark_decided(data["on"])
    decision.decision_no = data.get("decision_no", "")
    if data.get("executing_org"):
        decision.executing_org = data["executing_org"]


def apply_terminate(decision, data, user):
    decision.terminated_on = data["on"]
    decision.termination_reason = data["reason"]


def guard_publish(decision, data):
    reason = not_before(decision, data["on"], sets="published_on")
    if reason:
        return reason
    if data["party_reported_on"] > data["on"]:
        return "重大行政决策出台前应当向同级党委请示报告（第三十一条）：请示报告日期不能晚于公布日期。"
    return None


def apply_publish(decision, data, user):
    decision.published_on = data["on"]
    decision.publication_channel = data["channel"]
    decision.party_reported_on = data["party_reported_on"]


def guard_archive(decision, data):
    return not_before(decision, data["on"], sets="archived_on")


def apply_archive(decision, data, user):
    decision.archived_on = data["on"]


def guard_evaluate(decision, data):
    return not_before(decision, data["on"], sets="post_evaluated_on")


def apply_evaluate(decision, data, user):
    decision.post_evaluated_on = data["on"]
    decision.post_evaluation_reason = data["reason"]
    decision.post_evaluation_by = data["evaluator"]
    decision.post_evaluation_result = data["result"]


DECISION_CORRECTABLE = [
    ("initiated_on", "启动日期"), ("decided_on", "决定日期"), ("published_on", "公布日期"), ("archived_on", "归档日期"),
    ("decision_no", "决定文号"), ("party_reported_on", "向同级党委请示报告日期"),
]
CONTRACT_CORRECTABLE = [
    ("signed_on", "签订日期"), ("filed_on", "备案日期"), ("completed_on", "履行完毕日期"), ("terminated_on", "解除日期"),
    ("contract_no", "合同编号"), ("amount", "合同金额（元）"),
]


def after_decision_correction(decision, field, value):
    """Completeness is as of the decision date: recomputed when that date is corrected."""
    if field == "decided_on" and value:
        decision.mark_decided(value)


PROCEDURE_STEPS = [
    ("record_participation", "登记公众参与", forms.ParticipationForm,
     "向社会公开征求意见的，期限一般不少于30日；缩短的须说明理由（第十五条）。", guard_procedure),
    ("record_hearing", "登记听证会", forms.HearingForm,
     "听证会材料应当于召开听证会7日前送达听证参加人（第十六条）。", guard_procedure),
    ("record_expert_review", "登记专家论证", forms.ExpertReviewForm, "专业性、技术性较强的决策事项应当组织专家论证（第十九条）。", guard_procedure),
    ("record_risk_assessment", "登记风险评估", forms.RiskAssessmentForm,
     "可能对社会稳定、公共安全等造成不利影响的，应当评估风险可控性（第二十二条）。", guard_procedure),
    ("record_legality_review", "登记合法性审查", forms.LegalityReviewForm,
     "决策草案提交决策机关讨论前，应当经合法性审查（第二十五条）。", guard_legality_review),
    ("record_collective_decision", "登记集体讨论", forms.CollectiveDecisionForm,
     "决策草案应当经政府常务会议或者全体会议讨论，不同意见应当如实载明（第三十条）。", guard_collective_decision),
]

DECISION_WORKFLOW = Workflow(
    MajorDecision,
    [
        *[Transition(name=name, label=label, sources={State.IN_PROGRESS}, form=form, guard=guard, apply=apply_procedure(form), style="secondary", help=help)
          for name, label, form, help, guard in PROCEDURE_STEPS],
        Transition(name="decide", label="作出决定", sources={State.IN_PROGRESS}, target=State.DECIDED, form=forms.DecideForm, guard=guard_decide, apply=apply_decide,
                   help="公众参与、合法性审查、集体讨论决定必经；专业性技术性较强的须专家论证，可能影响社会稳定的须风险评估。"),
        Transition(name="terminate", label="终止决策", sources={State.IN_PROGRESS}, target=State.TERMINATED, form=forms.TerminateForm, guard=guard_procedure, apply=apply_terminate, style="secondary"),
        Transition(name="publish", label="公布", sources={State.DECIDED}, target=State.PUBLISHED, form=forms.PublishForm, guard=guard_publish, apply=apply_publish,
                   help="通过政府公报、政府网站和本地报纸等及时公布（第三十二条）；出台前应向同级党委请示报告（第三十一条）。"),
        Transition(name="archive", label="归档", sources={State.DECIDED, State.PUBLISHED}, target=State.ARCHIVED, form=forms.TransitionForm, guard=guard_archive, apply=apply_archive, style="secondary",
                   help="履行决策程序形成的记录、材料及时完整归档（第三十三条）。"),
        Transition(name="evaluate", label="决策后评估", sources={State.DECIDED, State.PUBLISHED, State.ARCHIVED}, form=forms.EvaluateForm, guard=guard_evaluate, apply=apply_evaluate,
                   style="secondary", help="第三十六条。", applies=lambda d: not d.post_evaluated_on),
        Correction(model=MajorDecision, fields=DECISION_CORRECTABLE, then=after_decision_correction,
                   value_help="日期写作 2024-03-01；留空表示清除。", format_message="格式不正确，日期写作 2024-03-01，金额写数字。"),
    ],
)


#: The registry's main workflow under the name other registries use.
WORKFLOW = DECISION_WORKFLOW


# ==================================================================================================
# Administrative contracts
# ==================================================================================================


def guard_sign(contract, data):
    return contract.review_problem(data["on"])


def apply_sign(contract, data, user):
    contract.signed_on = data["on"]


def guard_file(contract, data):
    return not_before(contract, data["on"], sets="filed_on")


def apply_file(contract, data, user):
    contract.filed_on = data["on"]


def apply_dispute(contract, data, user):
    contract.disputed_on = data["on"]
    contract.dispute_resolution = data["resolution"]
    contract.dispute_note = data["content"]


def guard_dispute_resolved(contract, data):
    return not_before(contract, data["on"], sets="dispute_resolved_on")


def apply_dispute_resolved(contract, data, user):
    contract.dispute_resolved_on = data["on"]


def apply_complete(contract, data, user):
    contract.completed_on = data["on"]


def apply_contract_terminate(contract, data, user):
    contract.terminated_on = data["on"]
    contract.termination_reason = data["reason"]


def guard_after_signing(contract, data):
    return not_before(contract, data["on"], "signed_on")


AFTER_SIGNING = {ContractState.SIGNED, ContractState.COMPLETED, ContractState.TERMINATED}

CONTRACT_WORKFLOW = Workflow(
    AdministrativeContract,
    [
        Transition(name="sign", label="签订", sources={ContractState.DRAFT}, target=ContractState.SIGNED, form=forms.SignForm, guard=guard_sign, apply=apply_sign,
                   help="合同金额超过本地规定标准的，须在合法性审查出具意见后签订。"),
        Transition(name="file", label="备案", sources=AFTER_SIGNING, form=forms.FileForm, guard=guard_file, apply=apply_file,
                   help="自签订之日起在规定期限内报司法局备案。", applies=lambda c: not c.filed_on),
        Transition(name="dispute", label="登记争议", sources=AFTER_SIGNING, form=forms.DisputeForm, guard=guard_after_signing, apply=apply_dispute, style="warning",
                   applies=lambda c: not c.disputed_on),
        Transition(name="resolve_dispute", label="争议已解决", sources=AFTER_SIGNING, form=forms.TransitionForm, guard=guard_dispute_resolved, apply=apply_dispute_resolved,
                   style="secondary", applies=lambda c: bool(c.disputed_on) and not c.dispute_resolved_on),
        Transition(name="complete", label="履行完毕", sources={ContractState.SIGNED}, target=ContractState.COMPLETED, form=forms.TransitionForm, guard=guard_after_signing, apply=apply_complete, style="secondary"),
        Transition(name="terminate", label="解除", sources={ContractState.SIGNED}, target=ContractState.TERMINATED, form=forms.ContractTerminateForm, guard=guard_after_signing, apply=apply_contract_terminate,
                   style="secondary"),
        Correction(model=AdministrativeContract, fields=CONTRACT_CORRECTABLE,
                   value_help="日期写作 2024-03-01；留空表示清除。", format_message="格式不正确，日期写作 2024-03-01，金额写数字。"),
    ],
)


# ==================================================================================================
# The ledger import
# ==================================================================================================


def derive_decision_state(decision, data):
    """The state of a decision imported from a ledger row (``MajorDecisionLedgerForm``): archived, published or
    decided by the dates given."""
    if data.get("archived_on"):
        decision.state = State.ARCHIVED
    elif data.get("published_on"):
        decision.state = State.PUBLISHED
    elif data.get("decided_on"):
        decision.state = State.DECIDED


def derive_contract_state(contract, data):
    """The state of a contract imported from a ledger row (``AdministrativeContractLedgerForm``): terminated or
    completed by the dates given (else signed or draft, as the contract form sets it)."""
    if data.get("terminated_on"):
        contract.state = ContractState.TERMINATED
    elif data.get("completed_on"):
        contract.state = ContractState.COMPLETED


# ==================================================================================================
# 我的待办
# ==================================================================================================


def todos(user, today, horizon, org=None):
    """Decisions to be published (《政府信息公开条例》第二十六条: 20 working days from the decision) and contracts
    to be filed (local rule ``contract_filing_days``), due by ``horizon`` (overdue ones included), in scope."""
    decisions = scoped(MajorDecision, user, org).filter(state=State.DECIDED, publication_due__isnull=False,
                                                        publication_due__lte=horizon).select_related("org")
    for d in decisions:
        yield Todo(title=f"{d.title}：公布决策", due=d.publication_due,
                   url=reverse("decisions:majordecision_detail", args=[d.pk]), kind="重大行政决策", org=d.org.name)
    contracts = scoped(AdministrativeContract, user, org).filter(
        state__in=list(AFTER_SIGNING), filed_on__isnull=True, filing_due__isnull=False, filing_due__lte=horizon
    ).select_related("org")
    for c in contracts:
        yield Todo(title=f"{c.title}：合同备案", due=c.filing_due,
                   url=reverse("decisions:administrativecontract_detail", args=[c.pk]), kind="行政协议", org=c.org.name)
