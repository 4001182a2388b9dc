"""What the annual report takes from 普法活动: one paragraph of the theme 法治宣传教育, for every reporting unit."""

from fazhi.reports.builder import ROLES, Keys, Sentence
from fazhi.reports.choices import ReportSection

PREFIX = "publicity_events."

KEYS = [Keys(ROLES, [PREFIX + "held", PREFIX + "held.lecture", PREFIX + "audience"])]


def paragraph(facts):
    """The events held, the lectures among them, and their audience."""
    if not facts.nz(PREFIX + "held"):
        return None
    body = f"全年举办普法活动{facts.tok(PREFIX + 'held')}{facts.yoy(PREFIX + 'held')}"
    if facts.nz(PREFIX + "held.lecture"):
        body += f"，其中法治讲座{facts.tok(PREFIX + 'held.lecture')}"
    if facts.nz(PREFIX + "audience"):
        body += f"，受众{facts.tok(PREFIX + 'audience')}"
    return "深入开展普法活动", body + "。"


PARAGRAPHS = [Sentence("publicity_events", ReportSection.PUBLICITY, ROLES, paragraph)]
