"""Choices of the work ledger."""

from django.db import models

# An entry's place in the annual report is one of the report's themes (reports/choices.py).
from fazhi.reports.choices import ReportSection as ReportSection


class EntryKind(models.TextChoices):
    """What an entry records; the last two are the leaders' own (part three of the report)."""

    MEASURE = "measure", "工作举措"
    RULE = "rule", "制度文件"
    MEETING = "meeting", "会议"
    CAMPAIGN = "campaign", "专项行动"
    TRAINING = "training", "学法培训"
    HONOUR = "honour", "荣誉"
    PILOT = "pilot", "试点示范"
    LAW_REPORT = "law_report", "述法"
    PRINCIPAL_DUTY = "principal_duty", "第一责任人履职"


#: The kinds that record what a principal leader did (part three of the report): they name the leader.
LEADER_KINDS = (EntryKind.LAW_REPORT, EntryKind.PRINCIPAL_DUTY)
