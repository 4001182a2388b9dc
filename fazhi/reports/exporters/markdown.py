"""Markdown output: the report's text with its headings as Markdown headings, then "数据说明" — each
number's indicator, definition, record count, last year's value and its source, and the link to its records."""

import re

from django.utils.timezone import localtime

from ..choices import BlockLevel
from . import drill_url

HASHES = {BlockLevel.HEADING1: "##", BlockLevel.HEADING2: "###", BlockLevel.HEADING3: "####", BlockLevel.HEADING4: "#####"}
SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text):
    return SPECIAL.sub(r"\\\1", text)


def render(report, base_url="", notes=True):
    lines = [f"# {escape(report.title)}", ""]
    if report.addressee:
        lines += [escape(report.addressee) + "：", ""]
    for block in report.visible_blocks():
        hashes = HASHES.get(block.level)
        lines += [f"{hashes} {escape(block.text)}" if hashes else escape(block.text), ""]
    lines += [escape(report.issuer), "", report.date_text(), ""]
    if report.frozen is not None:
        lines += [f"> 定稿第{report.frozen.version}版，{localtime(report.frozen.frozen_at):%Y-%m-%d %H:%M}，内容哈希 SHA-256 `{report.frozen.content_hash}`", ""]
    else:
        lines += ["> 草稿：数字为生成时根据登记记录计算的实时值，定稿后固定。", ""]
    if notes:
        used = list(dict.fromkeys(r.ref.key for r in report.references()))
        if used:
            lines += ["---", "", "## 数据说明", "", "| 指标 | 数值 | 定义 | 记录数 | 上年 | 记录 |", "|---|---|---|---|---|---|"]
            for key in used:
                f = report.facts.get(key)
                if f is None:
                    continue
                value = f.display + (f"（{f.numerator}/{f.denominator}）" if f.kind == "rate" and f.denominator is not None else "")
                previous = f"{f.previous_display}（{f.source_note()}）" if f.previous_display else "—"
                records = "—" if f.records is None else str(f.records)
                lines.append(f"| {escape(f.label)} `{key}` | {escape(value)} | {escape(f.definition)} | {records} | {escape(previous)} "
                             f"| [查看]({drill_url(report, key, base_url)}) |")
            lines.append("")
    return "\n".join(lines)
