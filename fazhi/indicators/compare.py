"""Year-on-year (同比): the same indicators over the same span one year earlier, from the records where the
registry holds records for that span, else from baselines, and saying which."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import definitions
from .engine import Engine, Scope


def shift_year(day, years=-1):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Comparison:
    key: str
    current: object  # engine Value
    previous: object = None  # int / Decimal / None
    source: str = ""  # "records" / "baseline" / ""
    baseline_source: str = ""

    @property
    def change(self):
        if self.previous is None or self.current.value is None:
            return None
        return Decimal(self.current.value) - Decimal(self.previous)

    @property
    def direction(self):
        c = self.change
        return None if c is None else ("up" if c > 0 else "down" if c < 0 else "flat")

    def text(self):
        """"增长12件、8.6%" / "下降1.20个百分点" / "持平" / "" (no prior value)."""
        c = self.change
        if c is None:
            return ""
        if c == 0:
            return "持平"
        word = ("增长" if c > 0 else "下降") if self.current.kind == "count" else ("上升" if c > 0 else "下降")
        if self.current.kind == "rate":
            return f"{word}{abs(c):.2f}个百分点"
        pct = f"、{abs(c) * 100 / Decimal(self.previous):.1f}%" if self.previous else ""
        return f"{word}{abs(int(c))}{self.current.unit}{pct}"


def _models_of(key):
    """The (model, org field) pairs a value is counted over: a rate's are those of its numerator and denominator."""
    definition = definitions.get(key)
    if definition.kind == "rate":
        return {(definitions.get(k).model, definitions.get(k).org_field) for k in definition.numerator_keys + definition.denominator_keys}
    return {(definition.model, definition.org_field)}


def year_on_year(org, start, end, keys, *, user=None, presets=None, subtree=True, current=None):
    """{key: Comparison} for counts and rates. The prior span is [start, end] shifted back one year.

    ``current`` may pass the values already evaluated for [start, end] under the same scope and presets (a
    dashboard has them), so that they are not counted twice. Baselines stand in for a whole prior year
    without records, and only for the org with its subtree (a published figure covers the whole county)."""
    from .models import Baseline

    scope = Scope(org, subtree, user)
    if current is None or not set(keys) <= set(current):
        current = Engine(scope, start, end, presets).evaluate(keys)
    p_start, p_end = shift_year(start), shift_year(end)
    previous_engine = Engine(scope, p_start, p_end, presets)
    # Which registries hold records in the prior span (one EXISTS query per model), scoped the way the values
    # are counted (a lawsuit by its defendant, not by the unit that handles it).
    held = {}
    for key in keys:
        for model, org_field in _models_of(key):
            if (model, org_field) not in held:
                year_field = getattr(model, "year_field", None)
                qs = scope.filter(model.objects.all(), org_field)
                held[(model, org_field)] = bool(year_field) and qs.filter(**{f"{year_field}__gte": p_start, f"{year_field}__lte": p_end}).exists()
    from_records = [k for k in keys if definitions.get(k).kind in ("count", "rate") and all(held[m] for m in _models_of(k))]
    previous = previous_engine.evaluate(from_records) if from_records else {}
    whole_year = start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
    baselines = {}
    if whole_year and org is not None and subtree:
        baselines = {b.key: b for b in Baseline.objects.filter(org=org, year=start.year - 1, key__in=keys)}
    out = {}
    for key in keys:
        value = current[key]
        if value.kind not in ("count", "rate"):
            continue
        if key in previous:
            out[key] = Comparison(key, value, previous[key].value, "records")
        elif key in baselines:
            b = baselines[key]
            out[key] = Comparison(key, value, int(b.value) if value.kind == "count" else b.value, "baseline", b.source)
        else:
            out[key] = Comparison(key, value)
    return out
