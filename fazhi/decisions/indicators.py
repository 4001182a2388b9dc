"""Indicators of the decisions app (ORACLE.md seed 004 五华: "重大行政决策3项；风险评估14次；征求意见20次；听证3场；
专家评审13次"; 20 柳州城中: "重大行政决策1件 … 合同70余份").

``decisions.`` — decision items by the date they were initiated, decided, published …; the procedures held in the
period are counts of :class:`~fazhi.decisions.models.Procedure` rows by kind and ``held_on``, placed in an org's
tree by their decision's handling unit (``org_field="decision__org"``). Completeness = decisions made in the
period whose required procedures had all been held by the decision date ÷ decisions made (the ``complete`` flag
stored when deciding).

``contracts.`` — contracts by the date they were signed (the cohort signed in the period): reviewed, filed, filed
on time (by the deadline stored at signing), their total amount; disputes by the date they arose."""

from datetime import timedelta

from django.db.models import F, Min, Q

from fazhi.indicators.definitions import (
    Breakdown,
    Count,
    Identity,
    Rate,
    RecordCheck,
    Sum,
    register,
    register_checks,
)

from .choices import DECIDED_STATES, SIGNED_STATES, ParticipationMethod, ProcedureKind, State
from .models import AdministrativeContract as Contract
from .models import MajorDecision as Decision
from .models import Procedure

PREFIX = "decisions."
DECIDED = Q(state__in=list(DECIDED_STATES))
BY_DECISION = "decision__org"

#: procedure kind → (key, label): the figures bureaus publish (征求意见N次、听证N场、专家论证N次、风险评估N次).
PROCEDURE_KEYS = {
    ProcedureKind.PUBLIC_PARTICIPATION: ("consultations", "公众参与（征求意见）", "次"),
    ProcedureKind.HEARING: ("hearings", "听证会", "场"),
    ProcedureKind.EXPERT_REVIEW: ("expert_reviews", "专家论证", "次"),
    ProcedureKind.RISK_ASSESSMENT: ("risk_assessments", "风险评估", "次"),
    ProcedureKind.LEGALITY_REVIEW: ("legality_reviews", "合法性审查", "次"),
    ProcedureKind.COLLECTIVE_DECISION: ("collective_decisions", "集体讨论决定", "次"),
}


def _procedure(kind, key, label, unit):
    return Count(PREFIX + key, label, Procedure, date_field="held_on", filter=Q(kind=kind), unit=unit, org_field=BY_DECISION,
                 description=f"{label}日期在期内的决策程序数（每举行一次计一次）")


register(
    Count(PREFIX + "initiated", "启动重大行政决策", Decision, date_field="initiated_on", description="决策机关决定启动决策程序的日期在期内的事项数"),
    Count(PREFIX + "catalogue_items", "列入决策事项目录", Decision,
          period=lambda s, e: Q(catalogue__year__gte=s.year, catalogue__year__lte=e.year),
          description="期内年度的决策事项目录所列事项数"),
    Count(PREFIX + "decided", "作出重大行政决策", Decision, date_field="decided_on", filter=DECIDED, description="决定日期在期内的重大行政决策数"),
    Count(PREFIX + "complete", "法定程序完备", Decision, date_field="decided_on", filter=DECIDED & Q(complete=True),
          description="期内作出、作出决定时应当履行的法定程序均已履行的决策数"),
    Count(PREFIX + "incomplete", "法定程序不完备", Decision, date_field="decided_on", filter=DECIDED & Q(complete=False),
          description="期内作出、作出决定时缺少应当履行的法定程序的决策数"),
    Count(PREFIX + "technical", "须专家论证的决策", Decision, date_field="decided_on", filter=DECIDED & Q(technical=True)),
    Count(PREFIX + "stability_risk", "须风险评估的决策", Decision, date_field="decided_on", filter=DECIDED & Q(stability_risk=True)),
    Count(PREFIX + "published", "公布重大行政决策", Decision, date_field="published_on"),
    Count(PREFIX + "archived", "归档", Decision, date_field="archived_on"),
    Count(PREFIX + "post_evaluated", "决策后评估", Decision, date_field="post_evaluated_on"),
    Count(PREFIX + "terminated", "终止决策", Decision, date_field="terminated_on", filter=Q(state=State.TERMINATED)),
    Rate(PREFIX + "completeness_rate", "决策程序完备率", PREFIX + "complete", PREFIX + "decided"),
    Count(PREFIX + "procedures", "履行决策程序", Procedure, date_field="held_on", unit="次", org_field=BY_DECISION,
          description="期内举行的公众参与、听证、专家论证、风险评估、合法性审查、集体讨论决定的总次数"),
    *[_procedure(kind, key, label, unit) for kind, (key, label, unit) in PROCEDURE_KEYS.items()],
    Sum(PREFIX + "opinions_received", "收到公众和专家意见", Procedure, "opinions_received", date_field="held_on", unit="条", org_field=BY_DECISION),
    Sum(PREFIX + "opinions_adopted", "采纳公众和专家意见", Procedure, "opinions_adopted", date_field="held_on", unit="条", org_field=BY_DECISION),
    Sum(PREFIX + "experts", "参与论证专家", Procedure, "experts", date_field="held_on", filter=Q(kind=ProcedureKind.EXPERT_REVIEW), unit="人次",
        org_field=BY_DECISION),
    Breakdown(PREFIX + "procedures_by_kind", "决策程序构成", Procedure, "held_on", "kind", PREFIX + "procedures", choices=dict(ProcedureKind.choices),
              org_field=BY_DECISION),
)

CONTRACTS = "contracts."
SIGNED = Q(state__in=list(SIGNED_STATES))


def _signed(extra=None):
    return dict(date_field="signed_on", filter=SIGNED & (extra if extra is not None else Q()))


register(
    Count(CONTRACTS + "signed", "签订行政协议", Contract, **_signed(), unit="份", description="签订日期在期内的行政协议数"),
    Count(CONTRACTS + "reviewed", "经合法性审查", Contract, **_signed(Q(legality_review__isnull=False)), unit="份",
          description="期内签订、关联了合法性审查的行政协议数"),
    Count(CONTRACTS + "review_required", "须经合法性审查", Contract, **_signed(Q(review_required=True)), unit="份",
          description="期内签订、金额超过本地合法性审查金额标准的行政协议数"),
    Count(CONTRACTS + "required_reviewed", "须审查且已审查", Contract, **_signed(Q(review_required=True, legality_review__isnull=False)), unit="份"),
    Count(CONTRACTS + "filed", "已备案", Contract, period=lambda s, e: Q(signed_on__gte=s, signed_on__lte=e, filed_on__lte=e), filter=SIGNED, unit="份",
          description="期内签订、期末前已报司法局备案的行政协议数"),
    Count(CONTRACTS + "filed_on_time", "按时备案", Contract, period=lambda s, e: Q(signed_on__gte=s, signed_on__lte=e, filed_on__lte=e),
          filter=SIGNED & Q(filing_due__isnull=False, filed_on__lte=F("filing_due")), unit="份",
          description="期内签订、在备案期限内报备的行政协议数"),
    Count(CONTRACTS + "disputes", "发生争议", Contract, date_field="disputed_on", unit="份"),
    Count(CONTRACTS + "completed", "履行完毕", Contract, date_field="completed_on", unit="份"),
    Count(CONTRACTS + "terminated", "解除", Contract, date_field="terminated_on", unit="份"),
    Sum(CONTRACTS + "amount", "合同金额", Contract, "amount", **_signed(), unit="元", description="期内签订的行政协议金额合计"),
    Rate(CONTRACTS + "review_rate", "合法性审查率", CONTRACTS + "reviewed", CONTRACTS + "signed"),
    Rate(CONTRACTS + "required_review_rate", "应审必审率", CONTRACTS + "required_reviewed", CONTRACTS + "review_required"),
    Rate(CONTRACTS + "filing_rate", "备案率", CONTRACTS + "filed", CONTRACTS + "signed"),
    Rate(CONTRACTS + "filing_on_time_rate", "按时备案率", CONTRACTS + "filed_on_time", CONTRACTS + "signed"),
    Breakdown(CONTRACTS + "by_kind", "协议类型分布", Contract, "signed_on", "kind", CONTRACTS + "signed", filter=SIGNED,
              choices={k: v for k, v in Contract._meta.get_field("kind").flatchoices}),
)


# ---- consistency -------------------------------------------------------------------------------------
def _discussed_before_review(start, end, today):
    """Decisions whose first collective discussion came before any legality review (条例第二十五条)."""
    bad = Decision.objects.annotate(
        first_review=Min("procedures__held_on", filter=Q(procedures__kind=ProcedureKind.LEGALITY_REVIEW)),
        first_meeting=Min("procedures__held_on", filter=Q(procedures__kind=ProcedureKind.COLLECTIVE_DECISION)),
    ).filter(Q(first_meeting__isnull=False) & (Q(first_review__isnull=True) | Q(first_meeting__lt=F("first_review"))))
    return Q(pk__in=bad.values("pk"))


register_checks(
    Identity(PREFIX + "procedure_identity", "履行决策程序 = 各程序次数之和", PREFIX + "procedures",
             tuple(PREFIX + key for key, _, _ in PROCEDURE_KEYS.values())),
    Identity(PREFIX + "completeness_identity", "作出决策 = 程序完备 + 程序不完备", PREFIX + "decided", (PREFIX + "complete", PREFIX + "incomplete")),
    Identity(PREFIX + "technical_subset", "须专家论证的决策不超过作出决策", PREFIX + "technical", PREFIX + "decided", "<="),
    Identity(PREFIX + "stability_subset", "须风险评估的决策不超过作出决策", PREFIX + "stability_risk", PREFIX + "decided", "<="),
    RecordCheck(PREFIX + "decided_without_procedures", "作出决定时缺少法定程序", Decision, lambda s, e, t: DECIDED & Q(complete=False),
                description="标记为已作出决定、但作出决定时应当履行的法定程序未履行完毕的决策"),
    RecordCheck(PREFIX + "discussed_before_review", "集体讨论早于合法性审查", Decision, _discussed_before_review,
                description="未经合法性审查或者先讨论后审查的决策（第二十五条）"),
    RecordCheck(PREFIX + "publication_overdue", "逾期未公布的决策", Decision, lambda s, e, t: Q(state=State.DECIDED, publication_due__lt=t),
                description="作出决定超过20个工作日仍未公布的决策（政府信息公开条例第二十六条）"),
    RecordCheck(PREFIX + "short_consultation", "公开征求意见不足30日且未说明理由", Procedure,
                lambda s, e, t: Q(kind=ProcedureKind.PUBLIC_PARTICIPATION, participation_method=ParticipationMethod.PUBLIC_CONSULTATION,
                                  shortened_reason="", ended_on__lt=F("held_on") + timedelta(days=30)),
                description="向社会公开征求意见期限少于30日、未说明缩短理由的（第十五条）", org_field=BY_DECISION),
    Identity(CONTRACTS + "reviewed_subset", "经合法性审查不超过签订", CONTRACTS + "reviewed", CONTRACTS + "signed", "<="),
    Identity(CONTRACTS + "required_subset", "须审查且已审查不超过须经审查", CONTRACTS + "required_reviewed", CONTRACTS + "review_required", "<="),
    Identity(CONTRACTS + "filed_subset", "已备案不超过签订", CONTRACTS + "filed", CONTRACTS + "signed", "<="),
    Identity(CONTRACTS + "on_time_subset", "按时备案不超过已备案", CONTRACTS + "filed_on_time", CONTRACTS + "filed", "<="),
    RecordCheck(CONTRACTS + "signed_before_review", "签订早于合法性审查意见", Contract,
                lambda s, e, t: SIGNED & Q(signed_on__lt=F("legality_review__opinion_on")),
                description="签订日期早于所关联合法性审查出具意见日期的行政协议"),
    RecordCheck(CONTRACTS + "signed_without_review", "超过金额标准未经合法性审查即签订", Contract,
                lambda s, e, t: SIGNED & Q(review_required=True, legality_review__isnull=True)),
    RecordCheck(CONTRACTS + "signed_despite_unlawful", "审查结论为不合法仍签订", Contract,
                lambda s, e, t: SIGNED & Q(legality_review__conclusion="unlawful")),
    RecordCheck(CONTRACTS + "filing_overdue", "逾期未备案的行政协议", Contract,
                lambda s, e, t: SIGNED & Q(filed_on__isnull=True, filing_due__lt=t),
                description="超过备案期限仍未报司法局备案的行政协议"),
)
