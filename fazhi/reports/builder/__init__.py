"""The report builder: what a unit's report counts, the draft drafted from its records, the suggestions
offered for the parts people write, and the rendering of a draft (live) or a frozen report (stored).

============================  ================================================================================
module                        job
============================  ================================================================================
``scope.py``                  what a report counts: :func:`report_scope`, :class:`ReportScope`, :class:`Keys`
``facts.py``                  the values with their year-on-year change: :func:`evaluate_facts`, :class:`Fact`,
                              :class:`Facts` (what a paragraph composer reads)
``paragraphs.py``             drafting: :func:`build_blocks`, :class:`Sentence`, :class:`Items`, headings,
                              preamble
``suggestions.py``            parts two and four: :func:`suggestions`, :class:`RisingRate`, :class:`RisingCount`,
                              :class:`FullRate`, :class:`FailedCheck`
``render.py``                 :func:`render_draft`, :func:`render_frozen`, :class:`RenderedReport`, the picker
``declarations.py``           what each registry's ``report.py`` declares (``KEYS``, ``PARAGRAPHS``, ``ITEMS``,
                              ``SUGGESTIONS``), read in INSTALLED_APPS order
============================  ================================================================================

The builder names no registry: a registry's report.py declares its keys, paragraphs, items and suggestion rules
with the classes above (``from fazhi.reports.builder import Keys, Sentence, …``), and docs/reports.md tells how."""

from .facts import Fact, Facts, evaluate_facts
from .paragraphs import Items, Sentence, build_blocks, default_title
from .render import (
    RenderedBlock,
    RenderedReport,
    all_facts,
    picker_items,
    render_draft,
    render_frozen,
    render_segments,
)
from .scope import ROLES, Keys, report_scope
from .suggestions import FailedCheck, FullRate, RisingCount, RisingRate, suggestions

__all__ = [
    # what the reports app, its exporters and its tests use
    "Fact", "RenderedBlock", "RenderedReport", "all_facts", "build_blocks", "default_title", "evaluate_facts", "picker_items",
    "render_draft", "render_frozen", "render_segments", "report_scope", "suggestions",
    # what a registry's report.py declares with
    "ROLES", "Facts", "FailedCheck", "FullRate", "Items", "Keys", "RisingCount", "RisingRate", "Sentence",
]
