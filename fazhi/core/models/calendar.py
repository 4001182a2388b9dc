"""The holiday table and the statutory period table (DESIGN.md §4.3)."""

from django.db import models

from ..choices import HolidayKind, PeriodUnit
from ..fields import DateField


class Holiday(models.Model):
    """A date that departs from the Monday–Friday week: a statutory holiday on which no one works, or a
    weekend make-up working day (调休上班). Seeded from chinese-calendar, editable by staff, because the
    State Council announces each year's arrangement late in the year before."""

    date = DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=HolidayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True)
    source = models.CharField("来源", max_length=30, default="manual", help_text="chinese-calendar 或 manual（人工维护）。")

    class Meta:
        verbose_name = verbose_name_plural = "节假日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class Period(models.Model):
    """A statutory period: its length, its unit and the article that sets it."""

    key = models.CharField("代码", max_length=60, unique=True)
    label = models.CharField("名称", max_length=100)
    length = models.PositiveIntegerField("期限")
    unit = models.CharField("单位", max_length=20, choices=PeriodUnit.choices)
    basis = models.CharField("法律依据", max_length=200)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法定期限"
        ordering = ["key"]

    def __str__(self):
        return f"{self.label}（{self.length}{self.get_unit_display()}）"
