"""The orgs a user may choose on the dashboard, and how a unit is named on a chart."""


def visible_orgs(user):
    """The orgs whose numbers ``user`` may see, in tree order: the union over every registry of the orgs the
    user's roles let it view (one query). Empty for administrators without business roles."""
    from fazhi.core.models import Org
    from fazhi.core.roles import registry_models
    from fazhi.core.scope import orgs_for

    qs = Org.objects.none()
    for model in registry_models():
        qs = qs | orgs_for(user, model, "view")
    return list(qs.order_by("path"))


def top_org(orgs):
    """The default org of the dashboard: the highest unit the user can see (the county for a leader)."""
    return min(orgs, key=lambda o: (o.depth, o.path)) if orgs else None


def short_name(name, root):
    """A unit's name without the county's own name in front (示范县公安局 → 公安局), for chart labels."""
    place = root.name.removesuffix("人民政府") if root is not None else ""
    if place and name and name.startswith(place) and len(name) > len(place) and name != root.name:
        return name[len(place):]
    return name or ""
