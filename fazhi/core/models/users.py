"""People, roles and data scope (三员分立 and business roles)."""

from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import DataScope, RoleKind
from ..fields import EncryptedCharField
from ..personal import PHONE, PersonalFields
from .orgs import Org, subtree_q


class User(AbstractUser):
    """An account. Business permissions do not come from Django groups but from the roles the
    user holds in the org where they currently work (``active_org``)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = EncryptedCharField("联系电话", max_length=30, blank=True)
    active_org = models.ForeignKey(
        Org, verbose_name="当前单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    one_time_password_until = models.DateTimeField(
        "一次性密码有效期至", null=True, blank=True,
        help_text="管理员重置密码后，一次性密码只能用于本人修改密码，并在此时间后失效。",
    )

    personal = PersonalFields(phone=PHONE)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    def memberships_with_orgs(self):
        return self.memberships.select_related("org").order_by("org__path")

    def active_membership(self):
        """The membership of the active org (falls back to the first one), cached on the instance."""
        if not hasattr(self, "_active_membership"):
            qs = self.memberships.select_related("org").prefetch_related("roles__permissions__content_type", "roles__custom_orgs")
            m = None
            if self.active_org_id:
                m = next((x for x in qs if x.org_id == self.active_org_id), None)
            if m is None:
                m = next(iter(qs), None)
            self._active_membership = m
        return self._active_membership

    def active_roles(self):
        m = self.active_membership()
        return list(m.roles.all()) if m else []

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        self._password_set = True  # kept in the password history once saved (signals.remember_new_password)


class Role(models.Model):
    """A role grants function permissions and one data scope. A user with several roles gets the union."""

    code = models.CharField("角色代码", max_length=40, unique=True)
    name = models.CharField("角色名称", max_length=50)
    kind = models.CharField("角色类别", max_length=20, choices=RoleKind.choices, default=RoleKind.BUSINESS)
    description = models.TextField("说明", blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name="功能权限", blank=True)
    data_scope = models.CharField("数据范围", max_length=20, choices=DataScope.choices, default=DataScope.UNIT)
    custom_orgs = models.ManyToManyField(
        Org, verbose_name="自定范围机构", blank=True, help_text="数据范围为“自定”时，可见所选机构及其下级的数据。"
    )
    can_view_pii = models.BooleanField("可查看完整个人信息", default=False, help_text="否则姓名、身份证号、电话在列表和导出中脱敏。")

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name

    def units_q(self, user, org_field, self_unit=True):
        """The units this role's data scope covers, as a Q over ``org_field`` (the path of a foreign key to
        Org, or ``"pk"`` over Org itself). 仅本人 covers the active unit when ``self_unit`` (the unit a user files
        under), else none. Business data is never visible through an administrator role (三员分立)."""
        if self.kind != RoleKind.BUSINESS:
            return Q(pk__in=[])
        active = user.active_org
        if self.data_scope == DataScope.ALL:
            return Q()
        if self.data_scope == DataScope.UNIT_AND_BELOW and active:
            return subtree_q(org_field, active)
        if self.data_scope == DataScope.UNIT and active or self.data_scope == DataScope.SELF and self_unit and active:
            return Q(**{org_field: active.pk})
        if self.data_scope == DataScope.CUSTOM:
            q = Q(pk__in=[])
            for org in self.custom_orgs.all():
                q |= subtree_q(org_field, org)
            return q
        return Q(pk__in=[])

    def scope_q(self, user, org_field="org", prefix="", records=True):
        """The records this role lets ``user`` see, as a Q over a model whose unit is ``prefix + org_field``.
        仅本人 sees the records the user created (``records``) — and, over a side's field, nothing."""
        if records and self.kind == RoleKind.BUSINESS and self.data_scope == DataScope.SELF:
            return Q(**{f"{prefix}created_by_id": user.pk})
        return self.units_q(user, prefix + org_field, self_unit=False)

    def scope_text(self):
        if self.data_scope == DataScope.CUSTOM:
            names = "、".join(o.name for o in self.custom_orgs.all()) or "（未选机构）"
            return f"自定：{names}（含下级）"
        return self.get_data_scope_display()


class Membership(models.Model):
    """A user's place in an org (兼职 means several), with the roles held there."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Org, verbose_name="单位", on_delete=models.PROTECT, related_name="memberships")
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True)
    title = models.CharField("职务", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "任职"
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="membership_user_org_unique")]
        ordering = ["org__path"]

    def __str__(self):
        return f"{self.user} @ {self.org}"


class LoginAttempt(models.Model):
    """Each login attempt, for the lockout rule (5 failures within 15 minutes) per account and per address."""

    username = models.CharField("用户名", max_length=150, db_index=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True, db_index=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    success = models.BooleanField("成功", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "登录尝试"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username}@{self.ip} {'成功' if self.success else '失败'}"


class Lockout(models.Model):
    """An account locked until ``until`` (a dormant account: until the security administrator lifts it); rows with
    an address and no username are from before addresses were throttled instead of locked."""

    FAILURES, DORMANT = "failures", "dormant"
    REASONS = [(FAILURES, "连续登录失败"), (DORMANT, "长期未登录")]

    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    reason = models.CharField("原因", max_length=20, choices=REASONS, default=FAILURES)
    ip = models.GenericIPAddressField("地址", null=True, blank=True, db_index=True)
    at = models.DateTimeField("锁定时间", default=timezone.now)
    until = models.DateTimeField("锁定至", db_index=True)
    lifted_by = models.ForeignKey(User, verbose_name="解锁人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "账户锁定"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username or self.ip} 锁定至 {timezone.localtime(self.until):%Y-%m-%d %H:%M}"


class PasswordHistory(models.Model):
    """The hashes of an account's passwords, newest first, so that the last few are not chosen again."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码摘要", max_length=128)
    at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user_id} {self.at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in session of an account, so that concurrent sessions can be counted and ended."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField("会话", max_length=40, unique=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    at = models.DateTimeField("登录时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "在线会话"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user_id}@{self.ip} {self.at:%Y-%m-%d %H:%M}"
