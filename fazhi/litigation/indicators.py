"""Indicators of the litigation registry (ORACLE.md §A F1, F4, F10; 001 浦江, 02 东阳, 11 越城, 19 九龙坡).

Every count is declared in three scopes, because bureaus publish them separately (001, 19):

* ``litigation.<name>`` — every lawsuit against a unit of the org's subtree;
* ``litigation.<name>.government`` — the county government as **sole** defendant (not as the
  reconsideration body co-defendant after a 维持 decision, 行政诉讼法 Art. 26 ¶2);
* ``litigation.<name>.departments`` — departments (the justice bureau included) and townships as defendant.

Counts are by the defendant (``org_field="defendant_org"``): a township's lawsuit handled by its 司法所 is
still the township's. Intake counts follow the cohort *received* in the period (收到起诉状副本); outcome
counts follow the cases *closed* in the period (结案), whenever received. 败诉率 and 调撤率 are over the
first instance (F1, F10). Head appearance is counted per record, i.e. per case per instance (SPC 2020
Art. 7), over the cases of every instance closed in the period; its stored flags avoid joining the
hearings (a join would count a case once per hearing).

The two ``reconsideration.`` keys are declared here because litigation may depend on reconsideration,
never the reverse; they count by the reconsideration case's office (``reconsideration_case__org``), so they
sit next to the other reconsideration figures of the bureau."""

from django.db.models import Q

from fazhi.core.choices import OrgKind
from fazhi.indicators.definitions import Count, Identity, Rate, RecordCheck, register, register_checks
from fazhi.indicators.presets import Preset, RateRule, register_preset

from .choices import LOST, MEDIATED_OR_WITHDRAWN, WON, Instance, Result
from .models import DEPARTMENT_KINDS, Lawsuit

PREFIX = "litigation."
ORG = "defendant_org"

SCOPES = {
    "": ("", Q()),
    ".government": ("（县政府单独被告）", Q(defendant_org__kind=OrgKind.GOVERNMENT, co_defendant_government=False)),
    ".departments": ("（部门及乡镇）", Q(defendant_org__kind__in=DEPARTMENT_KINDS)),
}
FIRST = Q(trial_level=Instance.FIRST)
CLOSED = ~Q(result="") & Q(closed_on__isnull=False)

#: name: (label, date field, condition, description)
COUNTS = {
    "received": ("收到一审行政诉讼案件", "complaint_received_on", FIRST, "收到起诉状副本日期在期内的一审案件数（新收）"),
    "closed_first_instance": ("一审审结", "closed_on", FIRST & CLOSED, "结案日期在期内的一审案件数（含上年收案）"),
    "won": ("一审胜诉", "closed_on", FIRST & Q(result__in=WON), "判决驳回诉讼请求、裁定驳回起诉的一审案件数"),
    "lost": ("一审败诉", "closed_on", FIRST & Q(result__in=LOST),
             "判决撤销、部分撤销、撤销并重作、履行、给付、确认违法、确认无效、变更和行政协议判决的一审案件数"),
    "withdrawn": ("一审撤诉", "closed_on", FIRST & Q(result=Result.WITHDRAWN), "准予撤诉的一审案件数"),
    "withdrawn_after_change": ("被告改变行为后撤诉", "closed_on", FIRST & Q(result=Result.WITHDRAWN, withdrawal_after_change=True),
                               "被告改变被诉行政行为后原告撤诉的一审案件数（行政诉讼法第六十二条）"),
    "mediated": ("一审调解", "closed_on", FIRST & Q(result=Result.MEDIATED), "以调解结案的一审案件数"),
    "mediated_or_withdrawn": ("一审调撤", "closed_on", FIRST & Q(result__in=MEDIATED_OR_WITHDRAWN), "撤诉和调解结案的一审案件数"),
    "terminated": ("一审裁定终结诉讼", "closed_on", FIRST & Q(result=Result.TERMINATED),
                   "裁定终结诉讼的一审案件数；一审审结 = 胜诉 + 败诉 + 调撤 + 终结"),
    "closed": ("审结（各审级）", "closed_on", CLOSED, "结案日期在期内的一审、二审、再审案件数，每一审级计一件"),
    "heard": ("开庭审理", "closed_on", CLOSED & Q(heard=True), "期内结案、开庭审理的案件数（每一审级计一件）"),
    "head_appeared": ("负责人出庭应诉", "closed_on", CLOSED & Q(head_appeared=True),
                      "期内结案、行政机关负责人至少出庭一次的案件数（每一审级计一件；委托工作人员出庭不计）"),
    "principal_appeared": ("正职负责人出庭应诉", "closed_on", CLOSED & Q(principal_appeared=True), "期内结案、正职负责人出庭的案件数"),
    "defence_late": ("逾期答辩", "defence_filed_on", Q(defence_late=True), "答辩日期在期内、晚于答辩期限的案件数"),
}
#: name: (label, numerator, denominator)
RATES = {
    "loss_rate": ("行政诉讼败诉率", "lost", "closed_first_instance"),
    "mediation_withdrawal_rate": ("行政诉讼调撤率", "mediated_or_withdrawn", "closed_first_instance"),
    "head_appearance_rate": ("负责人出庭应诉率", "head_appeared", "heard"),
}

definitions = []
for suffix, (scope_label, scope_q) in SCOPES.items():
    for name, (label, date_field, condition, description) in COUNTS.items():
        definitions.append(Count(PREFIX + name + suffix, label + scope_label, Lawsuit, date_field=date_field, filter=condition & scope_q,
                                 description=description + scope_label, org_field=ORG))
    for name, (label, numerator, denominator) in RATES.items():
        definitions.append(Rate(PREFIX + name + suffix, label + scope_label, PREFIX + numerator + suffix, PREFIX + denominator + suffix))

register(
    *definitions,
    Count("reconsideration.lawsuits_after", "复议后起诉", Lawsuit, date_field="complaint_received_on", filter=FIRST & Q(reconsideration_case__isnull=False),
          org_field="reconsideration_case__org", description="期内收到起诉状副本、关联了行政复议案件的一审行政诉讼案件数"),
    Count("reconsideration.lost_after", "复议后败诉", Lawsuit, date_field="closed_on", filter=FIRST & Q(reconsideration_case__isnull=False, result__in=LOST),
          org_field="reconsideration_case__org", description="期内结案、关联了行政复议案件的一审败诉案件数"),
)

# ---- consistency (ORACLE.md §B) ----------------------------------------------------------------------
checks = []
for suffix, (scope_label, _) in SCOPES.items():
    checks += [
        Identity(PREFIX + "closing_identity" + suffix, f"一审审结 = 胜诉 + 败诉 + 调撤 + 终结{scope_label}", PREFIX + "closed_first_instance" + suffix,
                 tuple(PREFIX + k + suffix for k in ("won", "lost", "mediated_or_withdrawn", "terminated"))),
        Identity(PREFIX + "head_subset" + suffix, f"负责人出庭不超过开庭审理{scope_label}", PREFIX + "head_appeared" + suffix, PREFIX + "heard" + suffix, "<="),
    ]
register_checks(
    *checks,
    Identity(PREFIX + "scopes_subset", "县政府单独被告与部门及乡镇之和不超过全部", (PREFIX + "closed_first_instance.government", PREFIX + "closed_first_instance.departments"),
             PREFIX + "closed_first_instance", "<="),
    Identity(PREFIX + "withdrawn_after_change_subset", "改变行为后撤诉不超过撤诉", PREFIX + "withdrawn_after_change", PREFIX + "withdrawn", "<="),
    RecordCheck(PREFIX + "upheld_not_co_defendant", "复议维持后起诉，未登记复议机关为共同被告", Lawsuit,
                lambda s, e, t: Q(reconsideration_case__outcome="upheld", co_defendant_government=False),
                description="复议机关决定维持原行政行为的，作出原行政行为的行政机关和复议机关是共同被告（行政诉讼法第二十六条第二款）"),
    RecordCheck(PREFIX + "co_defendant_unlinked", "县政府为共同被告但未关联复议案件", Lawsuit, lambda s, e, t: Q(co_defendant_government=True, reconsideration_case__isnull=True)),
    RecordCheck(PREFIX + "defence_overdue", "答辩期限已过仍未答辩", Lawsuit, lambda s, e, t: Q(defence_filed_on__isnull=True, defence_due__lt=t, result="")),
)

# Presets: the bases and names of this registry's rates that bureaus publish (ORACLE.md §A, §C).
register_preset(
    Preset(
        "head_all_cases",
        "出庭率以全部应诉案件为分母",
        "负责人出庭应诉率以当期审结的全部应诉案件（各审级）为分母，而非开庭审理的案件。",
        rates={"litigation.head_appearance_rate": RateRule(denominator="litigation.closed")},
    )
)
