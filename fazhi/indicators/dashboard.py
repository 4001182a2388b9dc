"""What the dashboard shows, computed through the engine for one scope and period.

``build(org, period, user=…)`` returns a :class:`Dashboard`: the key indicators as tiles with their
year-on-year change, and the charts (monthly intake, outcomes, rates over the years, shares, the ranking of
the county's departments and townships), each chart with the table of its numbers and, for every number,
the link to the records behind it. The page (``views.py``), the Excel workbook (``exports.py``) and the
printable page all render the same object.

The number of SQL queries is small and does not grow with the data: one aggregate per model for the
period's values, one GROUP BY per breakdown, two aggregates per model for the year-on-year change, one GROUP
BY by month per intake series, one aggregate per model for all the years of the trend, one GROUP BY per
registry for the ranking (see ``bench/dashboard.py`` and the pinned query count in the tests).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from . import definitions as d
from .compare import shift_year, year_on_year
from .engine import Engine, Scope
from .presets import resolve

R = "reconsideration."
L = "litigation."

#: The tiles, by business line: the figures a county's annual report leads with (ORACLE.md §A).
TILE_GROUPS = [
    ("行政复议", [R + "received", R + "accepted", R + "closed", R + "corrected",
              R + "correction_rate", R + "mediation_rate", R + "resolution_rate", R + "on_time_rate"]),
    ("行政应诉", [L + "received", L + "closed_first_instance", L + "lost", L + "loss_rate",
              L + "mediation_withdrawal_rate", L + "heard", L + "head_appeared", L + "head_appearance_rate"]),
]
#: Monthly intake: (count key, series name, colour).
INTAKE = [(R + "received", "行政复议收案", "#a61b1b"), (L + "received", "行政诉讼收案（一审）", "#5b6b7c")]
#: How closed cases ended: (chart id, title, total key, [(count key, label)]). The parts add up to the total
#: (the closing identities of the two registries).
#: Colours: red marks what a leader looks for (corrections, losses), the rest in greys and ochre.
OUTCOMES = [
    ("recon-outcomes", "行政复议审结情况", R + "closed", [
        (R + "upheld", "维持", "#5b6b7c"), (R + "request_rejected", "驳回复议请求", "#9aa9b8"),
        (R + "application_dismissed", "驳回申请", "#c5ccd3"), (R + "corrected", "直接纠错", "#a61b1b"),
        (R + "mediated", "调解", "#c8963e"), (R + "terminated", "终止", "#e3c58f")]),
    ("lit-outcomes", "行政应诉一审审结情况", L + "closed_first_instance", [
        (L + "won", "胜诉", "#5b6b7c"), (L + "lost", "败诉", "#a61b1b"), (L + "mediated_or_withdrawn", "调撤", "#c8963e"),
        (L + "terminated", "裁定终结", "#c5ccd3")]),
]
#: Rates over the years (the same span in each year): (rate key, colour).
TREND = [(R + "correction_rate", "#a61b1b"), (L + "loss_rate", "#5b6b7c")]
TREND_YEARS = 6
#: Shares: (breakdown key, chart kind).
SHARES = [(R + "by_respondent", "hbar"), (R + "by_act_kind", "pie"), (R + "by_area", "hbar"), (R + "by_respondent_level", "pie")]
#: The ranking of the units against which cases are brought, one GROUP BY per registry:
#: (id, count key, rate key, group field, name field, column labels).
RANKINGS = [
    ("recon", R + "received", R + "correction_rate", "respondent_org", "respondent_org__name", ("被申请复议", "直接纠错率")),
    ("lit", L + "received", L + "loss_rate", "defendant_org", "defendant_org__name", ("被诉（一审）", "一审败诉率")),
]
RANK_TOP = 15
TABLE_ROWS_SHOWN = 100  # rows of a chart's table on the page (all of them in the Excel workbook)
LOSS_TOP = 10
#: The order of the charts on the page; half-width charts pair up left and right (and share a height).
LAYOUT = [("monthly", True, 300), ("recon-outcomes", False, 280), ("lit-outcomes", False, 280),
          ("trend", False, 300), (R + "by_respondent_level", False, 300),
          (R + "by_respondent", False, 330), (R + "by_area", False, 330),
          (R + "by_act_kind", False, 340), ("loss-ranking", False, 340), ("ranking", True, None)]
NULL = "__null__"  # the category of records whose group field is empty (a URL cannot carry None)
PALETTE = ["#a61b1b", "#5b6b7c", "#c8963e", "#9aa9b8", "#d46a6a", "#343a40", "#e3c58f", "#7a2e2e", "#6f8f8a", "#c5ccd3"]

PERIOD_KINDS = {"year": "年度", "quarter": "季度", "month": "月份", "range": "自定义时段"}
QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
FIRST_YEAR = 2000


# ---- periods ------------------------------------------------------------------------------------------
def _day(d_):
    return f"{d_.year}年{d_.month}月{d_.day}日"


@dataclass(frozen=True)
class Period:
    """A span of days [start, end] and how it was chosen (a year, a quarter, a month or a range)."""

    kind: str
    start: date
    end: date

    @property
    def whole_year(self):
        return self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31)

    @property
    def label(self):
        s = self.start
        if self.kind == "year" and self.whole_year:
            return f"{s.year}年"
        if self.kind == "quarter":
            return f"{s.year}年{QUARTERS[(s.month - 1) // 3 + 1]}"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        return f"{_day(self.start)}至{_day(self.end)}"

    def shifted(self, years):
        """The same span ``years`` years later (negative: earlier)."""
        end = self.end
        if self.kind in ("month", "quarter", "year"):
            # Keep the end of the month: February's 28th in a leap year becomes the 29th and back.
            end = _month_end(shift_year(date(end.year, end.month, 1), years))
        return Period(self.kind, shift_year(self.start, years), end)

    def params(self):
        """The query parameters that choose this period on the dashboard."""
        p = {"period": self.kind, "year": self.start.year}
        if self.kind == "quarter":
            p["quarter"] = (self.start.month - 1) // 3 + 1
        elif self.kind == "month":
            p["month"] = self.start.month
        elif self.kind == "range":
            p = {"period": "range", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return p


def _month_end(first):
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def default_period(today):
    """The last full year: what a bureau reports on."""
    return Period("year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))


def _int(value, low, high, what, errors):
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        errors.append(f"{what}“{value}”不是有效的数字。")
        return None
    if not low <= n <= high:
        errors.append(f"{what}应在{low}至{high}之间。")
        return None
    return n


def parse_date(value, what, errors):
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        errors.append(f"{what}“{value}”不是有效日期，应为“2025-01-01”格式。")
        return None


def parse_period(params, today):
    """(Period, [Chinese error]) from the dashboard's query parameters; on an error, the default period."""
    errors = []
    kind = params.get("period") or "year"
    if kind not in PERIOD_KINDS:
        return default_period(today), [f"统计周期“{kind}”无效。"]
    if kind == "range":
        start = parse_date(params.get("start"), "起始日期", errors)
        end = parse_date(params.get("end"), "截止日期", errors)
        if not errors and start > end:
            errors.append("起始日期不能晚于截止日期。")
        if not errors and (start.year < FIRST_YEAR or end.year > today.year + 1):
            errors.append(f"日期应在{FIRST_YEAR}年至{today.year + 1}年之间。")
        if errors:
            return default_period(today), errors
        return Period("range", start, end), []
    year = _int(params.get("year") or today.year - 1, FIRST_YEAR, today.year, "年份", errors)
    if year is None:
        return default_period(today), errors
    if kind == "quarter":
        q = _int(params.get("quarter") or 1, 1, 4, "季度", errors)
        if q is None:
            return default_period(today), errors
        first = date(year, 3 * q - 2, 1)
        return Period("quarter", first, _month_end(date(year, 3 * q, 1))), []
    if kind == "month":
        m = _int(params.get("month") or 1, 1, 12, "月份", errors)
        if m is None:
            return default_period(today), errors
        first = date(year, m, 1)
        return Period("month", first, _month_end(first)), []
    return Period("year", date(year, 1, 1), date(year, 12, 31)), []


def months(start, end):
    """The first days of the months that [start, end] touches."""
    out, m = [], date(start.year, start.month, 1)
    while m <= end:
        out.append(m)
        m = _month_end(m) + timedelta(days=1)
    return out


# ---- orgs a user may see ------------------------------------------------------------------------------
def visible_orgs(user):
    """The orgs whose numbers ``user`` may see, in tree order: the union over every registry of the orgs the
    user's roles let it view (one query). Empty for administrators without business roles."""
    from fazhi.core.models import Org
    from fazhi.core.roles import registry_models
    from fazhi.core.scope import orgs_for

    qs = Org.objects.none()
    for model in registry_models():
        qs = qs | orgs_for(user, model, "view")
    return list(qs.order_by("path"))


def top_org(orgs):
    """The default org of the dashboard: the highest unit the user can see (the county for a leader)."""
    return min(orgs, key=lambda o: (o.depth, o.path)) if orgs else None


def short_name(name, root):
    """A unit's name without the county's own name in front (示范县公安局 → 公安局), for chart labels."""
    place = root.name.removesuffix("人民政府") if root is not None else ""
    if place and name and name.startswith(place) and len(name) > len(place) and name != root.name:
        return name[len(place):]
    return name or ""


# ---- links --------------------------------------------------------------------------------------------
@dataclass
class Links:
    """Builds the drill-down URLs of one dashboard (org, scope, period)."""

    org: object
    subtree: bool
    period: Period

    def base(self):
        p = {"org": self.org.code}
        if not self.subtree:
            p["unit_only"] = "1"
        return p

    def records(self, key, start=None, end=None, category=None, by=None):
        # A dashboard builds a few hundred of these: the path and the org's part are worked out once.
        prefix = self.__dict__.get("_prefix")
        if prefix is None:
            prefix = self.__dict__["_prefix"] = reverse("indicators:records") + "?" + urlencode(self.base())
        p = {"key": key, "start": (start or self.period.start).isoformat(), "end": (end or self.period.end).isoformat()}
        if by:
            p["by"] = by
        if category is not None or by:
            p["category"] = NULL if category is None else category
        return prefix + "&" + urlencode(p)

    def dashboard_query(self):
        p = self.base()
        p.update(self.period.params())
        return urlencode(p)


# ---- values shown -------------------------------------------------------------------------------------
def fmt(value, kind="count", decimals=2):
    """A value as the page shows it: counts as integers, rates with their decimals, nothing as "—"."""
    if value is None:
        return "—"
    if kind == "rate":
        q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
        return f"{Decimal(value).quantize(q)}%"
    return str(int(value))


def number(value):
    """A value for the chart's JSON: int, float or None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass
class Chart:
    """One chart and its table. ``series``: [{"name", "type", "data", "urls", "color", "dashed"}]; ``table``:
    {"head": [...], "rows": [[{"text", "url"}...]]} — the same numbers, for screen readers and copying."""

    id: str
    title: str
    kind: str  # bar / hbar / line / pie
    categories: list
    series: list
    unit: str = "件"
    note: str = ""
    table: dict = field(default_factory=dict)
    wide: bool = False
    height: int = 300

    @property
    def shown_rows(self):
        """The table rows on the page: the first TABLE_ROWS_SHOWN. A province's ranking has thousands of units; the
        page lists the first ones and the Excel workbook of the dashboard (exports.workbook) all of them."""
        return self.table.get("rows", [])[:TABLE_ROWS_SHOWN]

    @property
    def hidden_rows(self):
        return max(0, len(self.table.get("rows", [])) - TABLE_ROWS_SHOWN)

    @property
    def empty(self):
        """Nothing to draw: every value is zero or unknown (the table still lists them)."""
        return not any(v for s in self.series for v in s["data"])

    def data(self):
        return {"id": self.id, "title": self.title, "kind": self.kind, "unit": self.unit, "categories": self.categories,
                "series": self.series}


def series_table(chart, first_column="", kind="count", decimals=2):
    """The table of a chart whose series share the categories: one row per category, one column per series."""
    head = [first_column] + [s["name"] for s in chart.series]
    rows = []
    for i, category in enumerate(chart.categories):
        row = [{"text": category, "url": ""}]
        for s in chart.series:
            v = s["data"][i]
            row.append({"text": fmt(v, kind, decimals), "url": (s.get("urls") or [None] * len(s["data"]))[i] or "", "num": True})
        rows.append(row)
    chart.table = {"head": head, "rows": rows}
    return chart


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
        out["denominator_label"] = " + ".join(d.get(k).label for k in den)
        out["numerator_label"] = " + ".join(d.get(k).label for k in value.numerator_keys)
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


# ---- the whole dashboard ------------------------------------------------------------------------------
def registered(keys):
    return [k for k in keys if k in d.REGISTRY]


def build(org, period, *, user=None, subtree=True, presets=None):
    """The dashboard of ``org`` (with its subtree unless ``subtree`` is False) for ``period``, through
    ``user``'s data scope, under ``presets`` (default: the org's local rule)."""
    warnings = []
    if presets is None:
        presets, warnings = preset_names(org)
    scope = Scope(org, subtree, user)
    engine = Engine(scope, period.start, period.end, presets)
    links = Links(org, subtree, period)

    tile_keys = [k for _, keys in TILE_GROUPS for k in registered(keys)]
    outcome_keys = [k for _, _, total, parts in OUTCOMES for k in registered([total] + [p for p, *_ in parts])]
    share_keys = registered([k for k, _ in SHARES])
    keys = list(dict.fromkeys(tile_keys + outcome_keys + share_keys))
    values = engine.evaluate(keys)
    comparisons = year_on_year(org, period.start, period.end, tile_keys, user=user, presets=presets, subtree=subtree, current=values)

    tiles = []
    for label, group in TILE_GROUPS:
        items = [tile(values[k], comparisons.get(k), links) for k in registered(group)]
        if items:
            sources = sorted({t["comparison"]["baseline_source"] for t in items if t["comparison"] and t["comparison"]["source"] == "baseline"})
            tiles.append({"label": label, "items": items, "baseline_sources": sources})

    charts = [monthly_chart(engine, period, links)]
    charts += [outcome_chart(values, links, *spec) for spec in OUTCOMES if spec[2] in values]
    charts.append(trend_chart(engine, org, period, subtree, links))
    for key, kind in SHARES:
        if key in values:
            charts.append(share_chart(values[key], kind, links, org))
    charts += ranking_charts(engine, org, links)
    charts = arrange([c for c in charts if c])

    rates = []
    for key in tile_keys + [k for k, _ in TREND]:
        if key in d.REGISTRY and d.get(key).kind == "rate" and key not in {r["key"] for r in rates}:
            v = values.get(key) or engine.rate_value(d.get(key), dict.fromkeys(engine.count_keys_of([key]), 0))
            rates.append({"key": key, "label": v.label, "definition": v.definition})
    return Dashboard(org, subtree, period, resolve(presets), values, comparisons, tiles, charts, rates, links,
                     warnings, engine.queries)


def arrange(charts):
    """The charts in the order of LAYOUT, with its widths and heights; charts it does not name go last."""
    by_id = {c.id: c for c in charts}
    out = []
    for chart_id, wide, height in LAYOUT:
        c = by_id.pop(chart_id.replace(".", "-"), None)
        if c is None:
            continue
        c.wide = wide
        if height:
            c.height = height
        out.append(c)
    return out + list(by_id.values())


def monthly_chart(engine, period, links):
    keys = [(k, name, color) for k, name, color in INTAKE if k in d.REGISTRY]
    prior = period.shifted(-1)
    ms = months(period.start, period.end)
    multi_year = ms[0].year != ms[-1].year
    categories = [f"{m.year}年{m.month}月" if multi_year else f"{m.month}月" for m in ms]
    series = []
    light = {"#a61b1b": "#d9a0a0", "#5b6b7c": "#aab4bf"}
    for key, name, color in keys:
        counts = engine.monthly(key, prior.start, period.end)
        cur, cur_urls, prev, prev_urls = [], [], [], []
        for m in ms:
            s, e = max(m, period.start), min(_month_end(m), period.end)
            cur.append(counts.get(m, 0))
            cur_urls.append(links.records(key, s, e))
            pm = shift_year(m, -1)
            ps, pe = max(pm, prior.start), min(_month_end(pm), prior.end)
            prev.append(counts.get(pm, 0))
            prev_urls.append(links.records(key, ps, pe))
        series.append({"name": f"{name}", "type": "bar", "data": cur, "urls": cur_urls, "color": color})
        series.append({"name": f"{name}（上年同期）", "type": "line", "data": prev, "urls": prev_urls, "color": light.get(color, color),
                       "dashed": True})
    chart = Chart("monthly", f"月度收案（{period.label}，与上年同期对比）", "bar", categories, series, wide=True, height=300,
                  note="柱为本期，虚线为上年同期；点击柱或点可查看该月的案件。")
    series_table(chart, "月份")
    total = [{"text": "合计", "url": ""}]
    for i, s in enumerate(series):  # per key: this period's series, then the year before's
        span = period if i % 2 == 0 else prior
        total.append({"text": str(sum(s["data"])), "url": links.records(keys[i // 2][0], span.start, span.end), "num": True})
    chart.table["rows"].append(total)
    return chart


def outcome_chart(values, links, chart_id, title, total_key, parts):
    total = values[total_key]
    parts = [(k, label, color) for k, label, color in parts if k in values]
    data = [values[k].value for k, *_ in parts]
    urls = [links.records(k) for k, *_ in parts]
    chart = Chart(chart_id, f"{title}（共{total.value}件）", "pie", [label for _, label, _ in parts],
                  [{"name": total.label, "data": data, "urls": urls, "colors": [color for *_, color in parts]}], height=280)
    rows = []
    for (_, label, _), n, url in zip(parts, data, urls, strict=True):
        share = fmt(Decimal(n) * 100 / Decimal(total.value), "rate", 1) if total.value else "—"
        rows.append([{"text": label, "url": ""}, {"text": str(n), "url": url, "num": True}, {"text": share, "url": "", "num": True}])
    rows.append([{"text": "合计", "url": ""}, {"text": str(total.value), "url": links.records(total_key), "num": True},
                 {"text": "100.0%" if total.value else "—", "url": "", "num": True}])
    chart.table = {"head": ["结案方式", "件数", "占比"], "rows": rows}
    return chart


def trend_chart(engine, org, period, subtree, links):
    from .models import Baseline

    rates = [(k, c) for k, c in TREND if k in d.REGISTRY]
    if not rates:
        return None
    spans = [period.shifted(-k) for k in range(TREND_YEARS - 1, -1, -1)]
    count_keys = engine.count_keys_of([k for k, _ in rates])
    counts, held = engine.counts_over(count_keys, [(p.start, p.end) for p in spans])
    baselines = {}
    if period.whole_year and subtree:
        rows = Baseline.objects.filter(org=org, year__in=[p.start.year for p in spans], key__in=[k for k, _ in rates])
        baselines = {(b.year, b.key): b for b in rows}
    columns = []  # per span: {key: (value, source, url, n/m)}
    for i, span in enumerate(spans):
        col = {}
        for key, _ in rates:
            definition = d.get(key)
            v = engine.rate_value(definition, counts[i])
            models = {d.get(k).model for k in v.numerator_keys + v.denominator_keys}
            if all(held[i].get(m) for m in models):
                col[key] = (v.value, "records", links.records(key, span.start, span.end), v)
            elif (span.start.year, key) in baselines:
                b = baselines[(span.start.year, key)]
                col[key] = (b.value, "baseline", "", b)
            else:
                col[key] = (None, "", "", None)
        columns.append(col)
    # Leave out the leading years for which nothing is known.
    while len(columns) > 1 and all(c[0] is None for c in columns[0].values()):
        columns.pop(0)
        spans.pop(0)
    categories = [s.label if s.kind != "range" else f"{s.start.year}年同期" for s in spans]
    series = []
    for key, color in rates:
        label = engine.rate_rule(d.get(key))[4]
        series.append({"name": label, "type": "line", "color": color,
                       "data": [number(c[key][0]) for c in columns], "urls": [c[key][2] or None for c in columns]})
    chart = Chart("trend", "历年直接纠错率和行政诉讼败诉率" + ("" if period.whole_year else f"（各年同期：{period.label}）"), "line",
                  categories, series, unit="%", height=280)
    head = ["年度"] + [s["name"] for s in series] + ["数据来源"]
    rows = []
    for span_label, col in zip(categories, columns, strict=True):
        row = [{"text": span_label, "url": ""}]
        sources = set()
        for key, _ in rates:
            value, source, url, detail = col[key]
            text = fmt(value, "rate", 2)
            if source == "records" and detail is not None:
                text += f"（{detail.numerator}/{detail.denominator}）"
            row.append({"text": text, "url": url, "num": True})
            if source == "baseline":
                sources.add(f"基期数据：{detail.source}")
            elif source == "records":
                sources.add("登记记录")
        row.append({"text": "；".join(sorted(sources)) or "无数据", "url": ""})
        rows.append(row)
    chart.table = {"head": head, "rows": rows}
    if any(c[k][1] == "baseline" for c in columns for k, _ in rates):
        chart.note = "无登记记录的年度取基期数据（空心点）。"
        for s, (key, _) in zip(series, rates, strict=True):
            s["baseline"] = [c[key][1] == "baseline" for c in columns]
    return chart


def share_chart(value, kind, links, root):
    items = value.items
    label_of = (lambda i: short_name(str(i["label"]), root)) if kind == "hbar" else (lambda i: str(i["label"]))
    shown = items
    other = None
    if kind == "hbar" and len(items) > 10:
        shown, rest = items[:9], items[9:]
        other = {"label": f"其他{len(rest)}个", "count": sum(i["count"] for i in rest)}
    categories = [label_of(i) for i in shown] + ([other["label"]] if other else [])
    data = [i["count"] for i in shown] + ([other["count"]] if other else [])
    urls = [links.records(value.key, category=_category(i["key"])) for i in shown] + ([None] if other else [])
    chart = Chart(value.key.replace(".", "-"), f"{value.label}（{_period_hint(links)}）", kind, categories,
                  [{"name": "件数", "data": data, "urls": urls, "color": "#a61b1b"}],
                  height=300 if kind != "hbar" else max(240, 28 * len(categories) + 60))
    base = d.get(value.denominator_keys[0]).label if value.denominator_keys else ""
    chart.note = f"占比 = 各类件数 ÷ {base}（{value.denominator}件）。"
    rows = []
    for i in items:
        rows.append([{"text": str(i["label"]), "url": ""},
                     {"text": str(i["count"]), "url": links.records(value.key, category=_category(i["key"])), "num": True},
                     {"text": fmt(i["share"], "rate", value.decimals or 2), "url": "", "num": True}])
    chart.table = {"head": ["类别", "件数", "占比"], "rows": rows}
    return chart


def _period_hint(links):
    return links.period.label


def _category(key):
    return NULL if key is None else key


def ranking_charts(engine, org, links):
    """Two charts over the units cases are brought against: how many cases each (reconsideration and
    litigation side by side), and the first-instance loss rate of each; one table with every number."""
    units = {}
    specs = [s for s in RANKINGS if s[1] in d.REGISTRY and s[2] in d.REGISTRY]
    if not specs:
        return []
    for rid, count_key, rate_key, group_by, name_field, _labels in specs:
        rate = d.get(rate_key)
        keys = list(dict.fromkeys([count_key] + engine.count_keys_of([rate_key])))
        for row in engine.grouped_counts(keys, group_by, (name_field,)):
            unit = units.setdefault(row["group"], {"id": row["group"], "name": row[name_field] or "系统外机关"})
            unit[rid] = {"count": row[count_key], "rate": engine.rate_value(rate, row), "by": group_by}
    rows = sorted(units.values(), key=lambda u: (-sum(u.get(s[0], {}).get("count", 0) for s in specs), u["name"]))
    for u in rows:
        u["short"] = short_name(u["name"], org)

    def url(u, rid, key):
        spec = next(s for s in specs if s[0] == rid)
        return links.records(key, category=u["id"], by=spec[3])

    top = rows[:RANK_TOP]
    colors = ["#a61b1b", "#5b6b7c"]
    series = []
    for (rid, count_key, _rk, _g, _n, labels), color in zip(specs, colors, strict=False):
        series.append({"name": labels[0], "type": "bar", "color": color,
                       "data": [u.get(rid, {}).get("count", 0) for u in top],
                       "urls": [url(u, rid, count_key) for u in top]})
    counts = Chart("ranking", "各单位被申请复议、被诉件数" + (f"（前{len(top)}名）" if len(rows) > len(top) else ""), "hbar", [u["short"] for u in top], series,
                   height=max(240, 30 * len(top) + 70))
    # The full table: every unit, every number linked to its records.
    head = ["单位"]
    for *_, labels in specs:
        head += [labels[0], labels[1]]
    table_rows = []
    for u in rows:
        row = [{"text": u["name"], "url": ""}]
        for rid, count_key, rate_key, _g, _n, _labels in specs:
            item = u.get(rid)
            if item is None:
                row += [{"text": "0", "url": "", "num": True}, {"text": "—", "url": "", "num": True}]
                continue
            r = item["rate"]
            rate_text = fmt(r.value, "rate", r.decimals if r.decimals is not None else 2)
            if r.value is not None:
                rate_text += f"（{r.numerator}/{r.denominator}）"
            row += [{"text": str(item["count"]), "url": url(u, rid, count_key), "num": True},
                    {"text": rate_text, "url": url(u, rid, rate_key) if r.value is not None else "", "num": True}]
        table_rows.append(row)
    counts.table = {"head": head, "rows": table_rows}
    counts.note = "按被申请人（复议）和被告（诉讼）统计；表格列出全部单位，比率后括号内为分子/分母。"
    charts = [counts]

    lit = next((s for s in specs if s[0] == "lit"), None)
    if lit is not None:
        rated = [u for u in rows if u.get("lit") and u["lit"]["rate"].value is not None]
        rated.sort(key=lambda u: (-u["lit"]["rate"].value, -u["lit"]["rate"].denominator, u["name"]))
        shown = rated[:LOSS_TOP]
        label = engine.rate_rule(d.get(lit[2]))[4]
        loss = Chart("loss-ranking", f"各单位{label}" + (f"（前{len(shown)}名）" if len(rated) > len(shown) else ""), "hbar",
                     [u["short"] for u in shown],
                     [{"name": label, "type": "bar", "color": "#5b6b7c", "data": [number(u["lit"]["rate"].value) for u in shown],
                       "urls": [url(u, "lit", lit[2]) for u in shown]}],
                     unit="%", height=max(240, 30 * len(shown) + 70))
        loss.table = {"head": ["单位", label, "败诉/审结"], "rows": [
            [{"text": u["name"], "url": ""},
             {"text": fmt(u["lit"]["rate"].value, "rate", u["lit"]["rate"].decimals or 2), "url": url(u, "lit", lit[2]), "num": True},
             {"text": f"{u['lit']['rate'].numerator}/{u['lit']['rate'].denominator}", "url": "", "num": True}] for u in rated]}
        loss.note = "表格列出本期有一审审结案件的全部单位；审结件数少时比率波动大，请结合分子分母阅读。"
        charts.append(loss)
    return charts
