"""Drafting (:func:`build_blocks`): the blocks of a new draft.

Part one follows the report's themes (``choices.PART_ONE_SECTIONS``); each theme is the year's items of that
theme (records a registry declares as :class:`Items`: the work ledger's entries, highlights first), then the
indicator paragraphs (:class:`Sentence`) the registries declare for it. Numbers are written as references
(``tokens.py``), never as digits; a clause whose count is zero is left out. Parts two and four are left for
people to write, with suggestions drawn from the data (``suggestions.py``); part three takes the items of the
第一责任人 theme, part five those of 其他 (else "无。")."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from fazhi.core.choices import OrgKind
from fazhi.core.models import subtree_q

from ..choices import PART_ONE_SECTIONS, BlockLevel, ReportPart, ReportSection
from .declarations import declared
from .facts import Facts, evaluate_facts
from .scope import report_scope

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n):
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、 （一） and 一是)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


@dataclass(frozen=True)
class Sentence:
    """An indicator paragraph of part one (a registry's report.py ``PARAGRAPHS``): ``compose(facts)`` — facts
    being :class:`~.facts.Facts` — returns ``(lead, body)``, written as "N是{lead}。{body}", or None when there
    is nothing to say. ``section`` is its theme (``choices.ReportSection``, one of part one's), ``roles`` the
    report roles it applies to; ``code`` names it in the block's source (``indicator:<code>``)."""

    code: str
    section: str
    roles: tuple
    compose: Callable


@dataclass(frozen=True)
class Items:
    """Records a report lists as they are (a registry's report.py ``ITEMS``), each as "N是{title}。{text}"
    under its theme: ``section_field`` holds a ``choices.ReportSection`` value (part one's themes, 第一责任人 for
    part three, 其他 for part five). A report takes the records of its year (``date_field``): the county
    government its own and the highlights (``highlight_field``) of the units below it, the justice bureau its own
    and its stations', a department or township its own; highlights first, then by date."""

    model: type
    date_field: str
    section_field: str
    title_field: str
    text_field: str
    highlight_field: str

    def records(self, scope, user=None):
        """The records ``scope``'s report draws on, through ``visible_to(user)`` when a user drafts (the CLI, run
        by the operator, passes none)."""
        manager = self.model.objects
        qs = manager.visible_to(user) if user is not None else manager.all()
        qs = qs.filter(**{f"{self.date_field}__gte": scope.start, f"{self.date_field}__lte": scope.end})
        org = scope.org
        if scope.role == "government":
            qs = qs.filter(Q(org=org) | (subtree_q("org", org) & Q(**{self.highlight_field: True})))
        elif scope.role == "office":
            qs = qs.filter(subtree_q("org", org))
        else:
            qs = qs.filter(org=org)
        return list(qs.order_by(f"-{self.highlight_field}", self.date_field, "pk"))

    def item(self, record):
        """``(section, lead, body, source)`` of ``record``: its title as the lead, its text as the body (not
        repeating the title); the source is ``<app label>.<model name>:<pk>``."""
        lead = _TRAILING.sub("", getattr(record, self.title_field).strip())
        body = getattr(record, self.text_field).strip()
        if body.startswith(lead):
            body = body[len(lead):].lstrip("。，,.；; ")
        if body and not body.endswith(("。", "！", "？", "”", "）")):
            body += "。"
        return getattr(record, self.section_field), lead, body, f"{record._meta.label_lower}:{record.pk}"


_TRAILING = re.compile(r"[。．.；;，,：:、\s]+$")


@dataclass
class BlockSpec:
    """A block the builder proposes (saved as a ReportBlock)."""

    part: str
    level: str
    text: str
    section: str = ""
    source: str = ""


def part_headings(org, year):
    """The five parts' headings (督察工作规定: the previous year's measures and results, shortcomings and causes,
    the principal leaders' duty as 第一责任人, next year's plan, other matters)."""
    leaders = "党政主要负责人" if org.kind in (OrgKind.GOVERNMENT, OrgKind.TOWNSHIP) else "主要负责人"
    return {
        ReportPart.MEASURES: f"一、{year}年推进法治政府建设的主要举措和成效",
        ReportPart.SHORTCOMINGS: f"二、{year}年推进法治政府建设存在的不足和原因",
        ReportPart.PRINCIPAL_DUTY: f"三、{year}年{leaders}履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        ReportPart.PLANS: f"四、{year + 1}年推进法治政府建设的主要安排",
        ReportPart.OTHER: "五、其他需要报告的情况",
    }


def default_title(org, year):
    return f"{org.name}{year}年法治政府建设年度报告"


def preamble(org, year):
    guide = "认真落实《法治政府建设实施纲要（2021—2025年）》" if year <= 2025 else "认真落实党中央、国务院关于法治政府建设的决策部署"
    return (f"{year}年，{org.name}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，{guide}，"
            f"扎实推进依法行政，法治政府建设取得新的成效。现将{year}年度法治政府建设情况报告如下。")


def report_items(scope, user=None):
    """``(section, lead, body, source)`` of every record the registries' :class:`Items` give ``scope``'s report,
    in registry order."""
    return [items.item(record) for items in declared("ITEMS") for record in items.records(scope, user)]


def items_paragraphs(part, section, items):
    """"一是{lead}。{body}" paragraphs of ``items`` (``(lead, body, source)``), numbered within their theme."""
    out = []
    for n, (lead, body, source) in enumerate(items, start=1):
        text = f"{cn_number(n)}是{lead}。{body}" if lead else body
        out.append(BlockSpec(part, BlockLevel.PARAGRAPH, text, section, source))
    return out


def build_blocks(draft, user=None):
    """The blocks of a new draft of ``draft.org``'s report for ``draft.year`` (see the module docstring)."""
    scope = report_scope(draft.org, draft.year)
    facts = Facts(evaluate_facts(scope, scope.keys()), scope)
    items = report_items(scope, user)
    sentences = declared("PARAGRAPHS")
    heads = part_headings(draft.org, draft.year)

    def of_section(section):
        return [(lead, body, source) for item_section, lead, body, source in items if item_section == section]

    blocks = [BlockSpec(ReportPart.PREAMBLE, BlockLevel.PARAGRAPH, preamble(draft.org, draft.year))]
    blocks.append(BlockSpec(ReportPart.MEASURES, BlockLevel.HEADING1, heads[ReportPart.MEASURES]))
    n = 0
    for section in PART_ONE_SECTIONS:
        paragraphs = of_section(section)
        for sentence in sentences:
            if sentence.section == section and scope.role in sentence.roles:
                composed = sentence.compose(facts)
                if composed:
                    paragraphs.append((*composed, f"indicator:{sentence.code}"))
        if not paragraphs:
            continue
        n += 1
        blocks.append(BlockSpec(ReportPart.MEASURES, BlockLevel.HEADING2, f"（{cn_number(n)}）{ReportSection(section).label}", section))
        blocks += items_paragraphs(ReportPart.MEASURES, section, paragraphs)
    if n == 0:
        blocks.append(BlockSpec(ReportPart.MEASURES, BlockLevel.PARAGRAPH, ""))

    blocks.append(BlockSpec(ReportPart.SHORTCOMINGS, BlockLevel.HEADING1, heads[ReportPart.SHORTCOMINGS]))
    blocks.append(BlockSpec(ReportPart.SHORTCOMINGS, BlockLevel.PARAGRAPH, ""))

    blocks.append(BlockSpec(ReportPart.PRINCIPAL_DUTY, BlockLevel.HEADING1, heads[ReportPart.PRINCIPAL_DUTY]))
    duty = items_paragraphs(ReportPart.PRINCIPAL_DUTY, "", of_section(ReportSection.PRINCIPAL_DUTY))
    blocks += duty or [BlockSpec(ReportPart.PRINCIPAL_DUTY, BlockLevel.PARAGRAPH, "")]

    blocks.append(BlockSpec(ReportPart.PLANS, BlockLevel.HEADING1, heads[ReportPart.PLANS]))
    blocks.append(BlockSpec(ReportPart.PLANS, BlockLevel.PARAGRAPH, ""))

    blocks.append(BlockSpec(ReportPart.OTHER, BlockLevel.HEADING1, heads[ReportPart.OTHER]))
    other = items_paragraphs(ReportPart.OTHER, "", of_section(ReportSection.OTHER))
    blocks += other or [BlockSpec(ReportPart.OTHER, BlockLevel.PARAGRAPH, "无。")]
    return blocks
