"""Choices of the 普法活动 registry."""

from django.db import models


class EventKind(models.TextChoices):
    LECTURE = "lecture", "法治讲座"
    CAMPAIGN = "campaign", "主题宣传"
    TRAINING = "training", "学法培训"
