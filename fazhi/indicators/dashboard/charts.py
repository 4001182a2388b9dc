"""The dashboard's charts, each with the table of its numbers and, for every number, the link to the records
behind it: the monthly intake, the outcome pies, the rates over the years, the shares and the rankings. The
registries declare what they show (:mod:`fazhi.indicators.panels`); the builders here name none of them."""

from dataclasses import dataclass, field
from decimal import Decimal

from .. import definitions
from ..compare import shift_year
from .links import NULL
from .orgs import short_name
from .period import month_end, months

TREND_YEARS = 6
RANK_TOP = 15
RATE_TOP = 10
TABLE_ROWS_SHOWN = 100  # rows of a chart's table on the page (all of them in the Excel workbook)


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


def monthly_chart(engine, period, links, intake):
    """The counts of ``intake`` (:class:`~fazhi.indicators.panels.Intake`) by month, beside the year before's."""
    prior = period.shifted(-1)
    ms = months(period.start, period.end)
    multi_year = ms[0].year != ms[-1].year
    categories = [f"{m.year}年{m.month}月" if multi_year else f"{m.month}月" for m in ms]
    series = []
    for line in intake:
        counts = engine.monthly(line.key, prior.start, period.end)
        cur, cur_urls, prev, prev_urls = [], [], [], []
        for m in ms:
            s, e = max(m, period.start), min(month_end(m), period.end)
            cur.append(counts.get(m, 0))
            cur_urls.append(links.records(line.key, s, e))
            pm = shift_year(m, -1)
            ps, pe = max(pm, prior.start), min(month_end(pm), prior.end)
            prev.append(counts.get(pm, 0))
            prev_urls.append(links.records(line.key, ps, pe))
        series.append({"name": line.name, "type": "bar", "data": cur, "urls": cur_urls, "color": line.color})
        series.append({"name": f"{line.name}（上年同期）", "type": "line", "data": prev, "urls": prev_urls,
                       "color": line.prior_color or line.color, "dashed": True})
    chart = Chart("monthly", f"月度收案（{period.label}，与上年同期对比）", "bar", categories, series, wide=True, height=300,
                  note="柱为本期，虚线为上年同期；点击柱或点可查看该月的案件。")
    series_table(chart, "月份")
    total = [{"text": "合计", "url": ""}]
    for i, s in enumerate(series):  # per key: this period's series, then the year before's
        span = period if i % 2 == 0 else prior
        total.append({"text": str(sum(s["data"])), "url": links.records(intake[i // 2].key, span.start, span.end), "num": True})
    chart.table["rows"].append(total)
    return chart


def outcome_chart(values, links, spec):
    """The pie of :class:`~fazhi.indicators.panels.OutcomeChart` ``spec``, with each part's share of the total."""
    total = values[spec.total]
    parts = spec.parts
    data = [values[p.key].value for p in parts]
    urls = [links.records(p.key) for p in parts]
    chart = Chart(spec.id, f"{spec.title}（共{total.value}件）", "pie", [p.label for p in parts],
                  [{"name": total.label, "data": data, "urls": urls, "colors": [p.color for p in parts]}], height=spec.height)
    rows = []
    for p, n, url in zip(parts, data, urls, strict=True):
        share = fmt(Decimal(n) * 100 / Decimal(total.value), "rate", 1) if total.value else "—"
        rows.append([{"text": p.label, "url": ""}, {"text": str(n), "url": url, "num": True}, {"text": share, "url": "", "num": True}])
    rows.append([{"text": "合计", "url": ""}, {"text": str(total.value), "url": links.records(spec.total), "num": True},
                 {"text": "100.0%" if total.value else "—", "url": "", "num": True}])
    chart.table = {"head": ["结案方式", "件数", "占比"], "rows": rows}
    return chart


def trend_chart(engine, org, period, subtree, links, lines):
    """The rates of ``lines`` (:class:`~fazhi.indicators.panels.TrendLine`) over the last TREND_YEARS years, from the
    records where every model behind a rate has them, else from the year's baseline; None without lines."""
    from ..models import Baseline

    rates = [(line.key, line.color) for line in lines]
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
            definition = definitions.get(key)
            v = engine.rate_value(definition, counts[i])
            models = {definitions.get(k).model for k in v.numerator_keys + v.denominator_keys}
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
        label = engine.rate_rule(definitions.get(key))[4]
        series.append({"name": label, "type": "line", "color": color,
                       "data": [number(c[key][0]) for c in columns], "urls": [c[key][2] or None for c in columns]})
    title = "历年" + "和".join(definitions.get(key).label for key, _ in rates)
    chart = Chart("trend", title + ("" if period.whole_year else f"（各年同期：{period.label}）"), "line",
                  categories, series, unit="%", height=300)
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


def share_chart(value, spec, links, root):
    """The breakdown ``value`` as :class:`~fazhi.indicators.panels.ShareChart` ``spec`` draws it; the table lists
    every category."""
    kind = spec.kind
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
    chart = Chart(value.key.replace(".", "-"), f"{value.label}（{links.period.label}）", kind, categories,
                  [{"name": "件数", "data": data, "urls": urls, "color": "#a61b1b"}],
                  height=spec.height or (300 if kind != "hbar" else max(240, 28 * len(categories) + 60)))
    base = definitions.get(value.denominator_keys[0]).label if value.denominator_keys else ""
    chart.note = f"占比 = 各类件数 ÷ {base}（{value.denominator}件）。"
    rows = []
    for i in items:
        rows.append([{"text": str(i["label"]), "url": ""},
                     {"text": str(i["count"]), "url": links.records(value.key, category=_category(i["key"])), "num": True},
                     {"text": fmt(i["share"], "rate", value.decimals or 2), "url": "", "num": True}])
    chart.table = {"head": ["类别", "件数", "占比"], "rows": rows}
    return chart


def _category(key):
    return NULL if key is None else key


def ranking_charts(engine, org, links, specs):
    """The units cases are brought against, over the registries' :class:`~fazhi.indicators.panels.Ranking`
    ``specs``: (the chart of how many cases each, side by side, with one table of every number; the charts of the
    units with the highest rate, for the specs that ask for one). (None, []) without specs."""
    if not specs:
        return None, []
    units = {}
    for i, spec in enumerate(specs):
        rate = definitions.get(spec.rate_key)
        keys = list(dict.fromkeys([spec.count_key] + engine.count_keys_of([spec.rate_key])))
        for row in engine.grouped_counts(keys, spec.group_by, (spec.name_field,)):
            unit = units.setdefault(row["group"], {"id": row["group"], "name": row[spec.name_field] or "系统外机关"})
            unit[i] = {"count": row[spec.count_key], "rate": engine.rate_value(rate, row)}
    rows = sorted(units.values(), key=lambda u: (-sum(u.get(i, {}).get("count", 0) for i in range(len(specs))), u["name"]))
    for u in rows:
        u["short"] = short_name(u["name"], org)

    def url(u, i, key):
        return links.records(key, category=u["id"], by=specs[i].group_by)

    top = rows[:RANK_TOP]
    series = []
    for i, spec in enumerate(specs):
        series.append({"name": spec.columns[0], "type": "bar", "color": spec.color,
                       "data": [u.get(i, {}).get("count", 0) for u in top],
                       "urls": [url(u, i, spec.count_key) for u in top]})
    title = "各单位" + "、".join(spec.title for spec in specs) + "件数"
    counts = Chart("ranking", title + (f"（前{len(top)}名）" if len(rows) > len(top) else ""), "hbar", [u["short"] for u in top], series,
                   wide=True, height=max(240, 30 * len(top) + 70))
    # The full table: every unit, every number linked to its records.
    head = ["单位"]
    for spec in specs:
        head += list(spec.columns)
    table_rows = []
    for u in rows:
        row = [{"text": u["name"], "url": ""}]
        for i, spec in enumerate(specs):
            item = u.get(i)
            if item is None:
                row += [{"text": "0", "url": "", "num": True}, {"text": "—", "url": "", "num": True}]
                continue
            r = item["rate"]
            rate_text = fmt(r.value, "rate", r.decimals if r.decimals is not None else 2)
            if r.value is not None:
                rate_text += f"（{r.numerator}/{r.denominator}）"
            row += [{"text": str(item["count"]), "url": url(u, i, spec.count_key), "num": True},
                    {"text": rate_text, "url": url(u, i, spec.rate_key) if r.value is not None else "", "num": True}]
        table_rows.append(row)
    counts.table = {"head": head, "rows": table_rows}
    counts.note = "按" + "和".join(spec.side for spec in specs) + "统计；表格列出全部单位，比率后括号内为分子/分母。"
    rated = [rate_ranking(engine, links, rows, i, spec, url) for i, spec in enumerate(specs) if spec.rate_chart is not None]
    return counts, rated


def rate_ranking(engine, links, units, i, spec, url):
    """The chart of the units with the highest rate of ``spec`` (the ``i``-th ranking), the first RATE_TOP of them;
    its table lists every unit the rate is known for."""
    rated = [u for u in units if u.get(i) and u[i]["rate"].value is not None]
    rated.sort(key=lambda u: (-u[i]["rate"].value, -u[i]["rate"].denominator, u["name"]))
    shown = rated[:RATE_TOP]
    label = engine.rate_rule(definitions.get(spec.rate_key))[4]
    declared = spec.rate_chart
    chart = Chart(declared.id, f"各单位{label}" + (f"（前{len(shown)}名）" if len(rated) > len(shown) else ""), "hbar",
                  [u["short"] for u in shown],
                  [{"name": label, "type": "bar", "color": declared.color, "data": [number(u[i]["rate"].value) for u in shown],
                    "urls": [url(u, i, spec.rate_key) for u in shown]}],
                  unit="%", height=declared.height or max(240, 30 * len(shown) + 70))
    chart.table = {"head": ["单位", label, declared.ratio_column], "rows": [
        [{"text": u["name"], "url": ""},
         {"text": fmt(u[i]["rate"].value, "rate", u[i]["rate"].decimals or 2), "url": url(u, i, spec.rate_key), "num": True},
         {"text": f"{u[i]['rate'].numerator}/{u[i]['rate'].denominator}", "url": "", "num": True}] for u in rated]}
    chart.note = declared.note
    return chart
