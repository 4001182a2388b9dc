"""Base form and filter set of every registry."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import personal
from .models import Org, subtree_q
from .scope import can_view_pii, orgs_for
from .validators import NUL_MESSAGE, contains_nul, validate_date_range


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def option_tags(options, selected):
    """``<option>`` tags of (value, label) pairs, escaped, those whose value is in ``selected`` selected: one string
    join, not one template per option (a province's unit list has thousands)."""
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v in selected else ""}>{escape(label)}</option>'
        for v, label in (("" if value is None else str(getattr(value, "value", value)), label) for value, label in options)
    )


class OrgSelect(forms.Select):
    """A select of units written in Python, not through one template per option: a province's tree has thousands
    of units, and Django's option templates cost about 0.2 ms each (a province user's list page spent a second in
    its unit filter; docs/performance.md). The same HTML as ``forms.Select``."""

    def options(self):
        """(value, label) of every option. Units chosen by a model field are read as (id, name) pairs rather than as
        thousands of model instances (what ``Org.__str__`` and the default ``label_from_instance`` give)."""
        choices = self.choices
        field = getattr(choices, "field", None)
        if (isinstance(choices, forms.models.ModelChoiceIterator) and choices.queryset.model is Org
                and type(field).label_from_instance is forms.ModelChoiceField.label_from_instance
                and getattr(field, "null_label", None) is None):
            if field.empty_label is not None:
                yield "", field.empty_label
            yield from choices.queryset.values_list("pk", "name")
            return
        yield from choices

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = set(self.format_value(value))
        return mark_safe(f"<select{flatatt(final)}>{option_tags(self.options(), selected)}</select>")  # noqa: S308 — escaped


def style_fields(fields):
    """Bootstrap classes and a date picker for every field of a form."""
    for f in fields.values():
        if isinstance(f, forms.DateField):
            f.widget = DateInput(attrs=f.widget.attrs)
        if isinstance(f.widget, forms.CheckboxInput):
            f.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(f.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        elif isinstance(f.widget, forms.Select):
            if type(f.widget) is forms.Select and isinstance(f, forms.ModelChoiceField) and f.queryset.model is Org:
                widget = OrgSelect(attrs=f.widget.attrs)
                widget.choices, widget.is_required = f.widget.choices, f.widget.is_required
                f.widget = widget
            f.widget.attrs.setdefault("class", "form-select")
        else:
            f.widget.attrs.setdefault("class", "form-control")
        if isinstance(f.widget, forms.Textarea) and str(f.widget.attrs.get("rows", "10")) == "10":
            f.widget.attrs["rows"] = 3  # Django's Textarea defaults to rows=10


def bound_dates(fields):
    """Give every date field of a form the platform's date range (1990-01-01 … 2100-12-31); idempotent."""
    for f in fields.values():
        if isinstance(f, forms.DateField) and validate_date_range not in f.validators:
            f.validators.append(validate_date_range)


class BoundedForm:
    """Mixin of every core form: before any field is cleaned, a submitted value holding a NUL character is
    refused with a Chinese message (PostgreSQL cannot store it, and a field's ``to_python`` may query the
    database with it before Django's own NUL validator runs), and every date field — also those a form adds
    after ``__init__`` — keeps to the platform's date range (:mod:`fazhi.core.validators`)."""

    def _clean_fields(self):
        bound_dates(self.fields)
        nul = [name for name, bf in self._bound_items() if not bf.field.disabled and contains_nul(bf.data)]
        if not nul:
            return super()._clean_fields()
        fields = self.fields
        self.fields = {name: f for name, f in fields.items() if name not in nul}
        try:
            super()._clean_fields()
        finally:
            self.fields = fields
        for name in nul:
            self.add_error(name, ValidationError(NUL_MESSAGE, code="null_characters_not_allowed"))


class RowForm(BoundedForm, forms.ModelForm):
    """Base of the model forms of a record's related rows (inline formsets: parties, figures, attachments …)."""


class TransitionForm(BoundedForm, forms.Form):
    """Base of the forms of workflow transitions: ``record`` is the record being acted on, ``user`` the user
    acting (a select of other records must offer only those the user may see: ``visible_to(user)``)."""

    on = forms.DateField(label="日期")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea)

    def __init__(self, *args, record=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.user = user
        from django.utils import timezone

        self.fields["on"].initial = timezone.localdate()
        style_fields(self.fields)


class RegistryForm(BoundedForm, forms.ModelForm):
    """A registry's model form. ``user`` limits the responsible unit to the orgs the user may file under
    (an org outside the scope is refused with a Chinese message), date fields get a date picker, the
    platform's bounds hold (:class:`BoundedForm`), and so do the model's date orders between two dates the
    form holds (``Model.date_order``, :mod:`fazhi.core.dates`): checked on the dates as entered, after the
    form's own ``clean()``."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "org" in self.fields and user is not None:
            action = "change" if self.instance.pk else "add"
            self.fields["org"].queryset = orgs_for(user, self._meta.model, action).order_by("path")
            self.fields["org"].error_messages["invalid_choice"] = "所选单位不存在，或不在您可以录入的范围内。"
            if not self.instance.pk and user.active_org and not self.is_bound:
                self.fields["org"].initial = user.active_org.pk
        style_fields(self.fields)
        self._mask_pii()

    def _mask_pii(self):
        """Users whose role may not see personal information see it masked in the edit form too, as the model
        declares it (:mod:`fazhi.core.personal`); a masked value submitted unchanged keeps the stored value."""
        from . import personal
        from .scope import can_view_pii

        self._pii_originals = {}
        if self.user is None or not self.instance.pk or can_view_pii(self.user):
            return
        for name in personal.declaration(self._meta.model).own():
            if name in self.fields and personal.applies(self.instance, name):
                original = getattr(self.instance, name) or ""
                masked = personal.shown(self.instance, name) or ""
                self._pii_originals[name] = (original, masked)
                self.initial[name] = masked

    def _clean_form(self):
        self._entered_dates = {name: self.cleaned_data[name] for name in self._ordered_dates() if name in self.cleaned_data}
        super()._clean_form()

    def _post_clean(self):
        """A unique value (a court's case number …) another record holds that the user may not see is refused
        with the neutral :data:`~fazhi.core.scope.HIDDEN_DUPLICATE`, not the model's "already registered"
        message, which would confirm another unit's record; the field's error then keeps Django's own
        uniqueness check (which would say it) from running. A record the user may see keeps the model's message.
        The model's date orders are kept here too (:meth:`_refuse_date_disorder`)."""
        self._refuse_hidden_duplicates()
        self._refuse_date_disorder()
        super()._post_clean()

    def _ordered_dates(self):
        from .dates import date_orders

        return {name for order in date_orders(self._meta.model) for name in (order.later, order.earlier) if name in self.fields}

    def _refuse_date_disorder(self):
        """The model's date orders over the dates as entered (before the form's ``clean()``) and, for a date the
        form does not hold, the record's stored one; a date that failed its own validation is not compared. The
        message goes to the later date, or to the earlier one when the form does not hold the later. Checked before
        the model's own validation and with the refused date kept for it, as an error of the model's ``clean()``
        would be: its other rules see the date as entered, and its constraints skip it."""
        from .dates import date_orders

        model = self._meta.model
        entered = getattr(self, "_entered_dates", {})
        refused = set()
        for order in date_orders(model):
            values = {}
            for name in (order.later, order.earlier):
                if name in self.fields:
                    if name in entered:
                        values[name] = entered[name]
                else:
                    values[name] = getattr(self.instance, name, None)
            if len(values) < 2 or not (order.later in self.fields or order.earlier in self.fields):
                continue
            target = order.later if order.later in self.fields else order.earlier
            if target not in refused and order.broken(values[order.later], values[order.earlier]):
                refused.add(target)
                kept = self.cleaned_data.get(target)
                self.add_error(target, order.refusal(model))
                if kept is not None:
                    self.cleaned_data[target] = kept

    def _refuse_hidden_duplicates(self):
        from .scope import HIDDEN_DUPLICATE, duplicate_of, unique_groups

        if self.user is None:
            return
        data = self.cleaned_data
        for group in unique_groups(self._meta.model):
            if any(name not in self.fields or name in self._errors or data.get(name) in (None, "") for name in group):
                continue
            lookup = {name: data[name] for name in group}
            if duplicate_of(self._meta.model, self.user, lookup, exclude_pk=self.instance.pk) == "hidden":
                what = "和".join(str(self.fields[name].label) for name in group)
                self.add_error(group[-1], HIDDEN_DUPLICATE.format(what=what))

    def _clean_fields(self):
        super()._clean_fields()
        for name, (original, masked) in getattr(self, "_pii_originals", {}).items():
            if name in self.errors and self.data.get(self.add_prefix(name)) == masked:
                del self.errors[name]
                self.cleaned_data[name] = original
            elif self.cleaned_data.get(name) == masked:
                self.cleaned_data[name] = original


class RegistryFilterSet(django_filters.FilterSet):
    """Base filter set: a keyword search over ``search_fields`` and the responsible unit (and below), the
    unit list limited to what the user can see. ``index_search_fields`` name blind indexes
    (:class:`~fazhi.core.fields.BlindIndexField`, e.g. ``"parties__id_number_index"``): a keyword equal to an
    encrypted value (a whole ID number) finds its records without decrypting any."""

    search_fields: tuple = ()
    index_search_fields: tuple = ()

    q = django_filters.CharFilter(label="关键词", method="search")
    org = django_filters.ModelChoiceFilter(label="单位（含下级）", queryset=Org.objects.none(), method="in_org", empty_label="全部单位", widget=OrgSelect)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for flt in self.filters.values():
            # A year is one the calendar holds (?year=0 is a Chinese error, not a database's "year 0 is out of range").
            if isinstance(flt, django_filters.NumberFilter) and (flt.lookup_expr == "year" or flt.field_name == "year"):
                flt.extra.setdefault("min_value", 1900)
                flt.extra.setdefault("max_value", 2100)
        if request is not None:
            visible = orgs_for(request.user, self._meta.model, "view")
            self.filters["org"].queryset = visible.order_by("path")
            self.form.fields["org"].queryset = visible.order_by("path")
        for f in self.form.fields.values():
            cls = "form-select form-select-sm" if isinstance(f.widget, forms.Select) else "form-control form-control-sm"
            f.widget.attrs.setdefault("class", cls)
            if isinstance(f, forms.DateField):
                f.widget.input_type = "date"

    def search(self, queryset, name, value):
        """The keyword over every search field; for a user who sees personal information masked, not over the
        personal fields (``personal.search_q``), nor the blind indexes of encrypted ones."""
        value = value.strip()
        unmasked = self.request is None or can_view_pii(self.request.user)
        q = Q(pk__in=[])
        for field in self.search_fields:
            condition = personal.search_q(self._meta.model, field, value, unmasked)
            if condition is not None:
                q |= condition
        if self.index_search_fields and unmasked:
            from .crypto import blind_indexes

            digests = blind_indexes(value)
            for field in self.index_search_fields:
                q |= Q(**{f"{field}__in": digests})
        return queryset.filter(q)

    def in_org(self, queryset, name, value):
        return queryset.filter(subtree_q("org", value))
