"""The legal adviser registry (法律顾问/公职律师)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from fazhi.core.dates import DateOrder
from fazhi.core.fields import DateField, EncryptedCharField
from fazhi.core.models import RegistryModel
from fazhi.core.personal import PHONE, PersonalFields

from .choices import AdviserKind, AdviserStatus

LICENSE_RE = re.compile(r"^\d{17}$")
PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def validate_license(value):
    if value and not LICENSE_RE.match(value):
        raise ValidationError("执业证号应为17位数字。")


def validate_phone(value):
    if value and not PHONE_RE.match(value):
        raise ValidationError("联系电话应为11位手机号或带区号的固定电话，如 0579-84123456。")


class LegalAdviser(RegistryModel):
    """A legal adviser (an outside lawyer under contract) or a government lawyer (公职律师) serving an org,
    for a contract period. ``org`` is the engaging org."""

    kind = models.CharField("类别", max_length=30, choices=AdviserKind.choices, default=AdviserKind.LEGAL_ADVISER)
    name = models.CharField("姓名", max_length=50)
    firm = models.CharField("执业机构", max_length=100, help_text="律师事务所，或公职律师所在单位。")
    license_no = models.CharField("执业证号", max_length=17, blank=True, validators=[validate_license])
    phone = EncryptedCharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    contract_start = DateField("聘用起始日期")
    contract_end = DateField("聘用截止日期")
    fee = models.DecimalField("年度费用（元）", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0, "费用不能为负数。")])
    scope_of_service = models.TextField("服务范围", blank=True, help_text="如：重大决策论证、合同审查、诉讼代理、法律咨询。")
    note = models.TextField("备注", blank=True)

    personal = PersonalFields(phone=PHONE)
    year_field = "contract_start"  # places a record in a year for exports and counts
    date_order = (DateOrder("contract_end", "contract_start", message="聘用截止日期不能早于起始日期。"),)  # fazhi.core.dates

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问"
        ordering = ["-contract_end", "name"]
        indexes = [models.Index(fields=["org", "contract_end"], name="adviser_org_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end__gte=models.F("contract_start")), name="adviser_contract_order"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.firm}）"

    def status(self, today=None):
        today = today or timezone.localdate()
        if today < self.contract_start:
            return AdviserStatus.PENDING
        if today > self.contract_end:
            return AdviserStatus.EXPIRED
        return AdviserStatus.ACTIVE

    def get_status_display(self):
        return self.status().label
