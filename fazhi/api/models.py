"""Personal access tokens: a system (a department's case system, a provincial platform) acts as one user, with that
user's roles, active unit and scope. The token is shown once; only its SHA-256 digest is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "fz_"


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens neither revoked nor expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True, help_text="如：公安局执法办案系统推送复议答复。")
    shown = models.CharField("令牌开头", max_length=12, editable=False, help_text="令牌的前几位，便于辨认；完整令牌只在生成时显示一次。")
    key_digest = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    read_only = models.BooleanField("只读", default=False, help_text="只读令牌只能查询，不能新增、修改、删除或办理。")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="吊销人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.shown}…（{self.user}）"

    @classmethod
    def issue(cls, user, *, name="", read_only=False, expires_at=None, created_by=None):
        """A new token of ``user``: ``(token, key)``; the key is returned this once and never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, shown=key[:10], key_digest=digest(key), read_only=read_only,
                                   expires_at=expires_at, created_by=created_by)
        return token, key

    @property
    def state(self):
        if self.revoked_at:
            return "已吊销"
        if self.expires_at and self.expires_at <= timezone.now():
            return "已过期"
        return "有效"

    def revoke(self, by=None):
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.save(update_fields=["revoked_at", "revoked_by"])
