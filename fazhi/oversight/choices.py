"""Choices of the work ledger."""

from django.db import models


class ReportSection(models.TextChoices):
    """Where an entry belongs in the annual report (DOMAIN.md §4): the themes of part one (as the seeds and the
    纲要 2021–2025 use them), and the parts a person writes (第一责任人履职, 其他)."""

    OVERALL = "overall", "统筹推进法治政府建设"
    DECISION = "decision", "依法科学民主决策"
    ENFORCEMENT = "enforcement", "严格规范公正文明执法"
    DISPUTES = "disputes", "依法化解社会矛盾纠纷"
    GRASSROOTS = "grassroots", "基层治理与公共法律服务"
    PUBLICITY = "publicity", "法治宣传教育"
    PRINCIPAL_DUTY = "principal_duty", "党政主要负责人履行第一责任人职责"
    OTHER = "other", "其他"


PART_ONE_SECTIONS = [
    ReportSection.OVERALL, ReportSection.DECISION, ReportSection.ENFORCEMENT, ReportSection.DISPUTES,
    ReportSection.GRASSROOTS, ReportSection.PUBLICITY,
]


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
