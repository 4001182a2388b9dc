"""Indicator references in report text.

The figures of a report are not typed digits: a block's text holds references that are evaluated whenever
the report is rendered, so that a number in the report is always the engine's number for its indicator
(DESIGN.md §2: the report builder reads numbers only from the engine). A reference is written

=============================  ===========================================  ==========================
token                          renders                                      example
=============================  ===========================================  ==========================
``{{key}}``                    the value with its unit                      151件 · 3.03%
``{{key|yoy}}``                the year-on-year phrase (compare.py)         同比增长12件、7.9% · 同比上升2.43个百分点
``{{key|prev}}``               last year's value (records or a baseline)    139件
=============================  ===========================================  ==========================

In the browser each reference is an atomic chip (``<span contenteditable="false" data-ref="key|fmt">``);
``static/js/report-editor.js`` writes the chips back as tokens, and :func:`errors` refuses any text whose
references are unknown or broken, so a typing accident cannot turn a reference into a typed number.
"""

import re
from dataclasses import dataclass

from fazhi.indicators import definitions

TOKEN_RE = re.compile(r"\{\{([^{}|]*)(?:\|([^{}]*))?\}\}")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

#: fmt → what it shows (for the picker and for error messages)
FORMATS = {"": "数值", "yoy": "同比", "prev": "上年数值"}
#: Indicator kinds a report can reference (breakdowns are tables, not one number).
REFERABLE_KINDS = ("count", "rate", "sum", "average", "max")
#: Kinds that have a year-on-year comparison (compare.year_on_year).
COMPARABLE_KINDS = ("count", "rate")


@dataclass(frozen=True)
class Ref:
    """One reference: an indicator key and a format ("" / "yoy" / "prev")."""

    key: str
    fmt: str = ""

    @property
    def data_ref(self):
        """The value of the chip's ``data-ref`` attribute: ``key`` or ``key|fmt``."""
        return f"{self.key}|{self.fmt}" if self.fmt else self.key

    @property
    def token(self):
        return "{{" + self.data_ref + "}}"

    @classmethod
    def parse(cls, data_ref):
        key, _, fmt = (data_ref or "").partition("|")
        return cls(key.strip(), fmt.strip())


def token(key, fmt=""):
    """``token("<label>.received", "yoy")`` → ``"{{<label>.received|yoy}}"``."""
    return Ref(key, fmt).token


def split(text):
    """The text as a list of literal strings and :class:`Ref` items, in order."""
    out, pos = [], 0
    for m in TOKEN_RE.finditer(text or ""):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        out.append(Ref(m.group(1).strip(), (m.group(2) or "").strip()))
        pos = m.end()
    if pos < len(text or ""):
        out.append(text[pos:])
    return out


def refs(text):
    """The references of a text, in order (repeats kept)."""
    return [part for part in split(text) if isinstance(part, Ref)]


def errors(text, where=""):
    """Chinese messages for every reference in ``text`` that cannot be rendered; [] when all are sound."""
    problems = []
    for ref in refs(text):
        shown = ref.token
        if not KEY_RE.match(ref.key) or ref.key not in definitions.REGISTRY:
            problems.append(f"{where}引用了未定义的指标“{ref.key or shown}”。")
            continue
        definition = definitions.REGISTRY[ref.key]
        if definition.kind not in REFERABLE_KINDS:
            problems.append(f"{where}指标“{definition.label}”（{ref.key}）是分布表，不能作为一个数字引用。")
            continue
        if ref.fmt not in FORMATS:
            problems.append(f"{where}指标引用“{shown}”的格式“{ref.fmt}”无效（可用：yoy 同比、prev 上年数值）。")
            continue
        if ref.fmt and definition.kind not in COMPARABLE_KINDS:
            problems.append(f"{where}指标“{definition.label}”没有同比数据，只能引用数值。")
    rest = TOKEN_RE.sub("", text or "")
    if "{{" in rest or "}}" in rest:
        problems.append(f"{where}有不完整的指标引用（“{{{{”与“}}}}”未配对）。")
    return problems
