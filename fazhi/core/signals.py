"""Signal receivers of core: login audit, lockout counting, role and permission changes, cache resets."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from .audit import record
from .auth import client_ip, register_failure
from .choices import AuditAction
from .models import LoginAttempt, Membership, Role


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


@receiver(user_logged_in, dispatch_uid="fazhi_login")
def on_login(sender, request, user, **kwargs):
    LoginAttempt.objects.create(username=user.username, ip=client_ip(request), success=True)
    record(request, AuditAction.LOGIN, user=user, message="登录成功")


@receiver(user_logged_out, dispatch_uid="fazhi_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditAction.LOGOUT, user=user, message="退出登录")


@receiver(user_login_failed, dispatch_uid="fazhi_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    register_failure(request, (credentials or {}).get("username", ""))


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="fazhi_role_perms")
def on_role_permissions(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Role):
        from django.contrib.auth.models import Permission

        names = list(Permission.objects.filter(pk__in=pk_set or []).values_list("codename", flat=True))
        verb = {"post_add": "增加", "post_remove": "移除", "post_clear": "清空"}[action]
        record(
            _current_request(),
            AuditAction.PERMISSION_CHANGE,
            obj=instance,
            message=f"角色“{instance.name}”{verb}功能权限：{'、'.join(names) or '全部'}",
            detail={"action": action, "permissions": names},
        )


@receiver(m2m_changed, sender=Membership.roles.through, dispatch_uid="fazhi_membership_roles")
def on_membership_roles(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Membership) and not getattr(instance, "_audited", False):
        names = list(Role.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
        verb = {"post_add": "授予", "post_remove": "撤销", "post_clear": "清空"}[action]
        record(
            _current_request(),
            AuditAction.ROLE_CHANGE,
            obj=instance,
            message=f"{instance.user.username} 在 {instance.org} {verb}角色：{'、'.join(names) or '全部'}",
            detail={"action": action, "roles": names, "user": instance.user.username, "org": instance.org.code},
        )
