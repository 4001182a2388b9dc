"""Explicit state machines for registries (DESIGN.md §4.4).

A registry declares its transitions in ``services.py``, with named arguments::

    WORKFLOW = Workflow(Record, [
        Transition(name="accept", label="受理", sources={"received"}, target="accepted", form=AcceptForm,
                   guard=check_accept, apply=do_accept),
        …
        Correction(model=Record, fields=CORRECTABLE, value_help="…", clearable=False),
    ])

``Workflow.run(record, name, data, user, request)`` checks the state and the guard (which returns a
Chinese message when the transition is not allowed), applies the effect in one transaction, logs a
:class:`TransitionLog` and an audit event, and refreshes the record's deadlines. Terminal states can be left
only by a transition that declares them as sources (a named correction).

The pieces every registry's workflow shares are stated here once: :func:`not_before`, the guard of a date
that may not precede an earlier one of the record (the orders the model declares, :mod:`fazhi.core.dates`); :class:`Correction`, the named correction of
one wrong entry. The clock stops (补正, 中止) are rows of models built on :class:`fazhi.core.models.AbstractClockStop`."""

from dataclasses import dataclass, field

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from .audit import record as audit
from .choices import AuditAction
from .excel import CellError, parse_bool
from .forms import TransitionForm
from .models.workflow import TransitionLog


class TransitionRefused(ValidationError):
    """A transition that is not allowed now; its message is shown to the user as is."""


@dataclass(kw_only=True)
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


def not_before(record, on, field=None, label=None, *, sets=None):
    """The Chinese refusal when the date ``on`` is before an earlier date of the record, or None — the guard of
    a step that cannot come before an earlier one (受理 before 收到申请).

    ``sets`` names the date field the step fills in: ``on`` is then held to every order of the record's model
    whose later date it is (``Model.date_order``, :mod:`fazhi.core.dates`), in their order. Otherwise ``field``
    is the earlier date itself (a step that dates no field of the record, such as a clock stop). The message
    calls the earlier date ``label``, by default the field's name."""
    from .dates import date_orders

    model = type(record)
    earlier_fields = [o.earlier for o in date_orders(model) if o.later == sets] if sets else [field]
    if sets and not earlier_fields:
        raise LookupError(f"{model._meta.label} declares no date order whose later date is {sets}.")
    for name in earlier_fields:
        earlier = getattr(record, name)
        if earlier and on and on < earlier:
            shown = label or model._meta.get_field(name).verbose_name
            return f"日期不能早于{shown}（{earlier:%Y-%m-%d}）。"
    return None


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


CORRECTION_HELP = "更正登记错误，原值保留在修改记录和办理记录中。须写明理由。"


@dataclass(kw_only=True)
class Correction(Transition):
    """The named correction of one wrong entry (更正): the user picks one of ``fields`` ([(name, label)]) and types
    the right value — a coded field by its Chinese name, a yes/no field as 是/否, a date as 2024-03-01 — with a
    reason; the old value stays in the field history and in the log (``data["old"]``). Offered in every state of
    the model, terminal ones included.

    What differs between registries is a parameter: ``value_help`` (the value's help text), ``clearable``
    (whether an empty value clears the entry), ``format_message`` (the refusal of an unparsable value),
    ``reason_label`` (the reason's label, default the log's “说明”), ``check(record, field, value)`` (a Chinese
    refusal of a value the record's state does not allow) and ``then(record, field, value)`` (what follows
    from the corrected value, e.g. a completeness recomputed as of a corrected decision date)."""

    model: type
    fields: list
    value_help: str
    clearable: bool = True
    format_message: str = "格式不正确，日期写作 2024-03-01。"
    reason_label: str = ""
    check: object = None
    then: object = None
    name: str = "correct"
    label: str = "更正"
    sources: set = None
    style: str = "outline-danger"
    help: str = CORRECTION_HELP

    def __post_init__(self):
        if self.sources is None:
            self.sources = {code for code, _ in self.model._meta.get_field("state").flatchoices}
        self.form = self.form or correction_form(self)
        self.apply = self.apply or self.correct

    def correct(self, record, data, user):
        data["old"] = str(getattr(record, data["field"]) or "")
        setattr(record, data["field"], data["value"])
        if self.then is not None:
            self.then(record, data["field"], data["value"])

    def value(self, record, name, text):
        """The value ``text`` stands for in field ``name``; raises :class:`ValidationError` with the Chinese reason."""
        model_field = self.model._meta.get_field(name)
        if model_field.choices:
            by_label = {str(label): code for code, label in model_field.flatchoices}
            if text in by_label:
                text = by_label[text]
            elif text not in {code for code, _ in model_field.flatchoices}:
                raise ValidationError(f"可选：{'、'.join(by_label)}")
            problem = self.check(record, name, text) if self.check is not None and record is not None else None
            if problem:
                raise ValidationError(problem)
            return text
        if isinstance(model_field, models.BooleanField):
            try:
                return parse_bool(text)
            except CellError as e:
                raise ValidationError(str(e)) from None
        if not text:
            return None if model_field.null else ""
        try:
            return model_field.to_python(text)
        except ValidationError:
            raise ValidationError(self.format_message) from None


def correction_form(correction):
    """The form of a :class:`Correction`: the entry, its right value and the reason (required)."""

    class CorrectionForm(TransitionForm):
        field = forms.ChoiceField(label="更正项目", choices=correction.fields)
        value = forms.CharField(label="正确内容", max_length=200, required=not correction.clearable, help_text=correction.value_help)

        def __init__(self, *args, record=None, **kwargs):
            super().__init__(*args, record=record, **kwargs)
            if correction.reason_label:
                self.fields["note"].label = correction.reason_label

        def clean(self):
            data = super().clean()
            name = data.get("field")
            if not name:
                return data
            try:
                data["value"] = correction.value(self.record, name, (data.get("value") or "").strip())
            except ValidationError as e:
                self.add_error("value", e)
                return data
            if not data.get("note"):
                self.add_error("note", "请写明更正理由。")
            return data

    return CorrectionForm


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
