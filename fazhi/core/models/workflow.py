"""The log of workflow transitions of any registry record (who did what, when, with which data)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from ..fields import DateField


class TransitionLog(models.Model):
    """One transition of a record's state machine, in order. Corrections are transitions too."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(db_index=True)
    record = GenericForeignKey("content_type", "object_id")
    transition = models.CharField("操作", max_length=50)
    label = models.CharField("操作名称", max_length=50)
    on = DateField("日期")
    at = models.DateTimeField("登记时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="transitionlog_record_idx")]

    def __str__(self):
        return f"{self.on} {self.label}"


class AbstractClockStop(models.Model):
    """A period during which a statutory clock does not run (补正, 中止, 补充材料): an explicit record, never an
    edit of a due date. Abstract: a registry's clock stop adds the record it stops (a foreign key with
    ``related_name="clock_stops"``), its ``kind`` (choices of its own) and its ``reason``."""

    start = DateField("起始日期")
    end = DateField("结束日期", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["start", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start}–{self.end or '…'}"
