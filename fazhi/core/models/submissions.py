"""Form submissions: one row per create form that was posted and saved, so that the same form posted twice
(a double click, a resent request, five tabs at once) saves once (``core.submissions``)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """The token of one rendered form, inserted in the same transaction as the record the form created; the
    unique token decides which of several posts of the form saves. Purged after a few days."""

    token = models.UUIDField("表单标识", unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    url = models.CharField("结果页面", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"

    def __str__(self):
        return f"{self.token} {self.created_at:%Y-%m-%d %H:%M}"
