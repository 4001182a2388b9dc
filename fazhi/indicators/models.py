"""Baseline figures: values for years before the platform held records (entered by hand or taken from a
published report), each with its source."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from fazhi.core.models import Org


class Baseline(models.Model):
    """The value of indicator ``key`` for ``org`` in ``year``, as published or recorded elsewhere. Year-on-year
    comparisons use records where they exist and baselines otherwise, and say which."""

    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.CASCADE, related_name="baselines")
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField("指标", max_length=100)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField("来源", max_length=300, help_text="如：《2021年浦江县法治政府建设工作情况报告》第一部分。")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "基期数据"
        constraints = [models.UniqueConstraint(fields=["org", "year", "key"], name="baseline_org_year_key_unique")]
        ordering = ["org__path", "-year", "key"]

    def __str__(self):
        return f"{self.org} {self.year}年 {self.key} = {self.value}"

    def clean(self):
        from . import definitions

        if self.key and self.key not in definitions.REGISTRY:
            raise ValidationError({"key": f"未定义的指标：{self.key}"})
        if self.key and self.value is not None and definitions.REGISTRY[self.key].kind == "count" and self.value != int(self.value):
            raise ValidationError({"value": "计数指标的数值须为整数。"})
