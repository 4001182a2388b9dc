"""Rendering (:func:`render_draft`, :func:`render_frozen`): both give a :class:`RenderedReport` that the exporters
(``exporters/``) and the pages print. A draft is rendered with today's values from the engine; a frozen report
from the numbers stored with it. And the picker of the editor (:func:`picker_items`)."""

from dataclasses import dataclass, field
from datetime import date

from fazhi.indicators import definitions

from .. import tokens
from ..choices import HEADINGS, BlockLevel
from ..tokens import Ref
from .facts import Fact, evaluate_facts
from .scope import report_scope


def cn_date(day):
    """GB/T 9704 §7.3.5: 2024年2月1日 — Arabic numerals, the year in full, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass
class RenderedRef:
    """A reference as rendered: the reference, its text, and the fact behind it (None if unknown)."""

    ref: Ref
    text: str
    fact: Fact | None


@dataclass
class RenderedBlock:
    part: str
    section: str
    level: str
    source: str
    template: str
    segments: list  # str | RenderedRef
    id: int | None = None

    @property
    def text(self):
        return "".join(s if isinstance(s, str) else s.text for s in self.segments)

    @property
    def is_heading(self):
        return self.level in HEADINGS


@dataclass
class RenderedReport:
    """A report ready to print: header, blocks with their references rendered, the facts behind them, and
    the period and scope (for the drill-down links). ``frozen`` is the FrozenReport it was rendered from."""

    org: object
    year: int
    title: str
    addressee: str
    issuer: str
    issue_date: date | None
    scope: dict
    blocks: list
    facts: dict
    frozen: object = None
    errors: list = field(default_factory=list)

    @property
    def start(self):
        return self.scope["start"]

    @property
    def end(self):
        return self.scope["end"]

    def visible_blocks(self):
        """The blocks that go into an output: empty paragraphs are left out, and so is a heading below the part
        headings with nothing under it (the five part headings always stay: the parts are statutory)."""
        blocks = [b for b in self.blocks if b.is_heading or b.text.strip()]
        out = []
        for i, b in enumerate(blocks):
            if b.is_heading and b.level != BlockLevel.HEADING1:
                rank = HEADINGS.index(b.level)
                following = next((x for x in blocks[i + 1 :] if not (x.is_heading and HEADINGS.index(x.level) > rank)), None)
                if following is None or following.is_heading:
                    continue
            out.append(b)
        return out

    def date_text(self):
        return cn_date(self.issue_date)

    def full_text(self):
        """The report as plain text, one paragraph a line: title, addressee, blocks, issuer, date."""
        lines = [self.title]
        if self.addressee:
            lines.append(self.addressee + "：")
        lines += [b.text for b in self.visible_blocks()]
        lines += [self.issuer, self.date_text()]
        return "\n".join(line for line in lines if line)

    def references(self):
        """Every rendered reference, in reading order."""
        return [s for b in self.visible_blocks() for s in b.segments if isinstance(s, RenderedRef)]


def render_segments(text, facts):
    out = []
    for part in tokens.split(text):
        if isinstance(part, str):
            out.append(part)
        else:
            fact = facts.get(part.key)
            out.append(RenderedRef(part, fact.render(part.fmt) if fact is not None else f"〔未定义的指标：{part.key}〕", fact))
    return out


def render_draft(draft, *, with_records=False, blocks=None, facts=None):
    """The draft rendered with today's values (one evaluation of all the references it holds; ``facts`` may
    pass values already evaluated for this report, e.g. :func:`all_facts`)."""
    blocks = list(draft.blocks.order_by("position")) if blocks is None else blocks
    scope = report_scope(draft.org, draft.year)
    keys = [r.key for b in blocks for r in tokens.refs(b.text)]
    if facts is None or not set(keys) <= set(facts) or with_records:
        facts = evaluate_facts(scope, keys, with_records=with_records)
    errors = []
    for i, b in enumerate(blocks, start=1):
        errors += tokens.errors(b.text, f"第{i}段")
    rendered = [RenderedBlock(b.part, b.section, b.level, b.source, b.text, render_segments(b.text, facts), b.pk) for b in blocks]
    return RenderedReport(draft.org, draft.year, draft.title, draft.addressee, draft.issuer, draft.issue_date, scope.as_dict(),
                          rendered, facts, None, errors)


def render_frozen(frozen):
    """A frozen report rendered from what it stored (no engine, no records): the same text it was frozen with."""
    facts = {n["key"]: Fact.from_dict(n) for n in frozen.numbers}
    rendered = [RenderedBlock(b["part"], b.get("section", ""), b["level"], b.get("source", ""), b["template"],
                              render_segments(b["template"], facts)) for b in frozen.blocks]
    return RenderedReport(frozen.org, frozen.year, frozen.title, frozen.addressee, frozen.issuer, frozen.issue_date, frozen.scope,
                          rendered, facts, frozen)


def referable_keys(scope):
    """Every registered key a reference may name, the ones the builder uses for this unit first."""
    common = scope.keys()
    return common + [k for k, x in definitions.REGISTRY.items() if x.kind in tokens.REFERABLE_KINDS and k not in common]


def all_facts(draft):
    """{key: Fact} of every referable indicator for ``draft``'s report (the editor needs them all: the picker,
    the suggestions and the text), in one evaluation."""
    scope = report_scope(draft.org, draft.year)
    return evaluate_facts(scope, referable_keys(scope))


def picker_items(draft, facts=None):
    """The registered indicators a reference may name, with their current values for this report: the ones
    the builder uses for this unit first. [{"key", "label", "kind", "display", "yoy", "definition", "common"}]"""
    scope = report_scope(draft.org, draft.year)
    common = scope.keys()
    keys = referable_keys(scope)
    facts = facts if facts is not None else evaluate_facts(scope, keys)
    out = []
    for key in keys:
        fact = facts.get(key)
        if fact is None:
            continue
        out.append({"key": key, "label": fact.label, "kind": fact.kind, "display": fact.display,
                    "yoy": fact.render("yoy") if fact.change else "", "prev": fact.previous_display, "definition": fact.definition,
                    "common": key in common, "source": fact.source_note()})
    return out
