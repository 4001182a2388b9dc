"""三员分立 (GB/T 22239-2019 8.1.4.2): the rules on who may hold and change roles, in one place.

Every route that changes a role or an account calls these functions: the role page, the admin's user and
role pages, the password reset, the ``fazhi`` commands, and (backstop) the model signals, so that a route
added later cannot forget them.

1. A person who holds an administrator role (system administrator, security administrator, auditor) holds
   exactly that one role, in one unit, and no other role in any unit.
2. Nobody changes his own roles or his own account's sign-in (password, status).
3. Administrator accounts are managed by the security administrator (two-person rule); the security
   administrator's own account by the system administrator; business accounts by the system administrator.
4. The three administrator roles are fixed by the system (kind, scope, permissions, personal data): nobody
   edits them. A standard role's kind is never changed, and roles created by hand are business roles.
5. Nobody changes the kind, scope, permissions or personal-data right of a role he holds.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError

from .choices import RoleKind

ADMIN_KINDS = frozenset({RoleKind.SYSTEM_ADMIN, RoleKind.SECURITY_ADMIN, RoleKind.AUDITOR})
# Fields of a role that decide what its holders may see and do.
ROLE_POWER_FIELDS = ("kind", "data_scope", "custom_orgs", "permissions", "can_view_pii")

TWO_KINDS = "系统管理员、安全管理员、安全审计员三类角色不能由同一账户兼任（三员分立）。"
WITH_BUSINESS = "管理员角色不能与业务角色同时授予同一账户（三员分立）。"
ONE_UNIT = "管理员角色只能在一个单位持有，且持有人不能在任何单位再持有其他角色（三员分立）。"
OWN_ACCOUNT = "不能变更本人的角色或账户，请由另一名管理员办理。"
ADMIN_BY_SECURITY = "管理员账户的角色和账户只能由安全管理员变更（双人规则）。"
SECURITY_BY_SYSTEM = "安全管理员的账户只能由系统管理员办理。"
BUSINESS_BY_SYSTEM = "业务账户的角色和账户只能由系统管理员变更。"
FIXED_ADMIN_ROLE = "三员角色（系统管理员、安全管理员、安全审计员）的类别、数据范围和权限由系统固定，不能修改。"
STANDARD_KIND = "标准角色的类别不能修改。"
NEW_ROLE_KIND = "自建角色只能是业务角色；三员角色由系统固定。"
OWN_ROLE = "不能修改本人持有的角色的类别、数据范围、功能权限或个人信息权限。"

_system_change = ContextVar("fazhi_separation_system_change", default=False)


class SeparationError(ValidationError, ValueError):
    """A refused role or account change; a ValidationError, so that forms show its Chinese message."""


@contextmanager
def system_change():
    """The system's own role set-up (``ensure_roles`` fixing the standard roles), not a person's change."""
    token = _system_change.set(True)
    try:
        yield
    finally:
        _system_change.reset(token)


def in_system_change():
    return _system_change.get()


def is_admin_role(role):
    return role.kind in ADMIN_KINDS


def held_roles(user, *, except_org=None):
    """[(org_id, Role)] over every membership of ``user`` (one query)."""
    from .models import Membership

    if user is None or user.pk is None:
        return []
    out = []
    for m in Membership.objects.filter(user=user).prefetch_related("roles"):
        if except_org is not None and m.org_id == except_org:
            continue
        out += [(m.org_id, r) for r in m.roles.all()]
    return out


def admin_kind(user):
    """The administrator kind ``user`` holds in any unit, or None."""
    kinds = {r.kind for _, r in held_roles(user) if is_admin_role(r)}
    # Two kinds at once cannot be reached through the rules below; such an account gets no administrator power.
    return next(iter(kinds)) if len(kinds) == 1 else None


def holding_conflicts(user, org_id, roles):
    """Rule 1: the conflicts if ``user`` held exactly ``roles`` in ``org_id`` (his other units unchanged)."""
    held = held_roles(user, except_org=org_id) + [(org_id, r) for r in roles]
    admins = [(o, r) for o, r in held if is_admin_role(r)]
    if not admins:
        return []
    if len({r.kind for _, r in admins}) > 1:
        return [TWO_KINDS]
    if any(not is_admin_role(r) for _, r in held):
        return [WITH_BUSINESS]
    if len(admins) > 1:
        return [ONE_UNIT]
    return []


def account_conflicts(actor, target, *, roles_after=()):
    """Rules 2 and 3: may ``actor`` change ``target``'s account or roles (to ``roles_after`` in one unit)?

    ``actor`` None is the server's operator at the console (``fazhi`` commands), who is not a user of the
    platform; the holding rule still applies to him."""
    if actor is None:
        return []
    if target.pk is not None and actor.pk == target.pk:
        return [OWN_ACCOUNT]
    mine = admin_kind(actor)
    theirs = {r.kind for _, r in held_roles(target)} | {r.kind for r in roles_after}
    if theirs & ADMIN_KINDS:
        if RoleKind.SECURITY_ADMIN in theirs and not roles_after:
            # The security administrator's account (his password, his status) is the system administrator's.
            return [] if mine == RoleKind.SYSTEM_ADMIN else [SECURITY_BY_SYSTEM]
        return [] if mine == RoleKind.SECURITY_ADMIN else [ADMIN_BY_SECURITY]
    if theirs:  # business roles only
        return [] if mine == RoleKind.SYSTEM_ADMIN else [BUSINESS_BY_SYSTEM]
    # An account with no role yet: created by the system administrator; either may give it its first roles.
    return [] if mine in (RoleKind.SYSTEM_ADMIN, RoleKind.SECURITY_ADMIN) else [BUSINESS_BY_SYSTEM]


def may_manage_account(actor, target):
    return not account_conflicts(actor, target)


def role_change_conflicts(actor, target, org_id, roles):
    """Every rule on giving ``target`` exactly ``roles`` in ``org_id``, by ``actor``."""
    before = [r for o, r in held_roles(target) if o == org_id]
    return account_conflicts(actor, target, roles_after=[*before, *roles]) + holding_conflicts(target, org_id, roles)


def assignable_roles(actor):
    """The roles ``actor`` may give: administrator roles for the security administrator, business roles for the
    system administrator (and for the console, all)."""
    from .models import Role

    mine = admin_kind(actor) if actor is not None else None
    if actor is None:
        return Role.objects.all()
    if mine == RoleKind.SECURITY_ADMIN:
        return Role.objects.filter(kind__in=ADMIN_KINDS)
    if mine == RoleKind.SYSTEM_ADMIN:
        return Role.objects.filter(kind=RoleKind.BUSINESS)
    return Role.objects.none()


def role_edit_conflicts(actor, role, *, new_kind, changed):
    """Rules 4 and 5 on editing (or creating, ``role.pk`` None) ``role``; ``changed`` are the field names."""
    from .roles import STANDARD_ROLES

    power = set(changed) & set(ROLE_POWER_FIELDS)
    if role.pk is None:
        return [NEW_ROLE_KIND] if new_kind in ADMIN_KINDS else []
    if not power or in_system_change():
        return []
    conflicts = []
    if role.code in STANDARD_ROLES and "kind" in power and new_kind != STANDARD_ROLES[role.code][1]:
        conflicts.append(STANDARD_KIND)
    if role.kind in ADMIN_KINDS or new_kind in ADMIN_KINDS:
        conflicts.append(FIXED_ADMIN_ROLE)
    if actor is not None and any(r.pk == role.pk for _, r in held_roles(actor)):
        conflicts.append(OWN_ROLE)
    return conflicts


def refuse(conflicts):
    if conflicts:
        raise SeparationError(conflicts)
