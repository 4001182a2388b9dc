"""我的待办: registries declare their deadlines here; the home page and ``fazhi remind`` list them.

A registry registers a function ``source(user, today, horizon, org=None) -> iterable[Todo]`` that returns
the items due on or before ``horizon`` (overdue ones included) from ``scoped(Model, user, org)``: within the
user's data scope for pages, or within an org's subtree for ``fazhi remind``."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import subtree_q

_sources = []


@dataclass(frozen=True)
class Todo:
    title: str  # what is due, in Chinese
    due: date
    url: str
    kind: str  # the registry's Chinese name
    org: str = ""

    @property
    def days_left(self):
        return (self.due - timezone.localdate()).days

    @property
    def overdue(self):
        return self.days_left < 0


def scoped(model, user=None, org=None):
    """The rows whose deadlines a source lists as the holder's: the user's own data scope (a record's sides
    are not answerable for the holder's deadlines), and/or an org's subtree."""
    qs = model.objects.owned_by(user) if user is not None else model.objects.all()
    if org is not None:
        qs = qs.filter(subtree_q("org", org))
    return qs


def scoped_as(model, side, user=None, org=None):
    """The rows of which the user's unit (or a unit of ``org``'s subtree) is ``side`` (one of ``model.sides``):
    the side's own deadlines on them (a respondent's reply). A user who holds the record works the holder's
    deadlines instead (the office also sees the respondents under it)."""
    if user is not None:
        qs = model.objects.seen_as(user, side).exclude(pk__in=model.objects.owned_by(user).values("pk"))
    else:
        qs = model.objects.all()
    if org is not None:
        qs = qs.filter(subtree_q(side.field, org))
    if side.condition is not None:
        qs = qs.filter(side.condition)
    return qs


def register(source):
    """Register a deadline source (use as a decorator in a registry's ``todos`` or ``apps.ready``)."""
    if source not in _sources:
        _sources.append(source)
    return source


def todos_for(user, today=None, horizon_days=None, org=None):
    """All items due within ``horizon_days`` (local rule ``todo_warning_days``) or overdue, soonest first;
    for a user (their scope) or, with ``user=None``, for an org's subtree."""
    from .rules import get_rule

    today = today or timezone.localdate()
    if horizon_days is None:
        horizon_days = get_rule(org or getattr(user, "active_org", None), "todo_warning_days")
    horizon = today + timezone.timedelta(days=horizon_days)
    items = []
    for source in _sources:
        items.extend(source(user, today, horizon, org=org))
    return sorted(items, key=lambda t: (t.due, t.title))
