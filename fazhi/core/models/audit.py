"""Append-only audit events (logins, lockouts, role changes, exports, imports, PII views, …)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import AuditAction


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    """One audit event. Rows are never updated or deleted: the model refuses it, and on both databases a
    trigger refuses UPDATE (see migration 0002). So the log outlives the accounts and units it names:
    deleting a user or an org leaves its events as they are (no SET NULL, no database constraint; the
    username is kept as text), and ``actor``/``org`` are read with ``select_related`` (None when gone)."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    username = models.CharField("账户", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    org = models.ForeignKey(
        "core.Org", verbose_name="当前单位", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField("事件", max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    message = models.TextField("说明", blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")
