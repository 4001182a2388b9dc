"""The abstract registry model every business registry inherits (DESIGN.md §4.1–4.2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .orgs import Org


def scope_q_for(user, model, action="view", org_field="org", prefix=""):
    """The Q of the rows of ``model`` that ``user`` may ``action`` (view/add/change/delete).

    It is the union, over the roles the user holds in the active org that grant ``app.action_model``,
    of each role's data scope. No such role: nothing. ``prefix`` ("review__") builds the Q for rows that hang
    from a ``model`` row (a review's opinion items): a join, not an ``IN (subquery)``, which PostgreSQL plans badly."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    codename = f"{action}_{model._meta.model_name}"
    app_label = model._meta.app_label
    q = None
    for role in user.active_roles():
        if any(p.codename == codename and p.content_type.app_label == app_label for p in role.permissions.all()):
            rq = role.scope_q(user, org_field, prefix)
            q = rq if q is None else (q | rq)
    return q if q is not None else Q(pk__in=[])


class RegistryQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):
        """Every query a user causes goes through here: list, detail, export, count, chart, report."""
        return self.filter(scope_q_for(user, self.model, action))


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
        """"作出复议决定 11-10（逾期12天）" for lists."""
        due = self.current_due()
        if not due:
            return ""
        left = self.days_left
        when = f"逾期{-left}天" if left < 0 else ("今日到期" if left == 0 else f"剩{left}天")
        return " ".join(x for x in (self.current_due_label(), f"{due:%m-%d}（{when}）") if x)
