"""The dashboard as an Excel workbook: one sheet of every registered count and rate (value, definition,
numerator, denominator, prior value and where it came from), one sheet per breakdown, one per chart."""

import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fazhi.core.excel import row_cells, set_cell

from . import definitions
from .compare import year_on_year
from .engine import Engine, Scope

HEAD = PatternFill("solid", fgColor="EEF1F5")
BOLD = Font(bold=True)
VALUES_SHEET = "指标数据"
VALUES_HEADER = ["业务", "指标", "指标代码", "类型", "本期数值", "单位", "分子", "分母", "计算口径", "上年同期", "同比变化", "上年同期数据来源"]
_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text, used):
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _BAD.sub("", text)[:31] or "Sheet"
    title, n = base, 2
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _head(ws, row, titles, widths=None):
    for i, t in enumerate(titles, start=1):
        c = set_cell(ws.cell(row=row, column=i), t)
        c.font = BOLD
        c.fill = HEAD
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _cell_value(text):
    """Numbers stay numbers when the page shows a plain integer or a plain percentage."""
    if re.fullmatch(r"-?\d+", text or ""):
        return int(text), None
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)%", text or "")
    if m:
        decimals = len(m[1].split(".")[1]) if "." in m[1] else 0
        return float(m[1]), "0" + ("." + "0" * decimals if decimals else "") + '"%"'
    return text, None


def _percent_format(decimals):
    return "0" + ("." + "0" * decimals if decimals else "") + '"%"'


def workbook(dash, path, user=None):
    """Write the workbook of dashboard ``dash`` to ``path``; returns the number of indicator rows."""
    keys = [k for k, x in definitions.REGISTRY.items() if x.kind in ("count", "rate")]
    breakdowns = [k for k, x in definitions.REGISTRY.items() if x.kind == "breakdown"]
    names = [p.name for p in dash.presets]
    engine = Engine(Scope(dash.org, dash.subtree, user), dash.period.start, dash.period.end, names)
    values = engine.evaluate(keys + breakdowns)
    comparisons = year_on_year(dash.org, dash.period.start, dash.period.end, keys, user=user, presets=names, subtree=dash.subtree,
                               current=values)
    wb = Workbook()
    ws = wb.active
    used = {VALUES_SHEET}
    ws.title = VALUES_SHEET
    ws.append(row_cells(ws, [f"{dash.scope_label} {dash.period.label} 法治政府建设指标数据"]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(row_cells(ws, [f"统计区间：{dash.period.start:%Y-%m-%d} 至 {dash.period.end:%Y-%m-%d}；指标口径：{'、'.join(p.label for p in dash.presets)}；"
                             f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + (f"；导出人：{user}" if user else "")]))
    ws.append(row_cells(ws, []))
    _head(ws, 4, VALUES_HEADER, [10, 28, 40, 6, 10, 5, 8, 8, 60, 10, 22, 40])
    ws.freeze_panes = "C5"
    for key in keys:
        v = values[key]
        c = comparisons.get(key)
        line = definitions.line_of(key)
        prev = change = source = None
        if c is not None and c.previous is not None:
            prev = float(c.previous) if v.kind == "rate" else int(c.previous)
            change = c.text()
            source = "登记记录" if c.source == "records" else f"基期数据：{c.baseline_source}"
        value = (float(v.value) if v.value is not None else None) if v.kind == "rate" else v.value
        ws.append(row_cells(ws, [line, v.label, key, "比率" if v.kind == "rate" else "计数", value, v.unit,
                                 v.numerator if v.kind == "rate" else None, v.denominator if v.kind == "rate" else None,
                                 v.definition, prev, change, source or ("无上年同期数据" if v.kind in ("count", "rate") else None)]))
        if v.kind == "rate":
            fmt = _percent_format(v.decimals if v.decimals is not None else 2)
            ws.cell(row=ws.max_row, column=5).number_format = fmt
            ws.cell(row=ws.max_row, column=10).number_format = fmt
    rows = len(keys)

    for key in breakdowns:
        v = values[key]
        bs = wb.create_sheet(sheet_title(v.label, used))
        base = definitions.get(v.denominator_keys[0]).label if v.denominator_keys else ""
        bs.append(row_cells(bs, [f"{dash.scope_label} {dash.period.label} {v.label}"]))
        bs["A1"].font = Font(bold=True, size=13)
        bs.append(row_cells(bs, [f"占比 = 各类件数 ÷ {base}（{v.denominator}件）；{v.definition}"]))
        bs.append(row_cells(bs, []))
        _head(bs, 4, ["类别", "件数", "占比"], [36, 10, 10])
        for item in v.items:
            bs.append(row_cells(bs, [str(item["label"]), item["count"], float(item["share"]) if item["share"] is not None else None]))
            bs.cell(row=bs.max_row, column=3).number_format = _percent_format(v.decimals or 2)
        bs.append(row_cells(bs, ["合计", sum(i["count"] for i in v.items), None]))
        bs.cell(row=bs.max_row, column=1).font = BOLD

    shares = {k.replace(".", "-") for k in breakdowns}
    for chart in dash.charts:
        if chart.id in shares:
            continue
        cs = wb.create_sheet(sheet_title(re.sub(r"（.*", "", chart.title), used))
        cs.append(row_cells(cs, [f"{dash.scope_label} {chart.title}"]))
        cs["A1"].font = Font(bold=True, size=13)
        cs.append(row_cells(cs, [chart.note]))
        cs.append(row_cells(cs, []))
        _head(cs, 4, chart.table["head"], [30] + [16] * (len(chart.table["head"]) - 1))
        for row in chart.table["rows"]:
            cells = [_cell_value(c["text"]) for c in row]
            cs.append(row_cells(cs, [v for v, _ in cells]))
            for i, (_, number_format) in enumerate(cells, start=1):
                if number_format:
                    cs.cell(row=cs.max_row, column=i).number_format = number_format
    wb.save(path)
    return rows

