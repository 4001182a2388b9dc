"""The facts of a report: each indicator's value with its definition and its year-on-year change
(:func:`evaluate_facts`), and what a paragraph composer reads them through (:class:`Facts`)."""

from dataclasses import dataclass
from decimal import Decimal

from fazhi.indicators import definitions
from fazhi.indicators.compare import year_on_year
from fazhi.indicators.engine import Engine

from .. import tokens
from ..tokens import token


def _plain(value):
    """A value as JSON can hold it: ints stay ints, Decimals become strings."""
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass
class Fact:
    """One indicator of one report: its value, how it is defined, and its year-on-year change. This is what a
    frozen report stores for every number (``as_dict``) and what every reference renders from."""

    key: str
    label: str
    kind: str
    unit: str
    value: object
    display: str
    definition: str = ""
    numerator: int | None = None
    denominator: int | None = None
    numerator_keys: tuple = ()
    denominator_keys: tuple = ()
    decimals: int | None = None
    rounding: str = ""
    previous: object = None
    previous_display: str = ""
    change: str = ""  # compare.Comparison.text(): "增长12件、7.9%" / "上升2.43个百分点" / "持平" / ""
    direction: str | None = None  # up / down / flat / None
    previous_source: str = ""  # records / baseline / ""
    baseline_source: str = ""
    records: int | None = None  # the number of records behind the value (a rate: its numerator)

    def render(self, fmt=""):
        """The text of a reference to this fact in format ``fmt`` (see tokens.py)."""
        if fmt == "yoy":
            if not self.change:
                return "（无上年可比数据）"
            return "与上年持平" if self.change == "持平" else "同比" + self.change
        if fmt == "prev":
            return self.previous_display or "（无上年数据）"
        return self.display

    def source_note(self):
        """Where last year's value comes from, in words (for tooltips and the notes of the exports)."""
        if self.previous_source == "records":
            return "上年数据来自本平台登记的记录"
        if self.previous_source == "baseline":
            return f"上年数据来自基期数据：{self.baseline_source or '已公布的报告'}"
        return "无上年可比数据"

    def as_dict(self):
        return {
            "key": self.key, "label": self.label, "kind": self.kind, "unit": self.unit, "value": _plain(self.value),
            "display": self.display, "definition": self.definition, "numerator": self.numerator, "denominator": self.denominator,
            "numerator_keys": list(self.numerator_keys), "denominator_keys": list(self.denominator_keys), "decimals": self.decimals,
            "rounding": self.rounding, "previous": _plain(self.previous), "previous_display": self.previous_display,
            "change": self.change, "direction": self.direction, "previous_source": self.previous_source,
            "baseline_source": self.baseline_source, "records": self.records,
        }

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["numerator_keys"] = tuple(data.get("numerator_keys") or ())
        data["denominator_keys"] = tuple(data.get("denominator_keys") or ())
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _previous_display(value, previous):
    if previous is None:
        return ""
    if value.kind == "count":
        return f"{int(previous)}{value.unit}"
    if value.kind == "rate":
        rate = Decimal(str(previous))
        if value.decimals is not None:
            rate = rate.quantize(Decimal(1).scaleb(-value.decimals))
        return f"{rate}%"
    return f"{previous}{value.unit}"


def evaluate_facts(scope, keys, *, with_records=False):
    """{key: Fact} for the referable ``keys`` (unknown and non-referable keys are left out): counts and rates with
    their year-on-year change (compare.year_on_year, records or baseline), other measures as they are; with
    ``with_records`` also the number of records behind each value (one COUNT per key)."""
    registered = definitions.REGISTRY
    keys = [k for k in dict.fromkeys(keys) if k in registered and registered[k].kind in tokens.REFERABLE_KINDS]
    comparable = [k for k in keys if registered[k].kind in tokens.COMPARABLE_KINDS]
    others = [k for k in keys if k not in comparable]
    comparisons = year_on_year(scope.org, scope.start, scope.end, comparable, subtree=scope.subtree) if comparable else {}
    engine = Engine(scope.engine_scope, scope.start, scope.end)
    values = engine.evaluate(others) if others else {}
    out = {}
    for key in keys:
        comparison = comparisons.get(key)
        value = comparison.current if comparison is not None else values[key]
        fact = Fact(
            key=key, label=value.label, kind=value.kind, unit=value.unit, value=value.value, display=value.display(),
            definition=value.definition, numerator=value.numerator, denominator=value.denominator,
            numerator_keys=tuple(value.numerator_keys), denominator_keys=tuple(value.denominator_keys), decimals=value.decimals,
            rounding=value.rounding,
        )
        if comparison is not None and comparison.previous is not None and comparison.change is not None:
            fact.previous = comparison.previous
            fact.previous_display = _previous_display(value, comparison.previous)
            fact.change = comparison.text()
            fact.direction = comparison.direction
            fact.previous_source = comparison.source
            fact.baseline_source = comparison.baseline_source
        if with_records:
            fact.records = engine.records(key).count()
        out[key] = fact
    return out


class Facts:
    """What a paragraph composer sees: ``tok(key)`` writes a reference, ``nz(key)`` says whether the value is
    non-zero, ``yoy(key)`` writes "，{{key|yoy}}" when there is a prior value to compare with; ``scope`` is the
    report's :class:`~.scope.ReportScope`."""

    def __init__(self, facts, scope):
        self.facts = facts
        self.scope = scope

    def has(self, key):
        return key in self.facts and self.facts[key].value is not None

    def value(self, key):
        fact = self.facts.get(key)
        return fact.value if fact is not None else None

    def nz(self, key):
        value = self.value(key)
        return value is not None and value != 0

    def label(self, key):
        return self.facts[key].label

    def tok(self, key, fmt=""):
        return token(key, fmt)

    def yoy(self, key, sep="，"):
        fact = self.facts.get(key)
        return f"{sep}{token(key, 'yoy')}" if fact is not None and fact.change else ""
