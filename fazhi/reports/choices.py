"""Choices of the annual report: its statutory parts and the levels of its blocks."""

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


class BlockLevel(models.TextChoices):
    """GB/T 9704 §7.3.3: heading levels 一、 → （一） → 1. → （1）, then body paragraphs."""

    HEADING1 = "heading1", "一级标题（一、）"
    HEADING2 = "heading2", "二级标题（（一））"
    HEADING3 = "heading3", "三级标题（1.）"
    HEADING4 = "heading4", "四级标题（（1））"
    PARAGRAPH = "paragraph", "正文段落"


HEADINGS = (BlockLevel.HEADING1, BlockLevel.HEADING2, BlockLevel.HEADING3, BlockLevel.HEADING4)
