"""The 普法活动 registry: the law-publicity events each unit holds (谁执法谁普法)."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.fields import DateField, EncryptedCharField
from fazhi.core.models import RegistryModel
from fazhi.core.personal import NAME, PHONE, PersonalFields

from .choices import EventKind

PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def validate_phone(value):
    if value and not PHONE_RE.match(value):
        raise ValidationError("联系电话应为11位手机号或带区号的固定电话，如 0579-84123456。")


class PublicityEvent(RegistryModel):
    """One event: a lecture, a campaign day or a training, held by ``org`` on ``held_on`` before an audience."""

    kind = models.CharField("活动形式", max_length=20, choices=EventKind.choices, default=EventKind.LECTURE)
    title = models.CharField("活动名称", max_length=100)
    held_on = DateField("举办日期", not_in_future=True)
    audience = models.PositiveIntegerField("受众人数（人次）", default=0)  # refuses a negative count
    speaker = models.CharField("主讲人", max_length=50, blank=True)
    speaker_phone = EncryptedCharField("主讲人联系电话", max_length=20, blank=True, validators=[validate_phone])
    note = models.TextField("备注", blank=True)

    personal = PersonalFields(speaker=NAME, speaker_phone=PHONE)
    year_field = "held_on"

    class Meta:
        verbose_name = verbose_name_plural = "普法活动"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["org", "held_on"], name="publicity_org_held_idx"),
            models.Index(fields=["held_on", "id"], name="publicity_held_id_idx"),
        ]

    def __str__(self):
        return self.title
