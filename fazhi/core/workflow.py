"""Explicit state machines for registries (DESIGN.md §4.4).

A registry declares its transitions in ``services.py``::

    WORKFLOW = Workflow(ReconsiderationCase, [
        Transition("accept", "受理", sources={"received"}, target="accepted", form=AcceptForm,
                   guard=check_accept, apply=do_accept),
        …
    ])

``Workflow.run(record, name, data, user, request)`` checks the state and the guard (which returns a
Chinese message when the transition is not allowed), applies the effect in one transaction, logs a
:class:`TransitionLog` and an audit event, and refreshes the record's deadlines. Terminal states can be left
only by a transition that declares them as sources (a named correction)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from .audit import record as audit
from .choices import AuditAction
from .models.workflow import TransitionLog


class TransitionRefused(ValidationError):
    """A transition that is not allowed now; its message is shown to the user as is."""


@dataclass
class Transition:
    name: str
    label: str
    sources: set
    target: str | None = None  # None: the state does not change (e.g. record a reply)
    form: type | None = None  # a django Form; its cleaned_data goes to guard and apply
    guard: object = None  # guard(record, data) -> str | None (a Chinese reason to refuse)
    apply: object = None  # apply(record, data, user) -> None; may set fields and create rows
    perm: str = "change"  # the function permission needed (on the record's model)
    date_field: str = "on"  # the form field that dates the transition
    style: str = "primary"
    help: str = ""
    applies: object = None  # applies(record) -> bool: offer the transition only when it can apply (e.g. not twice)
    holder: bool = True  # False: only a side of the record runs it (the respondent's own reply, ``Model.sides``)


@dataclass
class Workflow:
    model: type
    transitions: list
    state_field: str = "state"
    terminal: set = field(default_factory=set)

    def __post_init__(self):
        self.by_name = {t.name: t for t in self.transitions}

    def state(self, obj):
        return getattr(obj, self.state_field)

    def available(self, obj):
        """Transitions whose source state matches (guards are checked on submit, with their message)."""
        return [t for t in self.transitions if self.state(obj) in t.sources and (t.applies is None or t.applies(obj))]

    def get(self, name):
        if name not in self.by_name:
            raise KeyError(name)
        return self.by_name[name]

    def run(self, obj, name, data, user=None, request=None, note="", labels=None):
        """Apply transition ``name`` to ``obj``; raise :class:`TransitionRefused` with a Chinese message.
        ``labels`` are the display texts of coded values (e.g. the outcome's Chinese name) for the log."""
        from django.utils import timezone

        t = self.get(name)
        on = (data or {}).get(t.date_field)
        if on is not None and on > timezone.localdate():
            raise TransitionRefused(f"日期（{on:%Y-%m-%d}）不能晚于今天：请在事情发生后登记。")
        with transaction.atomic():
            obj = type(obj).objects.select_for_update().get(pk=obj.pk)
            state = self.state(obj)
            if state not in t.sources:
                label = dict(self.model._meta.get_field(self.state_field).flatchoices).get(state, state)
                raise TransitionRefused(f"当前状态为“{label}”，不能执行“{t.label}”。")
            if t.guard is not None:
                reason = t.guard(obj, data)
                if reason:
                    raise TransitionRefused(reason)
            if t.apply is not None:
                t.apply(obj, data, user)
            if t.target:
                setattr(obj, self.state_field, t.target)
            if hasattr(obj, "refresh_deadlines"):
                obj.refresh_deadlines()
            obj.updated_by = user
            obj._history_user = user
            obj.save()
            log = TransitionLog.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                transition=t.name,
                label=t.label,
                on=on or timezone.localdate(),
                by=user,
                from_state=state,
                to_state=self.state(obj),
                note=note or (data.get("note", "") if data else ""),
                data={**{k: _jsonable(v) for k, v in (data or {}).items() if k != "note"}, **({"labels": labels} if labels else {})},
            )
            audit(request, AuditAction.TRANSITION, obj=obj, user=user, message=f"{t.label}：{obj}", detail={"transition": t.name, "from": state, "to": self.state(obj)})
        return obj, log

    def log(self, obj):
        return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).select_related("by")


def _jsonable(value):
    from datetime import date
    from decimal import Decimal

    from django.db import models

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") and not isinstance(value, (str, dict)):
        return [_jsonable(v) for v in value]
    return value
