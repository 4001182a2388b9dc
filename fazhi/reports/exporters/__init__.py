"""Exporters of a rendered report (``builder.RenderedReport``), live draft or frozen version alike:

* ``docx.py`` — Word in the GB/T 9704-2012 layout (DOMAIN.md §10), with python-docx;
* ``html.py`` — a standalone HTML page in which every number links to the records behind it;
* ``markdown.py`` — Markdown, with the numbers' definitions and sources as notes.

``export(report, "docx")`` returns the file's bytes; ``FORMATS`` gives each format's content type and suffix.
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word（GB/T 9704 公文格式）"),
    "html": ("text/html; charset=utf-8", ".html", "网页（数字可追溯到记录）"),
    "md": ("text/markdown; charset=utf-8", ".md", "Markdown"),
}


def export(report, fmt, base_url=""):
    """The bytes of ``report`` in format ``fmt`` (docx / html / md). ``base_url`` prefixes the drill-down links
    (e.g. ``https://fazhi.example.gov.cn``); empty gives site-relative links."""
    if fmt == "docx":
        from .docx import render

        return render(report)
    if fmt == "html":
        from .html import render

        return render(report, base_url=base_url).encode("utf-8")
    if fmt == "md":
        from .markdown import render

        return render(report, base_url=base_url).encode("utf-8")
    raise ValueError(f"不支持的格式：{fmt}（可选：docx、html、md）")


def filename(report, fmt):
    """``示范县人民政府2025年法治政府建设年度报告（第1版）.docx`` — a frozen version says which one."""
    version = f"（第{report.frozen.version}版）" if report.frozen is not None else "（草稿）"
    return f"{report.title}{version}{FORMATS[fmt][1]}"


def records_path():
    try:
        return reverse("indicators:records")
    except NoReverseMatch:  # the dashboard is not installed: the link still names the page it will be
        return "/indicators/records/"


def drill_url(report, key, base_url=""):
    """The drill-down page of the records behind ``key`` for this report's unit and year
    (``/indicators/records/?org=…&key=…&start=…&end=…``; ``unit_only=1`` when the report counts its own
    records only)."""
    params = {"org": report.scope["org"]}
    if not report.scope.get("subtree", True):
        params["unit_only"] = "1"
    params.update(key=key, start=report.start, end=report.end)
    return f"{base_url.rstrip('/')}{records_path()}?{urlencode(params)}"
