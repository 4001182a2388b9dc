"""The whole dashboard of one org, period and user: the tiles and the charts in the order of the page."""

from dataclasses import dataclass, field

from .. import definitions
from ..compare import year_on_year
from ..engine import Engine, Scope
from ..presets import resolve
from . import declarations
from .charts import fmt, monthly_chart, outcome_chart, ranking_charts, share_chart, trend_chart
from .links import Links
from .period import Period


@dataclass
class Dashboard:
    org: object
    subtree: bool
    period: Period
    presets: list
    values: dict
    comparisons: dict
    tiles: list
    charts: list
    rates: list  # footnotes: {"label", "definition"} of every rate shown
    links: Links
    warnings: list = field(default_factory=list)
    queries: int = 0

    @property
    def scope_label(self):
        return f"{self.org.name}{'（含下级）' if self.subtree else '（仅本单位）'}"


def preset_names(org):
    """The presets in force for ``org`` (its local rule, inherited down the tree), and a warning when the
    rule names a preset that does not exist (then the default is used)."""
    from fazhi.core.rules import get_rule

    raw = get_rule(org, "indicator_preset") if org is not None else "default"
    try:
        return [p.name for p in resolve(raw)], []
    except KeyError as e:
        return ["default"], [f"{e.args[0]}；已按默认口径计算。"]


def tile(value, comparison, links):
    kind = value.kind
    decimals = value.decimals if value.decimals is not None else 2
    out = {
        "key": value.key,
        "label": value.label,
        "kind": kind,
        "value": value,
        "display": fmt(value.value, kind, decimals),
        "unit": "" if kind == "rate" else value.unit,
        "definition": value.definition,
        "url": links.records(value.key),
        "comparison": None,
    }
    if kind == "rate":
        out["display"] = fmt(value.value, kind, decimals).removesuffix("%") if value.value is not None else "—"
        out["unit"] = "%" if value.value is not None else ""
        out["numerator"] = value.numerator
        out["denominator"] = value.denominator
        out["numerator_url"] = out["url"]
        den = value.denominator_keys
        out["denominator_url"] = links.records(den[0]) if len(den) == 1 else ""
        out["denominator_label"] = " + ".join(definitions.get(k).label for k in den)
        out["numerator_label"] = " + ".join(definitions.get(k).label for k in value.numerator_keys)
    if comparison is not None and comparison.previous is not None:
        prev = comparison.previous
        out["comparison"] = {
            "direction": comparison.direction,
            "text": comparison.text(),
            "previous": fmt(prev, kind, decimals),
            "source": comparison.source,
            "baseline_source": comparison.baseline_source,
        }
    return out


def build(org, period, *, user=None, subtree=True, presets=None):
    """The dashboard of ``org`` (with its subtree unless ``subtree`` is False) for ``period``, through
    ``user``'s data scope, under ``presets`` (default: the org's local rule).

    The tiles come one group per registry; the charts in the order of :mod:`fazhi.indicators.panels`: the
    monthly intake, the outcomes, the trend, the shares, the rate rankings and the ranking, each kind in registry
    order (INSTALLED_APPS)."""
    warnings = []
    if presets is None:
        presets, warnings = preset_names(org)
    scope = Scope(org, subtree, user)
    engine = Engine(scope, period.start, period.end, presets)
    links = Links(org, subtree, period)

    groups = declarations.tile_groups()
    tile_keys = [k for _, keys in groups for k in keys]
    values = engine.evaluate(declarations.keys())
    comparisons = year_on_year(org, period.start, period.end, tile_keys, user=user, presets=presets, subtree=subtree, current=values)

    tiles = []
    for label, group in groups:
        items = [tile(values[k], comparisons.get(k), links) for k in group]
        sources = sorted({t["comparison"]["baseline_source"] for t in items if t["comparison"] and t["comparison"]["source"] == "baseline"})
        tiles.append({"label": label, "items": items, "baseline_sources": sources})

    trend = declarations.every("trend")
    counts, rate_rankings = ranking_charts(engine, org, links, declarations.every("rankings"))
    charts = [monthly_chart(engine, period, links, declarations.every("intake"))]
    charts += [outcome_chart(values, links, spec) for spec in declarations.every("outcomes")]
    charts.append(trend_chart(engine, org, period, subtree, links, trend))
    charts += [share_chart(values[spec.key], spec, links, org) for spec in declarations.every("shares")]
    charts += rate_rankings + [counts]
    charts = [c for c in charts if c]

    rates = []
    for key in tile_keys + [line.key for line in trend]:
        if definitions.get(key).kind == "rate" and key not in {r["key"] for r in rates}:
            v = values.get(key) or engine.rate_value(definitions.get(key), dict.fromkeys(engine.count_keys_of([key]), 0))
            rates.append({"key": key, "label": v.label, "definition": v.definition})
    return Dashboard(org, subtree, period, resolve(presets), values, comparisons, tiles, charts, rates, links,
                     warnings, engine.queries)
