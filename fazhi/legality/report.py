"""What the annual report takes from 合法性审查 (``reports/builder``): the reviews the county's reviewing office
gave, by kind of draft, in one paragraph of the theme 依法科学民主决策 (the county government's and the justice
bureau's reports)."""

from fazhi.reports.builder import Keys, Sentence
from fazhi.reports.choices import ReportSection

REVIEWS = "legality."
#: The kinds of draft reviewed, as the paragraph names them.
KINDS = (("normative_document", "行政规范性文件草案"), ("major_decision", "重大行政决策草案"),
         ("administrative_contract", "行政协议"), ("meeting_topic", "会议议题"))

KEYS = [Keys(("government", "office"), [REVIEWS + "reviewed", *(f"{REVIEWS}reviewed.{kind}" for kind, _ in KINDS),
                                         REVIEWS + "opinion_items"])]


def paragraph(facts):
    """The opinions given, by kind of draft, and the items of opinion raised."""
    if not facts.nz(REVIEWS + "reviewed"):
        return None
    body = f"全年对各类文件出具合法性审查意见{facts.tok(REVIEWS + 'reviewed')}{facts.yoy(REVIEWS + 'reviewed')}"
    parts = [f"{word}{facts.tok(f'{REVIEWS}reviewed.{kind}')}" for kind, word in KINDS if facts.nz(f"{REVIEWS}reviewed.{kind}")]
    if parts:
        body += "，其中" + "、".join(parts)
    if facts.nz(REVIEWS + "opinion_items"):
        body += f"，提出审查意见{facts.tok(REVIEWS + 'opinion_items')}"
    return "严格落实合法性审查制度", body + "。"


PARAGRAPHS = [Sentence("legality", ReportSection.DECISION, ("government", "office"), paragraph)]
