"""What the annual report takes from 重大行政决策 and 行政协议 (``reports/builder``): the decisions made with their
statutory steps, and the contracts signed, in one paragraph of the theme 依法科学民主决策."""

from fazhi.reports.builder import ROLES, Keys, Sentence
from fazhi.reports.choices import ReportSection

DECISIONS = "decisions."
CONTRACTS = "contracts."
#: The statutory steps of a decision (重大行政决策程序暂行条例), as the paragraph names them.
STEPS = (("consultations", "公众参与"), ("hearings", "听证"), ("expert_reviews", "专家论证"), ("risk_assessments", "风险评估"))

KEYS = [Keys(ROLES, [DECISIONS + "decided", *(DECISIONS + step for step, _ in STEPS), DECISIONS + "completeness_rate",
                     CONTRACTS + "signed", CONTRACTS + "reviewed"])]


def paragraph(facts):
    """The decisions made and the steps they went through, then the contracts signed and reviewed."""
    if not (facts.nz(DECISIONS + "decided") or facts.nz(CONTRACTS + "signed")):
        return None
    body = ""
    if facts.nz(DECISIONS + "decided"):
        body = f"作出重大行政决策{facts.tok(DECISIONS + 'decided')}"
        steps = [f"{word}{facts.tok(DECISIONS + step)}" for step, word in STEPS if facts.nz(DECISIONS + step)]
        if steps:
            body += "，履行" + "、".join(steps)
        if facts.has(DECISIONS + "completeness_rate"):
            rate = DECISIONS + "completeness_rate"
            body += f"，{facts.label(rate)}{facts.tok(rate)}"
        body += "。"
    if facts.nz(CONTRACTS + "signed"):
        body += f"签订行政协议{facts.tok(CONTRACTS + 'signed')}"
        if facts.nz(CONTRACTS + "reviewed"):
            body += f"，其中经合法性审查{facts.tok(CONTRACTS + 'reviewed')}"
        body += "。"
    return "严格履行重大行政决策法定程序", body


PARAGRAPHS = [Sentence("decisions", ReportSection.DECISION, ROLES, paragraph)]
