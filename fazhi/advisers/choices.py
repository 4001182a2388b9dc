"""Choices of the legal adviser registry."""

from django.db import models


class AdviserKind(models.TextChoices):
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    GOVERNMENT_LAWYER = "government_lawyer", "公职律师"


class AdviserStatus(models.TextChoices):
    """Derived from the contract period, never stored."""

    PENDING = "pending", "未开始"
    ACTIVE = "active", "在聘"
    EXPIRED = "expired", "已到期"
