"""Indicators of the reconsideration registry (ORACLE.md §A F5–F8, §B).

Intake counts follow the cohort of applications *received* in the period (so that 新收 = 受理 + 受理前调撤 +
告知 + 不予受理 + 视为放弃 + 尚在审查 holds by construction); closing counts follow the cases *closed* (审结)
in the period, whenever they were received (审结 includes cases carried over from the year before)."""

from django.db.models import F, Q

from fazhi.indicators.definitions import (
    Breakdown,
    Count,
    Identity,
    Rate,
    RecordCheck,
    register,
    register_checks,
)
from fazhi.indicators.presets import Preset, RateRule, register_preset

from .choices import CORRECTED, OPEN_STATES, ActKind, Outcome, State, TerminationReason
from .models import ReconsiderationCase as Case

PREFIX = "reconsideration."


def _received(extra=None):
    return dict(date_field="received_on", filter=extra if extra is not None else Q())


def _ended(state):
    return lambda start, end: Q(received_on__gte=start, received_on__lte=end, state=state, ended_before_acceptance_on__lte=end)


register(
    Count(PREFIX + "received", "收到行政复议申请", Case, **_received(), description="收到申请日期在期内的申请数（新收）"),
    Count(PREFIX + "accepted", "受理", Case, period=lambda s, e: Q(received_on__gte=s, received_on__lte=e, accepted_on__lte=e),
          description="期内收到、期末前已受理（含视为受理）的申请数"),
    Count(PREFIX + "accepted_in_period", "期内受理", Case, date_field="accepted_on", description="受理日期在期内的案件数（含上年收到、本期受理的）"),
    Count(PREFIX + "deemed_accepted", "视为受理", Case, period=lambda s, e: Q(received_on__gte=s, received_on__lte=e, accepted_on__lte=e, acceptance_kind="deemed_accepted")),
    Count(PREFIX + "resolved_before_acceptance", "受理前调撤", Case, period=_ended(State.RESOLVED)),
    Count(PREFIX + "redirected", "告知（转送）", Case, period=_ended(State.REDIRECTED)),
    Count(PREFIX + "refused", "不予受理", Case, period=_ended(State.REFUSED)),
    Count(PREFIX + "abandoned", "视为放弃", Case, period=_ended(State.ABANDONED)),
    Count(PREFIX + "pending_acceptance", "尚在受理审查", Case,
          period=lambda s, e: Q(received_on__gte=s, received_on__lte=e)
          & ~Q(accepted_on__lte=e) & ~Q(ended_before_acceptance_on__lte=e)),
    Count(PREFIX + "carried_over", "上年结转", Case, period=lambda s, e: Q(accepted_on__lt=s) & (Q(closed_on__isnull=True) | Q(closed_on__gte=s)),
          description="期初前已受理、期初时尚未审结的案件数"),
    Count(PREFIX + "closed", "审结", Case, date_field="closed_on", filter=~Q(outcome=""), description="审结日期在期内的案件数（含上年结转案件）"),
    Count(PREFIX + "closed_carried_over", "审结中上年结转", Case, period=lambda s, e: Q(closed_on__gte=s, closed_on__lte=e, accepted_on__lt=s)),
    *[Count(PREFIX + o.value, o.label, Case, date_field="closed_on", filter=Q(outcome=o.value)) for o in Outcome],
    Count(PREFIX + "settled", "和解", Case, date_field="closed_on", filter=Q(outcome=Outcome.TERMINATED, termination_reason=TerminationReason.SETTLED),
          description="和解后申请人撤回、终止审理的案件数"),
    Count(PREFIX + "withdrawn", "撤回", Case, date_field="closed_on",
          filter=Q(outcome=Outcome.TERMINATED, termination_reason__in=[TerminationReason.WITHDRAWN, TerminationReason.SETTLED])),
    Count(PREFIX + "corrected", "直接纠错", Case, date_field="closed_on", filter=Q(outcome__in=CORRECTED),
          description="撤销、部分撤销、撤销并责令重作、变更、确认违法、确认无效、责令履行等纠错决定数"),
    Count(PREFIX + "closed_on_time", "按时审结", Case, date_field="closed_on", filter=~Q(outcome="") & Q(decision_due__isnull=False, closed_on__lte=F("decision_due"))),
    Count(PREFIX + "pending_at_end", "期末未审结", Case, period=lambda s, e: Q(accepted_on__lte=e) & (Q(closed_on__isnull=True) | Q(closed_on__gt=e))),
    Count(PREFIX + "incidental_review", "附带审查规范性文件", Case, **_received(Q(incidental_review=True))),
    Rate(PREFIX + "correction_rate", "直接纠错率", PREFIX + "corrected", PREFIX + "closed"),
    Rate(PREFIX + "mediation_rate", "调解和解率", (PREFIX + "mediated", PREFIX + "settled"), PREFIX + "closed"),
    Rate(PREFIX + "resolution_rate", "综合化解率", (PREFIX + "corrected", PREFIX + "mediated", PREFIX + "settled"), PREFIX + "closed"),
    Rate(PREFIX + "on_time_rate", "按时审结率", PREFIX + "closed_on_time", PREFIX + "closed"),
    Breakdown(PREFIX + "by_respondent", "被申请人分布", Case, "received_on", "respondent_name", PREFIX + "received"),
    Breakdown(PREFIX + "by_respondent_level", "被申请人层级分布", Case, "received_on", "respondent_org__kind", PREFIX + "received",
              choices={"government": "县政府", "department": "县政府部门", "bureau": "县政府部门", "township": "乡镇（街道）"}),
    Breakdown(PREFIX + "by_act_kind", "行政行为类别分布", Case, "received_on", "act_kind", PREFIX + "received", choices=dict(ActKind.choices)),
    Breakdown(PREFIX + "by_area", "管理领域分布", Case, "received_on", "area_id", PREFIX + "received", label_field="area__name"),
)

# ---- consistency (ORACLE.md §B): one line per identity; record rules name the records that break them ----
OUTCOME_KEYS = tuple(PREFIX + o.value for o in Outcome)
register_checks(
    Identity(PREFIX + "intake_identity", "新收 = 受理 + 受理前调撤 + 告知 + 不予受理 + 视为放弃 + 尚在审查", PREFIX + "received",
             (PREFIX + "accepted", PREFIX + "resolved_before_acceptance", PREFIX + "redirected", PREFIX + "refused", PREFIX + "abandoned", PREFIX + "pending_acceptance")),
    Identity(PREFIX + "closing_identity", "审结 = 各结案方式之和", PREFIX + "closed", OUTCOME_KEYS),
    Identity(PREFIX + "corrected_identity", "直接纠错 = 撤销、变更、确认违法等纠错决定之和", PREFIX + "corrected", tuple(PREFIX + o.value for o in CORRECTED)),
    Identity(PREFIX + "flow_identity", "上年结转 + 期内受理 = 审结 + 期末未审结", (PREFIX + "carried_over", PREFIX + "accepted_in_period"), (PREFIX + "closed", PREFIX + "pending_at_end")),
    Identity(PREFIX + "corrected_subset", "直接纠错不超过审结", PREFIX + "corrected", PREFIX + "closed", "<="),
    Identity(PREFIX + "settled_subset", "和解不超过终止", PREFIX + "settled", PREFIX + "terminated", "<="),
    Identity(PREFIX + "on_time_subset", "按时审结不超过审结", PREFIX + "closed_on_time", PREFIX + "closed", "<="),
    Identity(PREFIX + "deemed_subset", "视为受理不超过受理", PREFIX + "deemed_accepted", PREFIX + "accepted", "<="),
    Identity(PREFIX + "carried_closed_subset", "审结中上年结转不超过上年结转", PREFIX + "closed_carried_over", PREFIX + "carried_over", "<="),
    RecordCheck(PREFIX + "decision_without_acceptance", "有结案方式但没有受理日期", Case, lambda s, e, t: ~Q(outcome="") & Q(accepted_on__isnull=True)),
    RecordCheck(PREFIX + "overdue_open", "逾期未办结的案件", Case, lambda s, e, t: Q(state__in=list(OPEN_STATES), next_due__lt=t),
                description="法定期限已过仍未办结的案件"),
)

# ---- as respondent (被申请人) ------------------------------------------------------------------------------
# A department's or township's annual report covers its own records: for reconsideration, the cases in which
# it is the respondent, whichever office handled them. The same counts as above, scoped by ``respondent_org``
# (cases against bodies outside the org tree, entered by name only, belong to no unit's report).
RESPONDENT_PREFIX = PREFIX + "respondent."
register(
    Count(RESPONDENT_PREFIX + "received", "被申请行政复议", Case, date_field="received_on", org_field="respondent_org",
          description="以本单位为被申请人、收到申请日期在期内的行政复议申请数"),
    Count(RESPONDENT_PREFIX + "closed", "作为被申请人的案件审结", Case, date_field="closed_on", filter=~Q(outcome=""), org_field="respondent_org",
          description="以本单位为被申请人、审结日期在期内的案件数（含上年结转案件）"),
    Count(RESPONDENT_PREFIX + "upheld", "被维持", Case, date_field="closed_on", filter=Q(outcome=Outcome.UPHELD), org_field="respondent_org",
          description="以本单位为被申请人、期内审结且维持原行政行为的案件数"),
    Count(RESPONDENT_PREFIX + "corrected", "被直接纠错", Case, date_field="closed_on", filter=Q(outcome__in=CORRECTED), org_field="respondent_org",
          description="以本单位为被申请人、期内审结且被撤销、变更、确认违法、确认无效或责令履行等纠错的案件数"),
    Rate(RESPONDENT_PREFIX + "correction_rate", "被纠错率", RESPONDENT_PREFIX + "corrected", RESPONDENT_PREFIX + "closed"),
)
register_checks(
    Identity(RESPONDENT_PREFIX + "corrected_subset", "被直接纠错不超过作为被申请人的审结数", RESPONDENT_PREFIX + "corrected", RESPONDENT_PREFIX + "closed", "<="),
    Identity(RESPONDENT_PREFIX + "upheld_corrected_subset", "被维持与被直接纠错之和不超过作为被申请人的审结数", (RESPONDENT_PREFIX + "upheld", RESPONDENT_PREFIX + "corrected"), RESPONDENT_PREFIX + "closed", "<="),
)

# Presets: the bases and names of this registry's rates that bureaus publish (ORACLE.md §A, §C).
register_preset(
    Preset(
        "base_accepted",
        "以受理数为分母",
        "行政复议直接纠错率、调解和解率、综合化解率以当期受理数为分母。",
        rates={
            "reconsideration.correction_rate": RateRule(denominator="reconsideration.accepted"),
            "reconsideration.mediation_rate": RateRule(denominator="reconsideration.accepted"),
            "reconsideration.resolution_rate": RateRule(denominator="reconsideration.accepted"),
        },
    )
)
register_preset(
    Preset(
        "base_received",
        "以收到申请数为分母",
        "行政复议直接纠错率、调解和解率、综合化解率以当期收到的申请数为分母。",
        rates={
            "reconsideration.correction_rate": RateRule(denominator="reconsideration.received"),
            "reconsideration.mediation_rate": RateRule(denominator="reconsideration.received"),
            "reconsideration.resolution_rate": RateRule(denominator="reconsideration.received"),
        },
    )
)
register_preset(
    Preset(
        "coordination_rate",
        "协调调解率（含受理前调撤和终止）",
        "行政复议调解和解率改按“协调调解率”计算：（受理前调撤 + 终止）÷（审结 + 受理前调撤），浦江县等地使用。",
        rates={
            "reconsideration.mediation_rate": RateRule(
                numerator=("reconsideration.resolved_before_acceptance", "reconsideration.terminated"),
                denominator=("reconsideration.closed", "reconsideration.resolved_before_acceptance"),
                label="协调调解率",
            )
        },
    )
)
