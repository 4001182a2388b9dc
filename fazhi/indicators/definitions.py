"""Indicator definitions: counts, rates and breakdowns, declared once by each registry.

A registry's ``indicators.py`` calls :func:`register` with its definitions, each key prefixed by the
registry's app label (``<label>`` below; ``Case`` is its model)::

    register(
        Count("<label>.received", "收到申请", Case, date_field="received_on"),
        Count("<label>.upheld", "维持", Case, date_field="closed_on", filter=Q(outcome="upheld")),
        Rate("<label>.correction_rate", "直接纠错率", numerator="<label>.corrected", denominator="<label>.closed"),
        Breakdown("<label>.by_act_kind", "按行政行为类别", Case, date_field="received_on",
                  group_by="act_kind", base="<label>.received"),
    )

The engine (``engine.py``) evaluates them; presets (``presets.py``) may redefine a rate's numerator,
denominator and rounding without touching the declaration.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

REGISTRY: dict = {}


@dataclass(frozen=True)
class Count:
    """The number of records of ``model`` whose ``date_field`` falls in the period and that match ``filter``.

    ``period`` replaces the date condition for counts that are not "happened in the period" — e.g. cases
    carried over (received before the period, still open at its start): ``period(start, end) -> Q``."""

    key: str
    label: str
    model: type
    date_field: str = ""
    filter: Q = field(default_factory=Q)
    period: Callable[[date, date], Q] | None = None
    unit: str = "件"
    description: str = ""
    org_field: str = "org"

    kind = "count"

    def q(self, start, end):
        """The condition, as a Q over the model, for the period [start, end] (both inclusive)."""
        if self.period is not None:
            return self.period(start, end) & self.filter
        return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end}) & self.filter

    def definition(self):
        return self.description or self.label


@dataclass(frozen=True)
class Measure:
    """An aggregate of a numeric ``field`` over the records of ``model`` whose ``date_field`` falls in the
    period and that match ``filter`` — the base of :class:`Sum`, :class:`Average` and :class:`Max`. The engine
    evaluates measures in the same one-aggregate-per-model query as the counts; records without a value
    (NULL) are left out, as SQL's SUM/AVG/MAX leave them out. ``decimals`` rounds an average (half-up)."""

    key: str
    label: str
    model: type
    field: str
    date_field: str = ""
    filter: Q = field(default_factory=Q)
    period: Callable[[date, date], Q] | None = None
    unit: str = ""
    description: str = ""
    org_field: str = "org"
    decimals: int = 1

    kind = "measure"

    def q(self, start, end):
        if self.period is not None:
            return self.period(start, end) & self.filter
        return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end}) & self.filter

    def definition(self):
        return self.description or self.label


@dataclass(frozen=True)
class Sum(Measure):
    """The total of ``field`` (0 over no records)."""

    kind = "sum"


@dataclass(frozen=True)
class Average(Measure):
    """The mean of ``field``, rounded half-up to ``decimals`` places (None over no records)."""

    kind = "average"


@dataclass(frozen=True)
class Max(Measure):
    """The largest value of ``field`` (None over no records)."""

    kind = "max"


#: Kinds evaluated by the per-model aggregate query (counts and measures).
SCALAR_KINDS = ("count", "sum", "average", "max")


def _keys(value):
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator as a percentage; each side is a count key or a tuple of count keys (summed)."""

    key: str
    label: str
    numerator: str | tuple
    denominator: str | tuple
    unit: str = "%"
    description: str = ""

    kind = "rate"

    @property
    def numerator_keys(self):
        return _keys(self.numerator)

    @property
    def denominator_keys(self):
        return _keys(self.denominator)


@dataclass(frozen=True)
class Breakdown:
    """Counts of ``model`` in the period grouped by ``group_by`` (a field or a ``a__b`` path), each with its
    share of the count ``base`` (e.g. cases by respondent as a share of cases received)."""

    key: str
    label: str
    model: type
    date_field: str
    group_by: str
    base: str
    filter: Q = field(default_factory=Q)
    label_field: str = ""  # path of the category's display name when group_by is a foreign key id
    choices: dict = field(default_factory=dict)
    description: str = ""
    org_field: str = "org"
    period: Callable[[date, date], Q] | None = None  # replaces the date condition (e.g. documents in force at the end)

    kind = "breakdown"

    def q(self, start, end):
        """The records counted, as a Q over the model, for the period [start, end]."""
        if self.period is not None:
            return self.period(start, end) & self.filter
        return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end}) & self.filter


def register(*definitions):
    """Register definitions (called from each registry's ``indicators.py``). Re-registering a key replaces it."""
    for d in definitions:
        REGISTRY[d.key] = d
    return definitions


def get(key):
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"未定义的指标：{key}") from None


def line_of(key):
    """The business line of ``key`` in Chinese: the name of the registry app whose model the indicator counts (a
    rate: the model of its first numerator). The raw key prefix for a key no registry declares."""
    x = REGISTRY.get(key)
    seen = set()
    while x is not None and getattr(x, "model", None) is None and getattr(x, "numerator_keys", None) and x.key not in seen:
        seen.add(x.key)
        x = REGISTRY.get(x.numerator_keys[0])
    model = getattr(x, "model", None)
    return str(model._meta.app_config.verbose_name) if model is not None else key.split(".")[0]


def all_definitions(prefix=""):
    return [d for k, d in REGISTRY.items() if k.startswith(prefix)]


@dataclass(frozen=True)
class Identity:
    """A part-sum identity between counts (ORACLE.md §B): Σ left ``relation`` Σ right, where relation is
    "=" or "<=" (a subset never exceeds its set). Declaring one is one line in a registry's indicators.py."""

    key: str
    label: str
    left: str | tuple
    right: str | tuple
    relation: str = "="
    description: str = ""

    kind = "identity"

    @property
    def left_keys(self):
        return _keys(self.left)

    @property
    def right_keys(self):
        return _keys(self.right)

    def holds(self, values):
        a = sum(values[k] for k in self.left_keys)
        b = sum(values[k] for k in self.right_keys)
        return (a == b) if self.relation == "=" else (a <= b), a, b


@dataclass(frozen=True)
class RecordCheck:
    """A rule over single records: ``bad(start, end, today)`` is the Q of the records that break it (e.g. a
    case closed before it was received), among the records the model's ``year_field`` places in the period.
    Findings name each record."""

    key: str
    label: str
    model: type
    bad: Callable
    description: str = ""
    org_field: str = "org"

    kind = "record_check"


CHECKS: dict = {}


def register_checks(*checks):
    """Register identities and record checks (from a registry's indicators.py)."""
    for c in checks:
        CHECKS[c.key] = c
    return checks


def date_order_checks():
    """One record check per date order of a model (``Model.date_order``, :mod:`fazhi.core.dates`): the records
    whose later date is before the earlier one. Registered once, after the registries' own checks
    (``IndicatorsConfig.ready``); a model without a responsible unit (``org``) has none."""
    from django.apps import apps

    from fazhi.core.dates import date_orders

    out = []
    for model in apps.get_models():
        if not date_orders(model) or "org" not in {f.name for f in model._meta.get_fields()}:
            continue
        for order in date_orders(model):
            out.append(RecordCheck(order.check_key(model), order.check_label(model), model, lambda s, e, t, order=order: order.q()))
    return out
