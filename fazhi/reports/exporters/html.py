"""HTML output: a standalone page (its styles inline, nothing loaded from outside) in which every number is a
link to the records behind it (``/indicators/records/?org=…&key=…&start=…&end=…``), with the indicator's
definition as its tooltip. :func:`fragment` is the ``<article>`` alone, which the report pages embed."""

from django.utils.html import escape
from django.utils.timezone import localtime

from ..choices import BlockLevel
from . import drill_url
from .docx import title_lines

TAGS = {
    BlockLevel.HEADING1: ("h2", "fz-h1"),
    BlockLevel.HEADING2: ("h3", "fz-h2"),
    BlockLevel.HEADING3: ("h4", "fz-h3"),
    BlockLevel.HEADING4: ("h5", "fz-h4"),
    BlockLevel.PARAGRAPH: ("p", "fz-p"),
}

PAGE_STYLE = "body { background: #f3f3f3; margin: 0; }"
#: The report's own styles, shared by the standalone page and the report pages of the platform.
STYLE = """
.fz-report { box-sizing: border-box; max-width: 210mm; margin: 1rem auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
  color: #000; font-family: "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt;
  line-height: 28.95pt; text-align: justify; }
.fz-report h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", serif;
  font-size: 22pt; line-height: 36pt; text-align: center; font-weight: normal; margin: 0 0 28.95pt; }
.fz-report h2, .fz-report h3, .fz-report h4, .fz-report h5, .fz-report p { font-size: 16pt; font-weight: normal; margin: 0;
  text-indent: 2em; line-height: 28.95pt; }
.fz-report .fz-h1 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
.fz-report .fz-h2 { font-family: "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif; }
.fz-report .fz-addressee { text-indent: 0; }
.fz-report .fz-signature { text-align: right; margin-top: 57.9pt; padding-right: 4em; }
.fz-report .fz-signature-box { display: inline-block; text-align: center; }
.fz-report .fz-signature-box p { text-indent: 0; text-align: center; }
.fz-report a.fz-num { color: inherit; text-decoration: underline dotted #a61b1b; text-underline-offset: 3px; }
.fz-report a.fz-num:hover { background: #fff3cd; }
.fz-report .fz-meta { margin-top: 2rem; font: 10.5pt/1.6 sans-serif; color: #6c757d; text-indent: 0; border-top: 1px solid #ddd;
  padding-top: .5rem; text-align: left; }
@media print { .fz-report { margin: 0; padding: 0; } .fz-meta { display: none; } }
"""


def ref_title(fact, fmt):
    if fact is None:
        return "未定义的指标"
    parts = [f"{fact.label}：{fact.definition}"]
    if fact.kind == "rate" and fact.denominator is not None:
        parts.append(f"{fact.numerator}/{fact.denominator}")
    if fmt in ("yoy", "prev"):
        parts.append(fact.source_note())
    return "；".join(parts)


def block_html(report, block, base_url=""):
    out = []
    for seg in block.segments:
        if isinstance(seg, str):
            out.append(escape(seg))
        elif seg.fact is None:
            out.append(f'<span class="fz-num fz-broken">{escape(seg.text)}</span>')
        else:
            out.append(
                f'<a class="fz-num" href="{escape(drill_url(report, seg.ref.key, base_url))}" data-key="{escape(seg.ref.key)}" '
                f'data-fmt="{escape(seg.ref.fmt)}" title="{escape(ref_title(seg.fact, seg.ref.fmt))}">{escape(seg.text)}</a>'
            )
    return "".join(out)


def fragment(report, base_url=""):
    """The report as an ``<article class="fz-report">``."""
    title = "<br>".join(escape(line) for line in title_lines(report.title, report.issuer))
    lines = ['<article class="fz-report" lang="zh-CN">', f"<h1>{title}</h1>"]
    if report.addressee:
        lines.append(f'<p class="fz-addressee">{escape(report.addressee)}：</p>')
    for block in report.visible_blocks():
        tag, css = TAGS[block.level]
        source = f' data-source="{escape(block.source)}"' if block.source else ""
        lines.append(f'<{tag} class="{css}"{source}>{block_html(report, block, base_url)}</{tag}>')
    # The issuer centred over the date, the date four characters in from the right (GB/T 9704 §7.3.5).
    lines.append(f'<div class="fz-signature"><div class="fz-signature-box"><p class="fz-issuer">{escape(report.issuer)}</p>'
                 f'<p class="fz-date">{escape(report.date_text())}</p></div></div>')
    if report.frozen is not None:
        f = report.frozen
        meta = f"定稿第{f.version}版 · {localtime(f.frozen_at):%Y-%m-%d %H:%M} · 内容哈希 SHA-256 {f.content_hash}"
    else:
        meta = "草稿：数字为生成时根据登记记录计算的实时值，定稿后固定。"
    lines.append(f'<p class="fz-meta">{escape(meta)} · 点击带下划线的数字可查看其背后的记录。</p>')
    lines.append("</article>")
    return "\n".join(lines)


def render(report, base_url=""):
    """The standalone HTML page."""
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(report.title)}</title>\n<style>{PAGE_STYLE}{STYLE}</style>\n</head>\n<body>\n{fragment(report, base_url)}\n</body>\n</html>\n"
    )
