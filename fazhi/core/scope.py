"""Data scope helpers beyond ``visible_to``: which orgs a user may file records under, and PII rights."""

from django.db.models import Q

from .choices import DataScope, RoleKind
from .models import Org


def roles_granting(user, model, action):
    codename = f"{action}_{model._meta.model_name}"
    app_label = model._meta.app_label
    return [
        r
        for r in user.active_roles()
        if r.kind == RoleKind.BUSINESS
        and any(p.codename == codename and p.content_type.app_label == app_label for p in r.permissions.all())
    ]


def orgs_for(user, model, action="add"):
    """The orgs under which ``user`` may ``action`` a record of ``model`` — the org-tree form of the scope.
    仅本人 (self) files under the active org."""
    q = None
    for role in roles_granting(user, model, action):
        if role.data_scope == DataScope.ALL:
            rq = Q()
        elif role.data_scope == DataScope.UNIT_AND_BELOW and user.active_org:
            rq = Q(path__startswith=user.active_org.path)
        elif role.data_scope in (DataScope.UNIT, DataScope.SELF) and user.active_org:
            rq = Q(pk=user.active_org.pk)
        elif role.data_scope == DataScope.CUSTOM:
            rq = Q(pk__in=[])
            for org in role.custom_orgs.all():
                rq |= Q(path__startswith=org.path)
        else:
            rq = Q(pk__in=[])
        q = rq if q is None else q | rq
    if q is None:
        return Org.objects.none()
    return Org.objects.filter(q, is_active=True)


def can_view_pii(user):
    """True when one of the active roles may see personal information unmasked."""
    return any(r.can_view_pii and r.kind == RoleKind.BUSINESS for r in user.active_roles())


def mask(value, kind="name"):
    """Mask personal information for lists and exports: names keep the surname, ID numbers the first 6 and
    last 4 characters, phone numbers the first 3 and last 4 digits."""
    if value in (None, ""):
        return value
    s = str(value)
    if kind == "name" and "、" in s:
        return "、".join(mask(part, "name") for part in s.split("、"))
    if kind == "name":
        return s[0] + "*" * max(1, len(s) - 1) if len(s) <= 2 else s[0] + "*" * (len(s) - 2) + s[-1]
    if kind == "id_number":
        return s[:6] + "*" * max(0, len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s)
    if kind == "phone":
        return s[:3] + "*" * max(0, len(s) - 7) + s[-4:] if len(s) > 7 else "*" * len(s)
    return "*" * len(s)
