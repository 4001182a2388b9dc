"""Choices of the normative document registry (行政规范性文件; GLOSSARY.md; DOMAIN.md §5)."""

from django.db import models


class State(models.TextChoices):
    """The making of a document: drafted, registered and numbered (统一登记、统一编号), published (统一印发)."""

    DRAFTING = "drafting", "起草中"
    REGISTERED = "registered", "已登记编号（待公布）"
    PUBLISHED = "published", "已公布"
    ABANDONED = "abandoned", "终止制定"


class Status(models.TextChoices):
    """Validity of a published document."""

    EFFECTIVE = "effective", "有效"
    AMENDED = "amended", "修改"
    REPEALED = "repealed", "废止"
    DECLARED_INVALID = "declared_invalid", "宣布失效"
    EXPIRED = "expired", "失效"


IN_FORCE = (Status.EFFECTIVE, Status.AMENDED)


class Authority(models.TextChoices):
    """Where a document is filed (备案): a county government's documents with the government above and with
    the people's congress standing committee of the same level; a department's with its own government; a
    township's with the county government."""

    SUPERIOR_GOVERNMENT = "superior_government", "上一级人民政府"
    CONGRESS = "congress_standing_committee", "本级人大常委会"
    SAME_LEVEL_GOVERNMENT = "same_level_government", "本级人民政府"


class FilingOutcome(models.TextChoices):
    APPROVED = "approved", "准予备案"
    APPROVED_AFTER_CORRECTION = "approved_after_correction", "改正后备案"
    REFUSED = "refused", "不予备案"


class CampaignState(models.TextChoices):
    OPEN = "open", "清理中"
    APPLIED = "applied", "已公布清理结果"


class Disposition(models.TextChoices):
    KEPT = "kept", "继续有效"
    AMENDED = "amended", "修改"
    REPEALED = "repealed", "废止"
    DECLARED_INVALID = "declared_invalid", "宣布失效"


class SelectionRule(models.TextChoices):
    EXPIRING = "expiring", "有效期将在N个月内届满"
    OLDER_THAN = "older_than", "公布已满N年"
    INTERIM_LAPSED = "interim_lapsed", "暂行、试行文件已过有效期"
    KEYWORD = "keyword", "标题或内容涉及某法律或主题（关键词）"
