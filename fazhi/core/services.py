"""Services of core that touch several rows: role assignment, account creation, lockout release."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .audit import record
from .choices import AuditAction, DataScope, RoleKind
from .models import Membership


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
    conflicts = []
    admin_kinds = {r.kind for r in roles if r.kind != RoleKind.BUSINESS}
    if len(admin_kinds) > 1:
        conflicts.append("系统管理员、安全管理员、安全审计员三类角色不能由同一账户兼任（三员分立）。")
    if admin_kinds and any(r.kind == RoleKind.BUSINESS for r in roles):
        conflicts.append("管理员角色不能与业务角色同时授予同一账户（三员分立）。")
    return Access(
        permissions=sorted((str(a), str(n)) for a, n in perms.values()),
        scopes=scopes or ["（无业务数据）"],
        pii=any(r.can_view_pii for r in roles if r.kind == RoleKind.BUSINESS),
        kinds=sorted(set(kinds)),
        conflicts=conflicts,
    )


@transaction.atomic
def assign_roles(request, user, org, roles, title=""):
    """Give ``user`` exactly ``roles`` in ``org`` (creating the membership), and audit the change."""
    access = effective_access(roles)
    if access.conflicts:
        raise ValueError(access.conflicts[0])
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
