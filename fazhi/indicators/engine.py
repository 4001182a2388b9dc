"""Evaluate indicators for an org, a period and a scope.

All counts over one model are computed in ONE query: ``Model.objects.filter(<org scope>).aggregate(
k1=Count("pk", filter=Q1), k2=Count("pk", filter=Q2), …)``; measures (sums, averages, maxima of a stored
number, e.g. a review's working days) over the same model join that query as ``Sum/Avg/Max(field, filter=Q)``. Rates are computed from those counts under
the presets in force; breakdowns are one GROUP BY query each. ``records()`` gives the rows behind any value.

Compiling those queries (about 150 filtered aggregates) costs the ORM several times what the database spends
running them, so the per-model aggregates and the breakdowns go through :mod:`fazhi.indicators.plans`: their SQL
compiled once per *shape* and re-run with each period's dates and each org's path as parameters (an ORM
workaround, with the plain ORM as its fallback: :mod:`fazhi.core.fastpath`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import Avg, Q
from django.db.models import Count as CountAgg
from django.db.models import Max as MaxAgg
from django.db.models import Sum as SumAgg
from django.utils.hashable import make_hashable

from . import definitions, plans
from .presets import HALF_UP, resolve


@dataclass
class Value:
    """One evaluated indicator: its value and everything needed to trace and explain it."""

    key: str
    label: str
    unit: str
    kind: str
    value: object  # int for counts and sums, Decimal (percent) or None for rates, Decimal or None for averages, int or None for maxima
    numerator: int | None = None
    denominator: int | None = None
    numerator_keys: tuple = ()
    denominator_keys: tuple = ()
    decimals: int | None = None
    rounding: str = ""
    definition: str = ""
    items: list = field(default_factory=list)  # breakdown rows: {"key", "label", "count", "share"}

    def display(self):
        if self.kind == "rate":
            return "—" if self.value is None else f"{self.value}%"
        if self.kind == "count":
            return f"{self.value}{self.unit}"
        if self.kind in ("sum", "average", "max"):
            return "—" if self.value is None else f"{self.value}{self.unit}"
        return "、".join(f"{i['label']}{i['count']}件" for i in self.items)

    def as_dict(self):
        out = {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "kind": self.kind,
            "value": str(self.value) if isinstance(self.value, Decimal) else self.value,
            "definition": self.definition,
        }
        if self.kind == "rate":
            out.update(
                numerator=self.numerator,
                denominator=self.denominator,
                numerator_keys=list(self.numerator_keys),
                denominator_keys=list(self.denominator_keys),
                decimals=self.decimals,
                rounding=self.rounding,
            )
        if self.kind == "average":
            out.update(decimals=self.decimals)
        if self.kind == "breakdown":
            # The base of the shares (收到 or 受理 …) is part of what a share means (ORACLE.md F13).
            out.update(denominator=self.denominator, denominator_keys=list(self.denominator_keys), decimals=self.decimals, rounding=self.rounding)
            out["items"] = [{**i, "share": str(i["share"]) if i["share"] is not None else None} for i in self.items]
        return out


@dataclass
class Scope:
    """Where to count: an org, with or without its subtree, optionally through a user's data scope."""

    org: object
    subtree: bool = True
    user: object = None

    def filter(self, qs, org_field="org"):
        if self.user is not None:
            qs = qs.visible_to(self.user)
        if self.org is not None:
            if self.subtree:
                # ``org_id IN (SELECT id FROM core_org WHERE path LIKE '…%')``, not a join on the path (subtree_q)
                from fazhi.core.models import subtree_q

                qs = qs.filter(subtree_q(org_field, self.org))
            else:
                qs = qs.filter(**{f"{org_field}_id": self.org.pk})
        return qs


def year_period(year):
    return date(year, 1, 1), date(year, 12, 31)


def round_percent(numerator, denominator, decimals=2, rounding=HALF_UP):
    """numerator ÷ denominator × 100, rounded half-up or truncated to ``decimals`` places; None when ÷0."""
    if not denominator:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    q = Decimal(1).scaleb(-decimals)
    return exact.quantize(q, rounding=ROUND_HALF_UP if rounding == HALF_UP else ROUND_DOWN)


class Engine:
    """Evaluate definitions for one scope and period under a list of presets."""

    def __init__(self, scope, start, end, presets=None):
        self.scope = scope
        self.start = start
        self.end = end
        if presets is None:
            from fazhi.core.rules import get_rule

            presets = get_rule(scope.org, "indicator_preset") if scope.org is not None else "default"
        self.presets = resolve(presets)
        self.queries = 0

    # -- counts ---------------------------------------------------------------------------------------
    def counts(self, keys):
        """{key: int} for count definitions, one aggregate query per model."""
        for key in keys:
            if definitions.get(key).kind != "count":
                raise ValueError(f"{key} 不是计数指标")
        return self.scalars(keys)

    def scalars(self, keys):
        """{key: value} for counts and measures (sum, average, max), one aggregate query per model: a
        measure over a model shares the query of that model's counts."""
        defs = []
        for key in keys:
            definition = definitions.get(key)
            if definition.kind not in definitions.SCALAR_KINDS:
                raise ValueError(f"{key} 不是计数或汇总指标")
            defs.append(definition)
        return self._scalars(defs)

    def _scalars(self, scalar_definitions):
        by_model = defaultdict(list)
        for definition in scalar_definitions:
            by_model[(definition.model, definition.org_field)].append(definition)
        out = {}
        for (model, org_field), defs in by_model.items():
            shared = _shared(defs)  # definitions with the same aggregate (a folded breakdown's parts …) share it
            unique = [x for x in defs if shared[x.key] == x.key]

            def queryset(scope, start, end, model=model, org_field=org_field, defs=defs):
                return scope.filter(model.objects.all(), org_field).filter(_any(defs, start, end))

            def aggregates(start, end, unique=unique):
                return {self._alias(x.key): self._aggregate(x, start, end) for x in unique}

            row = plans.aggregate(("scalars", model, org_field, *defs), model, queryset, aggregates, self.scope, self.start, self.end)
            self.queries += 1
            for x in defs:
                out[x.key] = self._finish(x, row[self._alias(shared[x.key])])
        return out

    @staticmethod
    def _aggregate(x, start, end):
        q = x.q(start, end)
        if x.kind == "count":
            return CountAgg("pk", filter=q)
        return {"sum": SumAgg, "average": Avg, "max": MaxAgg}[x.kind](x.field, filter=q)

    @staticmethod
    def _finish(x, raw):
        if x.kind == "count":
            return raw or 0
        if x.kind == "sum":
            return raw or 0
        if raw is None:
            return None
        if x.kind == "average":
            return Decimal(str(raw)).quantize(Decimal(1).scaleb(-x.decimals), rounding=ROUND_HALF_UP)
        return raw

    @staticmethod
    def _alias(key):
        return "c_" + key.replace(".", "__")

    # -- rates ----------------------------------------------------------------------------------------
    def rate_rule(self, rate):
        numerator, denominator = rate.numerator_keys, rate.denominator_keys
        decimals, rounding, label = 2, HALF_UP, rate.label
        for p in self.presets:
            if p.decimals is not None:
                decimals = p.decimals
            if p.rounding is not None:
                rounding = p.rounding
            rule = p.rates.get(rate.key)
            if rule is not None:
                if rule.numerator is not None:
                    numerator = definitions._keys(rule.numerator)
                if rule.denominator is not None:
                    denominator = definitions._keys(rule.denominator)
                if rule.decimals is not None:
                    decimals = rule.decimals
                if rule.rounding is not None:
                    rounding = rule.rounding
                if rule.label:
                    label = rule.label
        return numerator, denominator, decimals, rounding, label

    def describe_rate(self, numerator, denominator, decimals, rounding):
        def side(keys):
            return " + ".join(definitions.get(k).label for k in keys)

        way = "四舍五入" if rounding == HALF_UP else "截断"
        return f"（{side(numerator)}）÷（{side(denominator)}）× 100%，{way}保留{decimals}位小数"

    # -- everything -----------------------------------------------------------------------------------
    def evaluate(self, keys=None):
        """{key: Value} for the given keys (default: every registered definition), rates' counts included."""
        wanted = list(keys) if keys is not None else list(definitions.REGISTRY)
        rates = [definitions.get(k) for k in wanted if definitions.get(k).kind == "rate"]
        breakdowns = [definitions.get(k) for k in wanted if definitions.get(k).kind == "breakdown"]
        rules = {r.key: self.rate_rule(r) for r in rates}
        count_keys = {k for k in wanted if definitions.get(k).kind in definitions.SCALAR_KINDS}
        for numerator, denominator, *_ in rules.values():
            count_keys.update(numerator)
            count_keys.update(denominator)
        count_keys.update(b.base for b in breakdowns)
        # breakdowns over a choice field of their model are counted in that model's one aggregate query
        folds = [f for f in map(_folded, breakdowns) if f is not None]
        counts = self._scalars([definitions.get(k) for k in sorted(count_keys)] + [x for _, parts, other in folds for x in (*parts, other)])
        out = {}
        for key in wanted:
            definition = definitions.get(key)
            if definition.kind == "count":
                out[key] = Value(key, definition.label, definition.unit, "count", counts[key], definition=definition.definition())
            elif definition.kind in definitions.SCALAR_KINDS:
                out[key] = Value(key, definition.label, definition.unit, definition.kind, counts[key],
                                 decimals=definition.decimals if definition.kind == "average" else None, definition=definition.definition())
            elif definition.kind == "rate":
                out[key] = self.rate_value(definition, counts, rules[key])
            else:
                out[key] = self.breakdown(definition, counts[definition.base], counts)
        return out

    def rate_value(self, rate, counts, rule=None):
        """The Value of ``rate`` computed from ``counts`` ({count key: int}, e.g. one group of
        :meth:`grouped_counts` or one period of :meth:`counts_over`) under the presets in force."""
        numerator, denominator, decimals, rounding, label = rule or self.rate_rule(rate)
        n = sum(counts[k] for k in numerator)
        m = sum(counts[k] for k in denominator)
        return Value(
            rate.key, label, "%", "rate", round_percent(n, m, decimals, rounding), numerator=n, denominator=m,
            numerator_keys=numerator, denominator_keys=denominator, decimals=decimals, rounding=rounding,
            definition=rate.description or self.describe_rate(numerator, denominator, decimals, rounding),
        )

    def count_keys_of(self, keys):
        """The count keys behind ``keys`` (counts themselves, and the numerator and denominator of rates under
        the presets in force), in a stable order."""
        out = {}
        for key in keys:
            definition = definitions.get(key)
            if definition.kind == "count":
                out[key] = None
            elif definition.kind == "rate":
                numerator, denominator, *_ = self.rate_rule(definition)
                out.update(dict.fromkeys(numerator + denominator))
            else:
                raise ValueError(f"{key} 不是计数或比率指标")
        return list(out)

    # -- series and groups (dashboards) ---------------------------------------------------------------
    def _by_model(self, keys):
        groups = defaultdict(list)
        for key in keys:
            definition = definitions.get(key)
            if definition.kind != "count":
                raise ValueError(f"{key} 不是计数指标")
            groups[(definition.model, definition.org_field)].append(definition)
        return groups

    def counts_over(self, keys, periods):
        """The counts ``keys`` over several periods ``[(start, end), …]`` (e.g. the same span in each of the last
        years), still ONE aggregate query per model. Returns ``(values, held)``: ``values[i]`` is {key: int} for
        period i; ``held[i]`` is {model: bool}, whether the scope holds any record of the model that its
        ``year_field`` places in period i (a year without records may fall back on a baseline)."""
        values = [{} for _ in periods]
        held = [{} for _ in periods]
        for (model, org_field), defs in self._by_model(keys).items():
            qs = self.scope.filter(model.objects.all(), org_field)
            year_field = getattr(model, "year_field", None)
            aggregates = {}
            for i, (start, end) in enumerate(periods):
                for x in defs:
                    aggregates[f"p{i}_{self._alias(x.key)}"] = CountAgg("pk", filter=x.q(start, end))
                if year_field:
                    aggregates[f"p{i}__held"] = CountAgg("pk", filter=Q(**{f"{year_field}__gte": start, f"{year_field}__lte": end}))
            row = qs.aggregate(**aggregates)
            self.queries += 1
            for i in range(len(periods)):
                for x in defs:
                    values[i][x.key] = row[f"p{i}_{self._alias(x.key)}"] or 0
                held[i][model] = bool(row.get(f"p{i}__held"))
        return values, held

    def grouped_counts(self, keys, group_by, fields=()):
        """Counts ``keys`` (all over one model) grouped by ``group_by`` (a field or ``a__b`` path), in ONE GROUP BY
        query however many counts — e.g. cases against each department and their outcomes, for a ranking.
        Returns ``[{"group": value, <each of fields>: …, key: int, …}]`` for the groups that appear in at least
        one of the counts."""
        groups = self._by_model(keys)
        if len(groups) != 1:
            raise ValueError("分组计数的指标须属于同一登记簿、按同一单位字段统计")
        (model, org_field), defs = next(iter(groups.items()))
        any_q = Q(pk__in=[])
        for x in defs:
            any_q |= x.q(self.start, self.end)
        aggregates = {self._alias(x.key): CountAgg("pk", filter=x.q(self.start, self.end)) for x in defs}
        qs = self.scope.filter(model.objects.all(), org_field).filter(any_q)
        rows = qs.values(group_by, *fields).annotate(**aggregates).order_by(group_by)
        out = []
        for row in rows:
            item = {"group": row[group_by], **{f: row[f] for f in fields}}
            item.update({x.key: row[self._alias(x.key)] or 0 for x in defs})
            out.append(item)
        self.queries += 1
        return out

    def monthly(self, key, start=None, end=None):
        """{first day of the month: int} of count ``key`` over [start, end] (default: the engine's period), in ONE
        GROUP BY query by month. Only for counts declared by a date field (not by a ``period`` function)."""
        from django.db.models.functions import TruncMonth

        definition = definitions.get(key)
        if definition.kind != "count" or definition.period is not None or not definition.date_field:
            raise ValueError(f"{key} 不是按日期字段统计的计数指标，不能按月分组")
        start, end = start or self.start, end or self.end
        qs = self.scope.filter(definition.model.objects.all(), definition.org_field).filter(definition.q(start, end))
        rows = qs.annotate(fz_month=TruncMonth(definition.date_field)).values("fz_month").annotate(n=CountAgg("pk")).order_by("fz_month")
        self.queries += 1
        return {row["fz_month"]: row["n"] for row in rows}

    def breakdown(self, b, base_count, counts=None):
        """The Value of breakdown ``b``; ``counts`` may hold its folded counts (:func:`_folded`), which are used
        when nothing fell outside the declared choices — otherwise one GROUP BY query."""
        decimals, rounding = 2, HALF_UP
        for p in self.presets:
            decimals = p.decimals if p.decimals is not None else decimals
            rounding = p.rounding if p.rounding is not None else rounding
        fold = _folded(b) if counts is not None else None
        if fold is not None and fold[2].key in counts and counts[fold[2].key] == 0:
            _, parts, _ = fold
            rows = sorted(({b.group_by: code, "n": counts[x.key]} for code, x in zip(b.choices, parts, strict=True) if counts[x.key]),
                          key=lambda row: (-row["n"], row[b.group_by]))
            return self._breakdown_value(b, base_count, rows, decimals, rounding)
        fields = [b.group_by] + ([b.label_field] if b.label_field else [])

        def queryset(scope, start, end):
            qs = scope.filter(b.model.objects.all(), b.org_field).filter(b.q(start, end))
            return qs.values(*fields).annotate(n=CountAgg("pk")).order_by("-n", b.group_by)

        rows = plans.rows(("breakdown", b), b.model, queryset, self.scope, self.start, self.end)
        self.queries += 1
        return self._breakdown_value(b, base_count, rows, decimals, rounding)

    @staticmethod
    def _breakdown_value(b, base_count, rows, decimals, rounding):
        items = []
        for row in rows:
            code = row[b.group_by]
            label = row.get(b.label_field) if b.label_field else b.choices.get(code, code)
            items.append({"key": code, "label": label if label not in (None, "") else "（未填）", "count": row["n"],
                          "share": round_percent(row["n"], base_count, decimals, rounding)})
        base = definitions.get(b.base)
        return Value(b.key, b.label, "件", "breakdown", None, denominator=base_count, denominator_keys=(b.base,),
                     decimals=decimals, rounding=rounding, items=items,
                     definition=b.description or f"各类件数 ÷ {base.label} × 100%")

    # -- tracing --------------------------------------------------------------------------------------
    def records(self, key, category=None):
        """The queryset of the records behind a value (a rate: its numerator; a breakdown row: ``category``)."""
        definition = definitions.get(key)
        if definition.kind == "rate":
            numerator, *_ = self.rate_rule(definition)
            first = definitions.get(numerator[0])
            q = Q(pk__in=[])
            for k in numerator:
                q |= definitions.get(k).q(self.start, self.end)
            return self.scope.filter(first.model.objects.all(), first.org_field).filter(q)
        if definition.kind == "breakdown":
            qs = self.scope.filter(definition.model.objects.all(), definition.org_field).filter(definition.q(self.start, self.end))
            return qs.filter(**{definition.group_by: category}) if category is not None else qs
        return self.scope.filter(definition.model.objects.all(), definition.org_field).filter(definition.q(self.start, self.end))


_FOLDS = {}
_SHARED = {}
_MAX_SHARED = 2000
#: The period the conditions of :func:`_shared` are compared in (any period would do: the same for all).
_SHARED_PERIOD = (date(1901, 3, 5), date(1907, 7, 11))


def _shared(defs):
    """{key: the key of the first of ``defs`` with the same aggregate (kind, field and condition)}, so that an
    aggregate is computed once; computed once per list of definitions (with a stand-in period)."""
    ids = tuple(id(x) for x in defs)
    entry = _SHARED.get(ids)
    if entry is None:
        if len(_SHARED) >= _MAX_SHARED:
            _SHARED.clear()
        start, end = _SHARED_PERIOD
        first, mapping = {}, {}
        for x in defs:
            try:
                mapping[x.key] = first.setdefault((x.kind, getattr(x, "field", None), x.q(start, end)), x.key)
            except TypeError:  # a condition that cannot be hashed is not shared
                mapping[x.key] = x.key
        entry = _SHARED[ids] = (mapping, defs)  # the definitions are kept alive with their ids
    return entry[0]


def _folded(b):
    """``(b, parts, other)`` for a breakdown over a plain choice field of its own model: a count per choice and one
    of anything else (other values, NULL) — counted in the model's one aggregate query instead of a GROUP BY of
    their own; None for other breakdowns (a related field, or labels from a related row)."""
    if not b.choices or b.label_field or "__" in b.group_by:
        return None
    entry = _FOLDS.get(b.key)
    if entry is None or entry[0] is not b:

        def count(key, condition):
            return definitions.Count(key, "", b.model, date_field=b.date_field, filter=b.filter & condition, period=b.period, org_field=b.org_field)

        parts = tuple(count(f"{b.key}={code}", Q(**{b.group_by: code})) for code in b.choices)
        entry = _FOLDS[b.key] = (b, parts, count(f"{b.key}=*", ~Q(**{f"{b.group_by}__in": list(b.choices)})))
    return entry


def _any(defs, start, end):
    """The rows any of ``defs`` counts in the period: the WHERE of their one query (each aggregate keeps its own
    filter), so that the database reads the period's rows, not all the years of the scope."""
    terms = {}
    for x in defs:
        # a definition's period alone (without its filter) is a superset of its rows: fewer, shared terms
        term = x.period(start, end) if x.period is not None else Q(**{f"{x.date_field}__gte": start, f"{x.date_field}__lte": end})
        terms.setdefault(term, None)

    def conditions(term):  # the conditions a term ANDs together (a list value, e.g. of ``__in``, made hashable)
        return frozenset(map(make_hashable, term.children)) if term.connector == Q.AND and not term.negated else frozenset([term])

    # a term that ANDs all the conditions of another term and more selects a subset of its rows: leave it out
    # (e.g. "received in the period and accepted by its end" within "received in the period")
    sets = {term: conditions(term) for term in terms}
    q = Q(pk__in=[])
    for term, own in sets.items():
        if not any(other is not term and sets[other] < own for other in sets):
            q |= term
    return q


def evaluate(org, start, end, keys=None, *, subtree=True, user=None, presets=None):
    """Shortcut: ``evaluate(org, date(2025,1,1), date(2025,12,31))`` → {key: Value}."""
    return Engine(Scope(org, subtree, user), start, end, presets).evaluate(keys)
