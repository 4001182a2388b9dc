"""Number sequences: serial numbers allocated by the system, per key and year, never reused."""

from django.db import models


class NumberSequence(models.Model):
    """The last serial number given out for ``key`` in ``year`` (e.g. key ``<org code>:<label>``, a registry's app label)."""

    key = models.CharField("序列", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="numbersequence_key_year_unique")]

    def __str__(self):
        return f"{self.key} {self.year}: {self.last}"
