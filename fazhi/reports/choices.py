"""Choices of the annual report: its statutory parts, the themes its parts are written under, and the levels of
its blocks."""

from django.db import models


class ReportPart(models.TextChoices):
    """The five parts every 法治政府建设年度报告 has (法治政府建设与责任落实督察工作规定, DOMAIN.md §4), and the
    opening paragraph before them. The labels are the parts' headings in the statutory order."""

    PREAMBLE = "preamble", "导语"
    MEASURES = "measures", "一、主要举措和成效"
    SHORTCOMINGS = "shortcomings", "二、存在的不足和原因"
    PRINCIPAL_DUTY = "principal_duty", "三、党政主要负责人履行推进法治建设第一责任人职责情况"
    PLANS = "plans", "四、下一年度推进法治政府建设的主要安排"
    OTHER = "other", "五、其他需要报告的情况"


#: Parts that people write and that a report cannot be frozen without.
REQUIRED_PARTS = (ReportPart.SHORTCOMINGS, ReportPart.PRINCIPAL_DUTY, ReportPart.PLANS)


class ReportSection(models.TextChoices):
    """Where a paragraph belongs in the annual report (DOMAIN.md §4): the themes of part one (as the seeds and the
    纲要 2021–2025 use them), and the parts a person writes (第一责任人履职, 其他). The work ledger files its
    entries under them; a registry's report paragraphs name one of part one's."""

    OVERALL = "overall", "统筹推进法治政府建设"
    DECISION = "decision", "依法科学民主决策"
    ENFORCEMENT = "enforcement", "严格规范公正文明执法"
    DISPUTES = "disputes", "依法化解社会矛盾纠纷"
    GRASSROOTS = "grassroots", "基层治理与公共法律服务"
    PUBLICITY = "publicity", "法治宣传教育"
    PRINCIPAL_DUTY = "principal_duty", "党政主要负责人履行第一责任人职责"
    OTHER = "other", "其他"


#: The themes of part one, in the order of the report.
PART_ONE_SECTIONS = [
    ReportSection.OVERALL, ReportSection.DECISION, ReportSection.ENFORCEMENT, ReportSection.DISPUTES,
    ReportSection.GRASSROOTS, ReportSection.PUBLICITY,
]


class BlockLevel(models.TextChoices):
    """GB/T 9704 §7.3.3: heading levels 一、 → （一） → 1. → （1）, then body paragraphs."""

    HEADING1 = "heading1", "一级标题（一、）"
    HEADING2 = "heading2", "二级标题（（一））"
    HEADING3 = "heading3", "三级标题（1.）"
    HEADING4 = "heading4", "四级标题（（1））"
    PARAGRAPH = "paragraph", "正文段落"


HEADINGS = (BlockLevel.HEADING1, BlockLevel.HEADING2, BlockLevel.HEADING3, BlockLevel.HEADING4)
