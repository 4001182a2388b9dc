"""Choices of the legality review registry (合法性审查; GLOSSARY.md; DOMAIN.md §3, §5)."""

from django.db import models


class ReviewKind(models.TextChoices):
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件草案"
    MAJOR_DECISION = "major_decision", "重大行政决策草案"
    ADMINISTRATIVE_CONTRACT = "administrative_contract", "行政协议"
    MEETING_TOPIC = "meeting_topic", "会议议题"
    OTHER = "other", "其他涉法文件"


class State(models.TextChoices):
    SUBMITTED = "submitted", "已送审（待接收）"
    REVIEWING = "reviewing", "审查中"
    SUPPLEMENT = "supplement", "补充材料中"
    ISSUED = "issued", "已出具意见"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATES = {State.SUBMITTED, State.REVIEWING, State.SUPPLEMENT}


class Conclusion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_IF_AMENDED = "lawful_if_amended", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class StopKind(models.TextChoices):
    SUPPLEMENT = "supplement", "补充材料"


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", "政府常务会议"
    PLENARY = "plenary", "政府全体会议"
    THEMATIC = "thematic", "专题会议"
