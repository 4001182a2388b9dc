"""What the annual report takes from 行政复议 (``reports/builder``): for the county government and the justice
bureau the cases as the county's 行政复议机构 handles them (``reconsideration.*``), for a department or a
township the cases in which it is the respondent (``reconsideration.respondent.*``); one paragraph each in the
theme 依法化解社会矛盾纠纷, and the suggestions they prompt."""

from fazhi.reports.builder import FailedCheck, FullRate, Keys, RisingCount, RisingRate, Sentence
from fazhi.reports.choices import ReportSection

from .choices import Outcome

OFFICE = "reconsideration."
RESPONDENT = "reconsideration.respondent."

KEYS = [
    Keys(("government", "office"), [
        OFFICE + name for name in (
            "received", "accepted", "resolved_before_acceptance", "redirected", "refused", "abandoned", "pending_acceptance",
            "closed", "closed_carried_over", "corrected", "correction_rate", "mediation_rate", "resolution_rate", "on_time_rate",
            "lawsuits_after", "lost_after", *Outcome.values,
        )
    ]),
    Keys(("unit",), [RESPONDENT + name for name in ("received", "closed", "upheld", "corrected", "correction_rate")]),
]


def office_paragraph(facts):
    """The cases the county's 行政复议机构 received, accepted and decided, by outcome, with its rates."""
    if not (facts.nz(OFFICE + "received") or facts.nz(OFFICE + "closed")):
        return None
    body = f"全年共收到行政复议申请{facts.tok(OFFICE + 'received')}{facts.yoy(OFFICE + 'received')}"
    intake = [f"受理{facts.tok(OFFICE + 'accepted')}"] if facts.nz(OFFICE + "accepted") else []
    for name, word in (("resolved_before_acceptance", "受理前调撤"), ("redirected", "告知（转送）"), ("refused", "不予受理"),
                       ("abandoned", "视为放弃"), ("pending_acceptance", "尚在受理审查")):
        if facts.nz(OFFICE + name):
            intake.append(f"{word}{facts.tok(OFFICE + name)}")
    body += ("，" + "，".join(intake) if intake else "") + "。"
    if facts.nz(OFFICE + "closed"):
        body += f"审结{facts.tok(OFFICE + 'closed')}"
        if facts.nz(OFFICE + "closed_carried_over"):
            body += f"（含上年结转{facts.tok(OFFICE + 'closed_carried_over')}）"
        outcomes = [f"{outcome.label}{facts.tok(OFFICE + outcome)}" for outcome in Outcome if facts.nz(OFFICE + outcome)]
        if outcomes:
            body += "，其中" + "、".join(outcomes)
        body += "。"
        rates = [f"直接纠错{facts.tok(OFFICE + 'corrected')}"] if facts.nz(OFFICE + "corrected") else []
        if facts.has(OFFICE + "correction_rate"):
            rate = OFFICE + "correction_rate"
            rates.append(f"{facts.label(rate)}{facts.tok(rate)}{facts.yoy(rate)}")
        for name in ("mediation_rate", "resolution_rate", "on_time_rate"):
            if facts.has(OFFICE + name):
                rates.append(f"{facts.label(OFFICE + name)}{facts.tok(OFFICE + name)}")
        if rates:
            body += "，".join(rates) + "。"
    if facts.nz(OFFICE + "lawsuits_after"):
        body += f"复议后起诉{facts.tok(OFFICE + 'lawsuits_after')}"
        body += (f"，复议后败诉{facts.tok(OFFICE + 'lost_after')}" if facts.has(OFFICE + "lost_after") else "") + "。"
    return "发挥行政复议化解行政争议主渠道作用", body


def respondent_paragraph(facts):
    """The cases brought against the reporting unit, how they were decided, and its correction rate."""
    lead = "依法做好行政复议答复和复议决定履行工作"
    if not (facts.nz(RESPONDENT + "received") or facts.nz(RESPONDENT + "closed")):
        return lead, "全年没有以本单位为被申请人的行政复议案件。"
    body = f"全年以本单位为被申请人的行政复议申请{facts.tok(RESPONDENT + 'received')}{facts.yoy(RESPONDENT + 'received')}"
    if facts.nz(RESPONDENT + "closed"):
        body += f"；审结{facts.tok(RESPONDENT + 'closed')}"
        parts = []
        if facts.nz(RESPONDENT + "upheld"):
            parts.append(f"维持{facts.tok(RESPONDENT + 'upheld')}")
        if facts.nz(RESPONDENT + "corrected"):
            parts.append(f"被直接纠错{facts.tok(RESPONDENT + 'corrected')}")
        if parts:
            body += "，其中" + "、".join(parts)
        if facts.has(RESPONDENT + "correction_rate"):
            rate = RESPONDENT + "correction_rate"
            body += f"，{facts.label(rate)}{facts.tok(rate)}{facts.yoy(rate)}"
    return lead, body + "。"


PARAGRAPHS = [
    Sentence("reconsideration", ReportSection.DISPUTES, ("government", "office"), office_paragraph),
    Sentence("reconsideration_respondent", ReportSection.DISPUTES, ("unit",), respondent_paragraph),
]

SUGGESTIONS = [
    RisingRate(OFFICE + "correction_rate", "行政复议直接纠错率为{v}，{yoy}，反映出部分行政机关执法规范化水平仍有待提高。",
               "加强行政复议决定执行情况监督和以案促改，推动被纠错率下降。"),
    RisingRate(RESPONDENT + "correction_rate", "本单位被行政复议纠错{n}，被纠错率为{v}，{yoy}，执法规范化水平仍有待提高。",
               "针对被复议纠错的案件逐案剖析原因、以案促改，提高行政执法规范化水平。", refs={"n": RESPONDENT + "corrected"}),
    RisingCount(OFFICE + "received", "行政复议案件数量{yoy}，行政争议源头预防和前端化解力度仍需加大。",
                "坚持“应调尽调”，完善行政复议受理前调解和案前化解机制，发挥行政复议化解行政争议主渠道作用。"),
    RisingCount(RESPONDENT + "received", "以本单位为被申请人的行政复议案件{yoy}，行政争议源头预防仍需加强。",
                "加强执法源头规范，减少因执法不规范引发的行政复议案件。"),
    FullRate(OFFICE + "on_time_rate", "行政复议按时审结率为{v}，仍有案件未在法定期限内审结，案件办理时效管理有待加强。",
             "加强行政复议案件期限管理和繁简分流，确保案件在法定期限内审结。"),
    FailedCheck(OFFICE + "overdue_open", "截至目前仍有行政复议案件超过法定期限未办结，案件办理时效管理有待加强。",
                "建立行政复议案件期限预警和督办机制，杜绝超期办案。"),
]
