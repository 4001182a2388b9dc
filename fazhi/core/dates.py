"""Date orders: a date of a record that may not precede another of its dates (受理 not before 收到申请, 审结 not
before 受理), stated once on the model and kept wherever the record's dates are entered or checked.

A model declares its orders, later date first::

    date_order = (
        DateOrder("accepted_on", "received_on"),
        DateOrder("closed_on", "accepted_on"),
        DateOrder("closed_on", "received_on"),
        DateOrder("served_on", "closed_on"),
    )

and the rule is then kept by

* the transition guards: ``not_before(record, on, sets="closed_on")`` refuses a step dated before an earlier date
  the record holds, “日期不能早于受理日期（2024-03-01）。” (:func:`fazhi.core.workflow.not_before`);
* every registry form that holds one of the dates (:class:`fazhi.core.forms.RegistryForm`), an Excel ledger
  row included, against the other as entered or, when the form does not hold it, as stored: the error is the
  order's ``message``, by default “审结日期不能早于受理日期。” (the fields' names), on the later date (on the
  earlier when the form lacks the later); a date gets the message of the first order it breaks;
* the consistency check (``fazhi consistency``, :mod:`fazhi.indicators.checks`): one record check per order
  of a registry model, key ``<prefix><later>_before_<earlier>`` (the field names without ``_on``; the prefix is
  the model's ``indicator_prefix``, by default ``<app label>.``), label “审结日期早于受理日期”; ``key`` and
  ``label`` may say otherwise.

The system check fazhi.E010 says when an order names a field that is not a date field of its model."""

from dataclasses import dataclass

from django.db.models import DateField, F, Q


@dataclass(frozen=True)
class DateOrder:
    """``later`` (a date field) may not precede ``earlier`` (another date field of the same model)."""

    later: str
    earlier: str
    message: str = ""  # the refusal of a form or an import row; default “<later>不能早于<earlier>。”
    key: str = ""  # the consistency check's key after the prefix; default “<later>_before_<earlier>”
    label: str = ""  # the consistency check's label; default “<later>早于<earlier>”

    def broken(self, later, earlier):
        """True when both dates are given and ``later`` is before ``earlier``."""
        return bool(later and earlier and later < earlier)

    def refusal(self, model):
        return self.message or f"{field_label(model, self.later)}不能早于{field_label(model, self.earlier)}。"

    def check_key(self, model):
        prefix = getattr(model, "indicator_prefix", f"{model._meta.app_label}.")
        return prefix + (self.key or f"{_stem(self.later)}_before_{_stem(self.earlier)}")

    def check_label(self, model):
        return self.label or f"{field_label(model, self.later)}早于{field_label(model, self.earlier)}"

    def q(self):
        """The records that break the order."""
        return Q(**{f"{self.later}__lt": F(self.earlier)})


def date_orders(model):
    """The orders ``model`` declares (``Model.date_order``), in declaration order."""
    return tuple(getattr(model, "date_order", ()))


def field_label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def problems(model):
    """Chinese descriptions of the orders of ``model`` that are not :class:`DateOrder` or name a field that is
    not a date field of it (fazhi.E010)."""
    from django.core.exceptions import FieldDoesNotExist

    out = []
    for order in date_orders(model):
        if not isinstance(order, DateOrder):
            out.append(f"{model._meta.label} 的 date_order 中的 {order!r} 不是 DateOrder。")
            continue
        for name in (order.later, order.earlier):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if not isinstance(field, DateField) or field.get_internal_type() != "DateField":
                out.append(f"{model._meta.label} 的日期顺序（{order.later} 不早于 {order.earlier}）中的 {name} 不是该模型的日期字段。")
        if order.later == order.earlier:
            out.append(f"{model._meta.label} 的日期顺序（{order.later} 不早于 {order.earlier}）比较的是同一字段。")
    return out


def _stem(name):
    return name[:-3] if name.endswith("_on") else name
