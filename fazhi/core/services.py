"""Services of core that touch several rows: role assignment, account creation, lockout release."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .audit import record
from .choices import AuditAction, DataScope, RoleKind
from .models import Membership
from .separation import (
    TWO_KINDS,
    WITH_BUSINESS,
    SeparationError,
    account_conflicts,
    is_admin_role,
    role_change_conflicts,
)


@dataclass
class Access:
    """What a set of roles allows together: the union of permissions and of data scopes."""

    permissions: list  # [(app verbose name, permission name)], sorted
    scopes: list  # Chinese descriptions, one per distinct scope
    pii: bool
    kinds: list
    conflicts: list  # warnings, e.g. an administrator role combined with a business role (三员分立)


def effective_access(roles):
    perms = {}
    scopes = []
    kinds = []
    for role in roles:
        kinds.append(role.get_kind_display())
        for p in role.permissions.select_related("content_type"):
            perms[(p.content_type.app_label, p.codename)] = (p.content_type.model_class()._meta.verbose_name if p.content_type.model_class() else p.content_type.app_label, p.name)
        if role.kind == RoleKind.BUSINESS:
            text = role.scope_text()
            if text not in scopes:
                scopes.append(text)
    if DataScope.ALL.label in scopes:
        scopes = [DataScope.ALL.label]
    # The set alone; who holds them where, and who changes them, is separation.role_change_conflicts.
    conflicts = holding_conflicts_of_set(roles)
    return Access(
        permissions=sorted((str(a), str(n)) for a, n in perms.values()),
        scopes=scopes or ["（无业务数据）"],
        pii=any(r.can_view_pii for r in roles if r.kind == RoleKind.BUSINESS),
        kinds=sorted(set(kinds)),
        conflicts=conflicts,
    )


def holding_conflicts_of_set(roles):
    kinds = {r.kind for r in roles if is_admin_role(r)}
    if len(kinds) > 1:
        return [TWO_KINDS]
    if kinds and any(not is_admin_role(r) for r in roles):
        return [WITH_BUSINESS]
    return []


@transaction.atomic
def assign_roles(request, user, org, roles, title=""):
    """Give ``user`` exactly ``roles`` in ``org`` (creating the membership), and audit the change.

    Refused (SeparationError, a ValueError's sibling the forms show) by the rules of 三员分立: the actor is the
    request's user, or the server's operator when ``request`` is None."""
    actor = request.user if request is not None and request.user.is_authenticated else None
    conflicts = role_change_conflicts(actor, user, org.pk, roles)
    if conflicts:
        raise SeparationError(conflicts)
    m, created = Membership.objects.get_or_create(user=user, org=org, defaults={"title": title})
    before = set(m.roles.values_list("name", flat=True))
    m._audited = True  # this service writes one event with before and after; the m2m signal stays quiet
    m.roles.set(roles)
    if title:
        m.title = title
        m.save(update_fields=["title"])
    if user.active_org_id is None:
        user.active_org = org
        user.save(update_fields=["active_org"])
    after = {r.name for r in roles}
    record(
        request,
        AuditAction.ROLE_CHANGE,
        obj=m,
        message=f"{user.username} 在 {org} 的角色：{'、'.join(sorted(before)) or '无'} → {'、'.join(sorted(after)) or '无'}",
        detail={"user": user.username, "org": org.code, "before": sorted(before), "after": sorted(after), "new_membership": created},
    )
    return m


def lift_lockout(request, lockout):
    lockout.until = timezone.now()
    lockout.lifted_by = request.user
    lockout.save(update_fields=["until", "lifted_by"])
    record(request, AuditAction.UNLOCK, message=f"解除锁定：{lockout.username or lockout.ip}")


def end_sessions(user, *, keep=None, scan=True):
    """End every session of ``user`` (but ``keep``, a session key); returns how many ended. The sessions signed in
    are tracked (UserSession); ``scan`` also looks through every stored session for untracked ones."""
    from django.contrib.sessions.models import Session

    from .models import UserSession

    keys = set(UserSession.objects.filter(user=user).exclude(session_key=keep or "").values_list("session_key", flat=True))
    if scan:
        for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key__in=keys).iterator():
            if session.session_key != keep and session.get_decoded().get("_auth_user_id") == str(user.pk):
                keys.add(session.session_key)
    ended = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).count()
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return ended


def start_session(request, user):
    """Track the session just signed in; end the oldest beyond the local rule ``sessions_per_account`` (audited)."""
    from django.contrib.sessions.models import Session

    from .auth import client_ip
    from .models import UserSession
    from .rules import get_rule

    key = request.session.session_key
    if not key:
        return
    UserSession.objects.filter(session_key=key).delete()
    UserSession.objects.create(user=user, session_key=key, ip=client_ip(request))
    limit = get_rule(user.active_org, "sessions_per_account")
    if limit <= 0:
        return
    live = set(Session.objects.filter(expire_date__gt=timezone.now(), session_key__in=UserSession.objects.filter(user=user).values("session_key")).values_list("session_key", flat=True))
    UserSession.objects.filter(user=user).exclude(session_key__in=live).exclude(session_key=key).delete()
    older = list(UserSession.objects.filter(user=user).exclude(session_key=key).order_by("-at", "-id")[max(0, limit - 1):])
    if older:
        Session.objects.filter(session_key__in=[s.session_key for s in older]).delete()
        UserSession.objects.filter(pk__in=[s.pk for s in older]).delete()
        record(request, AuditAction.SESSION_END, user=user,
               message=f"新登录结束了较早的会话{len(older)}个（每个账户同时在线{limit}个）",
               detail={"ended": len(older), "addresses": [s.ip for s in older]})


@transaction.atomic
def reset_password(request, target, *, actor=None):
    """Reset ``target``'s password by someone else: a one-time password, returned once and never stored in
    clear, that only lets its holder choose his own (the forced change) and lapses after
    FAZHI_ONE_TIME_PASSWORD_HOURS; every session of ``target`` ends; the reset is audited.

    ``actor`` is the request's user (or None: the server's operator at the console). Refused (SeparationError)
    on one's own account and on an account the actor does not manage (三员分立, separation.py)."""
    from datetime import timedelta

    from django.conf import settings

    from .passwords import one_time_password

    if request is not None and actor is None and request.user.is_authenticated:
        actor = request.user
    conflicts = account_conflicts(actor, target)
    if conflicts:
        raise SeparationError(conflicts)
    password = one_time_password()
    target.set_password(password)
    target.must_change_password = True
    target.one_time_password_until = timezone.now() + timedelta(hours=settings.FAZHI_ONE_TIME_PASSWORD_HOURS)
    target.save(update_fields=["password", "password_changed_at", "must_change_password", "one_time_password_until"])
    ended = end_sessions(target)
    record(
        request,
        AuditAction.PASSWORD_RESET,
        obj=target,
        user=actor,
        username=actor.username if actor is not None else "（服务器控制台）",
        message=f"重置 {target.username} 的密码（一次性密码，{settings.FAZHI_ONE_TIME_PASSWORD_HOURS}小时内仅能用于本人修改密码），结束其会话{ended}个",
        detail={"user": target.username, "sessions_ended": ended, "until": target.one_time_password_until.isoformat()},
    )
    return password
