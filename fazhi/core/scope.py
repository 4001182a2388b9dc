"""Data scope helpers beyond ``visible_to``: which orgs a user may file records under, and PII rights."""

from .choices import RoleKind
from .models import Org
from .models.registry import granting_roles


def orgs_for(user, model, action="add"):
    """The orgs under which ``user`` may ``action`` a record of ``model``: the units the data scopes of the
    granting roles cover (the same :meth:`Role.units_q` that :func:`~fazhi.core.models.registry.scope_q` uses).
    仅本人 (self) files under the active org. Sides never file: a record is filed by the unit that holds it."""
    q = None
    for role in granting_roles(user, model, action):
        rq = role.units_q(user, "pk")
        q = rq if q is None else q | rq
    if q is None:
        return Org.objects.none()
    return Org.objects.filter(q, is_active=True)


def sides_of(user, obj):
    """The sides (``Model.sides``) through which ``user`` sees ``obj``, or ``None`` when ``obj`` is in the
    user's own scope (then the user works it as its holder). One query per declared side at most."""
    model = type(obj)
    if not getattr(model, "sides", ()):
        return None
    if model._default_manager.owned_by(user).filter(pk=obj.pk).exists():
        return None
    return [side for side in model.sides if model._default_manager.seen_as(user, side).filter(pk=obj.pk).exists()]


def can_view_pii(user):
    """True when one of the active roles may see personal information unmasked (what is personal, and how it
    is masked: :mod:`fazhi.core.personal`)."""
    return any(r.can_view_pii and r.kind == RoleKind.BUSINESS for r in user.active_roles())


#: The refusal of a number (or other unique value) another record holds that the user may not see: the
#: value cannot be used, but the message neither says it is already registered nor names the record or
#: its unit — the same words whichever record holds it, so nothing about that record is confirmed.
HIDDEN_DUPLICATE = "{what}无法登记：请核对后重新填写；如确认无误，请与司法局核实。"


def duplicate_of(model, user, lookup, exclude_pk=None):
    """Whether another row of ``model`` holds the values ``lookup`` (the fields of a unique constraint):
    ``None`` when none does, ``"visible"`` when the user may see it (the registry's own "already registered"
    message may name it), ``"hidden"`` when the user may not (answer with :data:`HIDDEN_DUPLICATE`).
    ``user`` None is a command run by the operator, who sees every row. One query when no row holds the values."""
    qs = model._default_manager.filter(**lookup)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    pk = qs.values_list("pk", flat=True).first()
    if pk is None:
        return None
    if user is None or model._default_manager.visible_to(user).filter(pk=pk).exists():
        return "visible"
    return "hidden"


def unique_groups(model):
    """The field groups whose values a row of ``model`` may not share with another row: unique fields and the
    unconditional field-only ``UniqueConstraint``\\ s (the ones Django checks from a model form)."""
    from django.db.models import UniqueConstraint

    groups = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    groups += [tuple(c.fields) for c in model._meta.constraints
               if isinstance(c, UniqueConstraint) and c.fields and not c.condition and not c.expressions]
    return groups


def hidden_duplicate_message(instance, user):
    """For a record built outside a form (a transition creating a second-instance case …): the
    :data:`HIDDEN_DUPLICATE` refusal when one of its unique values is held by a row ``user`` may not see, else
    ``""`` (the model's own validation then names a duplicate the user may see)."""
    model = type(instance)
    for group in unique_groups(model):
        fields = [model._meta.get_field(name) for name in group]
        lookup = {f.attname: getattr(instance, f.attname) for f in fields}
        if any(v in (None, "") for v in lookup.values()):
            continue
        if duplicate_of(model, user, lookup, exclude_pk=instance.pk) == "hidden":
            return HIDDEN_DUPLICATE.format(what="和".join(str(f.verbose_name) for f in fields))
    return ""
