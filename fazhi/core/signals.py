"""Signal receivers of core: login audit, lockout counting, role and permission changes, cache resets."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from .audit import record
from .auth import client_ip, register_failure
from .choices import AuditAction
from .models import LocalRule, LoginAttempt, Membership, Role, User, UserSession
from .passwords import remember_password
from .rules import forget_read_rules
from .separation import (
    FIXED_ADMIN_ROLE,
    OWN_ROLE,
    account_conflicts,
    held_roles,
    holding_conflicts,
    in_system_change,
    is_admin_role,
    refuse,
    role_edit_conflicts,
)
from .services import start_session


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def _current_actor():
    """The signed-in user of the request being served, or None (commands, the system's own set-up)."""
    request = _current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


# ---- 三员分立, the backstop: whatever route changes a role or a membership, the rules of separation.py hold --------


@receiver(m2m_changed, sender=Membership.roles.through, dispatch_uid="fazhi_separation_membership_roles")
def refuse_separation_breaking_memberships(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or in_system_change():
        return
    if reverse:  # role.membership_set.add(...): check every membership touched
        memberships = Membership.objects.filter(pk__in=pk_set or []) if action != "pre_clear" else instance.membership_set.all()
        changes = [(m, list(m.roles.exclude(pk=instance.pk)) + ([instance] if action == "pre_add" else [])) for m in memberships]
    else:
        current = list(instance.roles.all())
        if action == "pre_add":
            after = current + list(Role.objects.filter(pk__in=pk_set or []).exclude(pk__in=[r.pk for r in current]))
        elif action == "pre_remove":
            after = [r for r in current if r.pk not in (pk_set or set())]
        else:
            after = []
        changes = [(instance, after)]
    actor = _current_actor()
    for membership, after in changes:
        refuse(account_conflicts(actor, membership.user, roles_after=after) + holding_conflicts(membership.user, membership.org_id, after))


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="fazhi_separation_role_permissions")
@receiver(m2m_changed, sender=Role.custom_orgs.through, dispatch_uid="fazhi_separation_role_orgs")
def refuse_fixed_or_own_role_powers(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or in_system_change():
        return
    roles = [instance] if not reverse else list(Role.objects.filter(pk__in=pk_set or []))
    actor = _current_actor()
    held = {r.pk for _, r in held_roles(actor)} if actor is not None else set()
    for role in roles:
        if is_admin_role(role):
            refuse([FIXED_ADMIN_ROLE])
        if role.pk in held:
            refuse([OWN_ROLE])


@receiver(pre_save, sender=Role, dispatch_uid="fazhi_separation_role_save")
def refuse_role_edits_that_break_separation(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.pk is None:
        refuse(role_edit_conflicts(_current_actor(), instance, new_kind=instance.kind, changed=["kind"]) if not in_system_change() else [])
        return
    old = Role.objects.filter(pk=instance.pk).first()
    if old is None:
        return
    changed = [f for f in ("kind", "data_scope", "can_view_pii") if getattr(old, f) != getattr(instance, f)]
    refuse(role_edit_conflicts(_current_actor(), old, new_kind=instance.kind, changed=changed))


@receiver(user_logged_in, dispatch_uid="fazhi_login")
def on_login(sender, request, user, **kwargs):
    LoginAttempt.objects.create(username=user.username, ip=client_ip(request), success=True)
    record(request, AuditAction.LOGIN, user=user, message="登录成功")
    if request is not None and hasattr(request, "session"):
        start_session(request, user)


@receiver(user_logged_out, dispatch_uid="fazhi_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditAction.LOGOUT, user=user, message="退出登录")
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


@receiver(post_save, sender=User, dispatch_uid="fazhi_password_history")
def remember_new_password(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_password_set", False) and instance.has_usable_password():
        instance._password_set = False
        remember_password(instance)


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


@receiver(post_save, sender=LocalRule, dispatch_uid="fazhi_rule_saved")
@receiver(post_delete, sender=LocalRule, dispatch_uid="fazhi_rule_deleted")
def rule_changed(sender, **kwargs):
    """A rule changed within a request: later reads in it see the new value."""
    forget_read_rules()
