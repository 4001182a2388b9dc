"""The abstract registry model every business registry inherits (DESIGN.md §4.1–4.2)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .orgs import Org


@dataclass(frozen=True)
class Side:
    """A unit that is a party to a record it does not hold: a case's respondent, a suit's defendant,
    the unit that submitted a request. A registry model lists its sides in ``sides``::

        sides = (Side("respondent_org", "被申请人", transitions=("submit_reply",)),)

    The users of that unit see the record through their own data scope over ``field`` (the path of a foreign
    key to :class:`Org`, e.g. ``"respondent_org"``, or through a related record, ``"<relation>__org"``), when ``condition``
    holds. A side may ``view`` the record (list, detail, history, export, 我的待办, drill-downs); ``actions`` adds
    the generic actions it may also take (``"change"``: edit), ``transitions`` the workflow transitions it may
    run — the only transitions its users are offered. Personal information is always masked for a side that
    sees a record only as a side (see :func:`fazhi.core.scope.may_unmask`)."""

    field: str
    label: str
    actions: tuple = ("view",)
    transitions: tuple = ()
    condition: Q | None = None

    def allows(self, action, transition=None):
        if transition is not None:
            return transition in self.transitions
        return action in self.actions


def granting_roles(user, model, action):
    """The roles ``user`` holds in the active org that grant ``app.action_model``."""
    codename = f"{action}_{model._meta.model_name}"
    app_label = model._meta.app_label
    return [r for r in user.active_roles()
            if any(p.codename == codename and p.content_type.app_label == app_label for p in r.permissions.all())]


def _nothing():
    return Q(pk__in=[])


def parent_of(model):
    """``(field name, parent model)`` for a child row whose scope is its parent's (``scope_parent``), else None."""
    name = getattr(model, "scope_parent", None)
    return (name, model._meta.get_field(name).related_model) if name else None


def own_q(user, model, action="view", prefix=""):
    """The rows of ``model`` whose responsible unit (``org``) lies in the data scope of a role of ``user`` that
    grants ``app.action_model``: the union over those roles. No such role, or a signed-out user: nothing.
    ``prefix`` ("review__") builds the Q for rows that hang from a ``model`` row: a join, not an
    ``IN (subquery)``, which PostgreSQL plans badly."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _nothing()
    if (parent := parent_of(model)) is not None:
        return own_q(user, parent[1], action, prefix + parent[0] + "__")
    q = None
    for role in granting_roles(user, model, action):
        rq = role.scope_q(user, "org", prefix)
        q = rq if q is None else (q | rq)
    return q if q is not None else _nothing()


def side_q(user, model, side, prefix=""):
    """The rows of ``model`` of which the user's unit is ``side``: the user's view scope over the side's field."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _nothing()
    q = None
    for role in granting_roles(user, model, "view"):
        rq = role.scope_q(user, side.field, prefix, records=False)
        q = rq if q is None else (q | rq)
    if q is None:
        return _nothing()
    if side.condition is not None:
        q &= _prefixed(side.condition, prefix)
    return q


def _prefixed(q, prefix):
    """``q`` with every lookup moved under ``prefix`` (a side's condition applied to a child row)."""
    if not prefix:
        return q
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [_prefixed(c, prefix) if isinstance(c, Q) else (prefix + c[0], c[1]) for c in q.children]
    return out


def scope_q(user, model, action="view", prefix="", transition=None):
    """The Q of the rows of ``model`` that ``user`` may ``action`` (view/add/change/delete) — the one place
    scope is worked out. It is the user's own scope (:func:`own_q`) and, for each side the model declares
    (``sides``) that allows the action (or ``transition``), the rows of which the user's unit is that side.
    A child row (``scope_parent``) is in scope with its parent, sides included."""
    if (parent := parent_of(model)) is not None:
        return scope_q(user, parent[1], action, prefix + parent[0] + "__", transition)
    q = own_q(user, model, "change" if transition is not None else action, prefix)
    for side in getattr(model, "sides", ()):
        if side.allows(action, transition):
            q |= side_q(user, model, side, prefix)
    return q


class RegistryQuerySet(models.QuerySet):
    def visible_to(self, user, action="view", transition=None):
        """Every query a user causes goes through here: list, detail, export, count, chart, report. The
        record's sides (``Model.sides``) see it too; ``transition`` asks for the rows on which the user may run
        that workflow transition (their own scope's ``change``, or a side that may run it)."""
        return self.filter(scope_q(user, self.model, action, transition=transition))

    def owned_by(self, user, action="view"):
        """The rows in the user's own scope, sides left out: what a unit holds and must work (its deadlines)."""
        return self.filter(own_q(user, self.model, action))

    def seen_as(self, user, side):
        """The rows of which the user's unit is ``side`` (one of ``Model.sides``)."""
        return self.filter(side_q(user, self.model, side))


class ChildQuerySet(RegistryQuerySet):
    """The manager of a child row (a review's opinion items, a decision's procedures) whose model names its
    parent in ``scope_parent``: it is in scope with its parent, the parent's sides included."""


class RegistryModel(models.Model):
    """Base of every registry row: the responsible unit, who created and last changed it and when,
    and field history (django-simple-history, inherited by every subclass). A subclass that holds personal
    information declares it in ``personal`` (:class:`fazhi.core.personal.PersonalFields`)."""

    org = models.ForeignKey(Org, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords(inherit=True)

    objects = RegistryQuerySet.as_manager()

    class Meta:
        abstract = True

    #: The units other than the responsible one that are parties to a record (:class:`Side`).
    sides: tuple = ()


class DeadlineMixin:
    """Days left, overdue flag and the list text of a record's current deadline. A registry model defines
    ``current_due()`` (the date, or None) and may define ``current_due_label()``."""

    def current_due(self):
        raise NotImplementedError

    def current_due_label(self):
        return ""

    @property
    def days_left(self):
        from django.utils import timezone

        due = self.current_due()
        return (due - timezone.localdate()).days if due else None

    @property
    def is_overdue(self):
        left = self.days_left
        return left is not None and left < 0

    @property
    def deadline_text(self):
        """The next step's name and due date for lists, e.g. "<step> 11-10（逾期12天）"."""
        due = self.current_due()
        if not due:
            return ""
        left = self.days_left
        when = f"逾期{-left}天" if left < 0 else ("今日到期" if left == 0 else f"剩{left}天")
        return " ".join(x for x in (self.current_due_label(), f"{due:%m-%d}（{when}）") if x)
