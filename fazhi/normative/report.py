"""What the annual report takes from 行政规范性文件 (``reports/builder``): the documents issued and filed, and
the clean-ups, in one paragraph of the theme 依法科学民主决策."""

from fazhi.reports.builder import ROLES, Keys, Sentence
from fazhi.reports.choices import ReportSection

DOCUMENTS = "normative."

KEYS = [Keys(ROLES, [DOCUMENTS + name for name in ("issued", "filed", "filing_rate", "timely_filing_rate", "cleaned",
                                                    "cleanup_repealed_or_invalid")])]


def paragraph(facts):
    """The documents issued and filed with the filing rates, then the clean-ups and what they repealed."""
    if not (facts.nz(DOCUMENTS + "issued") or facts.nz(DOCUMENTS + "cleaned")):
        return None
    body = ""
    if facts.nz(DOCUMENTS + "issued"):
        body = f"全年公布行政规范性文件{facts.tok(DOCUMENTS + 'issued')}，报送备案{facts.tok(DOCUMENTS + 'filed')}"
        for name in ("filing_rate", "timely_filing_rate"):
            if facts.has(DOCUMENTS + name):
                body += f"，{facts.label(DOCUMENTS + name)}{facts.tok(DOCUMENTS + name)}"
        body += "。"
    if facts.nz(DOCUMENTS + "cleaned"):
        body += f"开展行政规范性文件清理，清理{facts.tok(DOCUMENTS + 'cleaned')}"
        if facts.nz(DOCUMENTS + "cleanup_repealed_or_invalid"):
            body += f"，废止和宣布失效{facts.tok(DOCUMENTS + 'cleanup_repealed_or_invalid')}"
        body += "。"
    return "加强行政规范性文件监督管理", body


PARAGRAPHS = [Sentence("normative", ReportSection.DECISION, ROLES, paragraph)]
