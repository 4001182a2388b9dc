"""The report builder: what a unit's report counts, the draft drafted from its records, the suggestions
offered for the parts people write, and the rendering of a draft (live) or a frozen report (stored).

Scope of a report (:func:`report_scope`)
    * the county government: its whole subtree — reconsideration as the county's office counts it
      (``reconsideration.*``), lawsuits against any of its units, with the 县政府单独被告 / 部门及乡镇 split;
    * the justice bureau: its own records — the reconsideration cases it handles as the county's
      行政复议机构 (``reconsideration.*`` for the bureau alone) and the lawsuits in which it is the defendant;
    * a department or a township: its own records — the reconsideration cases in which it is the respondent
      (``reconsideration.respondent.*``) and the lawsuits in which it is the defendant.
    Figures are computed for the reporting unit (``Scope(org, subtree)``), not through the viewing user's data
    scope: a department's liaison cannot open the bureau's case files, yet the department's report states
    how many of them were brought against it. Who may open a report is decided by the draft's own scope
    (``ReportDraft.objects.visible_to``); the drill-down links behind each number go through the user's scope.

Drafting (:func:`build_blocks`)
    Part one follows the themes of the ledger (``oversight.choices.PART_ONE_SECTIONS``); each theme is the
    year's ledger entries of that theme, highlights first, then the indicator paragraphs of :data:`SENTENCES`
    for it. Numbers are written as references (``tokens.py``), never as digits; a clause whose count is zero
    is left out. Parts two and four are left for people to write, with :func:`suggestions` drawn from the
    data; part three takes the ledger's 第一责任人 entries, part five its 其他 entries (else "无。").

Rendering (:func:`render_draft`, :func:`render_frozen`)
    Both give a :class:`RenderedReport` that the exporters (``exporters/``) and the pages print. A draft is
    rendered with today's values from the engine; a frozen report from the numbers stored with it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from fazhi.core.choices import OrgKind
from fazhi.core.models import subtree_q
from fazhi.indicators import definitions as d
from fazhi.indicators.compare import year_on_year
from fazhi.indicators.engine import Engine, Scope, year_period
from fazhi.indicators.presets import resolve

from . import tokens
from .choices import HEADINGS, BlockLevel, ReportPart
from .tokens import Ref, token

R = "reconsideration."
RR = "reconsideration.respondent."
L = "litigation."

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n):
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、 （一） and 一是)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def cn_date(day):
    """GB/T 9704 §7.3.5: 2024年2月1日 — Arabic numerals, the year in full, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# ---- scope ------------------------------------------------------------------------------------------------
#: The indicators the builder writes about, by the role of the reporting unit.
RECON_OFFICE_KEYS = [
    R + k for k in ("received", "accepted", "resolved_before_acceptance", "redirected", "refused", "abandoned",
                    "pending_acceptance", "closed", "closed_carried_over", "corrected", "correction_rate", "mediation_rate",
                    "resolution_rate", "on_time_rate", "lawsuits_after", "lost_after")
]
RECON_RESPONDENT_KEYS = [RR + k for k in ("received", "closed", "upheld", "corrected", "correction_rate")]
LIT_KEYS = [L + k for k in ("received", "closed_first_instance", "lost", "loss_rate", "mediated_or_withdrawn",
                            "mediation_withdrawal_rate", "heard", "head_appeared", "head_appearance_rate")]
LIT_SPLIT_KEYS = [L + k + s for s in (".government", ".departments") for k in ("closed_first_instance", "lost", "loss_rate")]
#: 依法决策: legality review (by the reviewing office), normative documents, major decisions and contracts.
LEGALITY_KEYS = ["legality.reviewed"] + [f"legality.reviewed.{k}" for k in ("normative_document", "major_decision", "administrative_contract", "meeting_topic")] + ["legality.opinion_items"]
NORMATIVE_KEYS = [f"normative.{k}" for k in ("issued", "filed", "filing_rate", "timely_filing_rate", "cleaned", "cleanup_repealed_or_invalid")]
DECISION_KEYS = [f"decisions.{k}" for k in ("decided", "consultations", "hearings", "expert_reviews", "risk_assessments", "completeness_rate")] + ["contracts.signed", "contracts.reviewed"]


@dataclass(frozen=True)
class ReportScope:
    """What one report counts: the org, with or without its subtree, the year, and the unit's role
    (``government`` / ``office`` (the justice bureau) / ``unit`` (a department or a township))."""

    org: object
    year: int
    subtree: bool
    role: str

    @property
    def start(self):
        return year_period(self.year)[0]

    @property
    def end(self):
        return year_period(self.year)[1]

    @property
    def engine_scope(self):
        return Scope(self.org, self.subtree)

    def keys(self):
        """The registered keys the builder uses for this role (unregistered ones are skipped)."""
        if self.role == "government":
            keys = RECON_OFFICE_KEYS + LIT_KEYS + LIT_SPLIT_KEYS + LEGALITY_KEYS + NORMATIVE_KEYS + DECISION_KEYS
        elif self.role == "office":
            keys = RECON_OFFICE_KEYS + LIT_KEYS + LEGALITY_KEYS + NORMATIVE_KEYS + DECISION_KEYS
        else:
            keys = RECON_RESPONDENT_KEYS + LIT_KEYS + NORMATIVE_KEYS + DECISION_KEYS
        for outcome in _outcomes():
            if self.role != "unit":
                keys.append(R + outcome)
        return [k for k in dict.fromkeys(keys) if k in d.REGISTRY]

    def presets(self):
        from fazhi.core.rules import get_rule

        return [p.name for p in resolve(get_rule(self.org, "indicator_preset"))]

    def as_dict(self):
        return {"org": self.org.code, "org_name": self.org.name, "year": self.year, "subtree": self.subtree, "role": self.role,
                "start": self.start.isoformat(), "end": self.end.isoformat(), "presets": self.presets()}


def report_scope(org, year):
    """The :class:`ReportScope` of ``org``'s report for ``year`` (see the module docstring)."""
    if org.kind == OrgKind.GOVERNMENT:
        return ReportScope(org, year, True, "government")
    if org.kind == OrgKind.BUREAU:
        return ReportScope(org, year, False, "office")
    return ReportScope(org, year, False, "unit")


def _outcomes():
    from fazhi.reconsideration.choices import Outcome

    return [o.value for o in Outcome]


def _outcome_labels():
    from fazhi.reconsideration.choices import Outcome

    return dict(Outcome.choices)


# ---- facts: a value with its year-on-year change ---------------------------------------------------------
def _plain(value):
    """A value as JSON can hold it: ints stay ints, Decimals become strings."""
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass
class Fact:
    """One indicator of one report: its value, how it is defined, and its year-on-year change. This is what a
    frozen report stores for every number (``as_dict``) and what every reference renders from."""

    key: str
    label: str
    kind: str
    unit: str
    value: object
    display: str
    definition: str = ""
    numerator: int | None = None
    denominator: int | None = None
    numerator_keys: tuple = ()
    denominator_keys: tuple = ()
    decimals: int | None = None
    rounding: str = ""
    previous: object = None
    previous_display: str = ""
    change: str = ""  # compare.Comparison.text(): "增长12件、7.9%" / "上升2.43个百分点" / "持平" / ""
    direction: str | None = None  # up / down / flat / None
    previous_source: str = ""  # records / baseline / ""
    baseline_source: str = ""
    records: int | None = None  # the number of records behind the value (a rate: its numerator)

    def render(self, fmt=""):
        """The text of a reference to this fact in format ``fmt`` (see tokens.py)."""
        if fmt == "yoy":
            if not self.change:
                return "（无上年可比数据）"
            return "与上年持平" if self.change == "持平" else "同比" + self.change
        if fmt == "prev":
            return self.previous_display or "（无上年数据）"
        return self.display

    def source_note(self):
        """Where last year's value comes from, in words (for tooltips and the notes of the exports)."""
        if self.previous_source == "records":
            return "上年数据来自本平台登记的记录"
        if self.previous_source == "baseline":
            return f"上年数据来自基期数据：{self.baseline_source or '已公布的报告'}"
        return "无上年可比数据"

    def as_dict(self):
        return {
            "key": self.key, "label": self.label, "kind": self.kind, "unit": self.unit, "value": _plain(self.value),
            "display": self.display, "definition": self.definition, "numerator": self.numerator, "denominator": self.denominator,
            "numerator_keys": list(self.numerator_keys), "denominator_keys": list(self.denominator_keys), "decimals": self.decimals,
            "rounding": self.rounding, "previous": _plain(self.previous), "previous_display": self.previous_display,
            "change": self.change, "direction": self.direction, "previous_source": self.previous_source,
            "baseline_source": self.baseline_source, "records": self.records,
        }

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["numerator_keys"] = tuple(data.get("numerator_keys") or ())
        data["denominator_keys"] = tuple(data.get("denominator_keys") or ())
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def _previous_display(value, previous):
    if previous is None:
        return ""
    if value.kind == "count":
        return f"{int(previous)}{value.unit}"
    if value.kind == "rate":
        p = Decimal(str(previous))
        if value.decimals is not None:
            p = p.quantize(Decimal(1).scaleb(-value.decimals))
        return f"{p}%"
    return f"{previous}{value.unit}"


def evaluate_facts(scope, keys, *, with_records=False):
    """{key: Fact} for the referable ``keys`` (unknown and non-referable keys are left out): counts and rates with
    their year-on-year change (compare.year_on_year, records or baseline), other measures as they are; with
    ``with_records`` also the number of records behind each value (one COUNT per key)."""
    keys = [k for k in dict.fromkeys(keys) if k in d.REGISTRY and d.REGISTRY[k].kind in tokens.REFERABLE_KINDS]
    comparable = [k for k in keys if d.REGISTRY[k].kind in tokens.COMPARABLE_KINDS]
    others = [k for k in keys if k not in comparable]
    comparisons = year_on_year(scope.org, scope.start, scope.end, comparable, subtree=scope.subtree) if comparable else {}
    engine = Engine(scope.engine_scope, scope.start, scope.end)
    values = engine.evaluate(others) if others else {}
    out = {}
    for key in keys:
        c = comparisons.get(key)
        v = c.current if c is not None else values[key]
        fact = Fact(
            key=key, label=v.label, kind=v.kind, unit=v.unit, value=v.value, display=v.display(), definition=v.definition,
            numerator=v.numerator, denominator=v.denominator, numerator_keys=tuple(v.numerator_keys),
            denominator_keys=tuple(v.denominator_keys), decimals=v.decimals, rounding=v.rounding,
        )
        if c is not None and c.previous is not None and c.change is not None:
            fact.previous = c.previous
            fact.previous_display = _previous_display(v, c.previous)
            fact.change = c.text()
            fact.direction = c.direction
            fact.previous_source = c.source
            fact.baseline_source = c.baseline_source
        if with_records:
            fact.records = engine.records(key).count()
        out[key] = fact
    return out


# ---- indicator paragraphs -------------------------------------------------------------------------------
class Facts:
    """What a sentence composer sees: ``tok(key)`` writes a reference, ``nz(key)`` says whether the value is
    non-zero, ``yoy(key)`` writes "，{{key|yoy}}" when there is a prior value to compare with."""

    def __init__(self, facts, scope):
        self.facts = facts
        self.scope = scope

    def has(self, key):
        return key in self.facts and self.facts[key].value is not None

    def value(self, key):
        f = self.facts.get(key)
        return f.value if f is not None else None

    def nz(self, key):
        v = self.value(key)
        return v is not None and v != 0

    def label(self, key):
        return self.facts[key].label

    def tok(self, key, fmt=""):
        return token(key, fmt)

    def yoy(self, key, sep="，"):
        f = self.facts.get(key)
        return f"{sep}{token(key, 'yoy')}" if f is not None and f.change else ""


@dataclass(frozen=True)
class Sentence:
    """An indicator paragraph of part one: ``compose(facts)`` returns ``(lead, body)`` — written as
    "N是{lead}。{body}" — or None when there is nothing to say. ``roles`` are the report roles it applies to."""

    code: str
    section: str
    roles: tuple
    compose: Callable


def _reconsideration_office(f):
    if not (f.nz(R + "received") or f.nz(R + "closed")):
        return None
    body = f"全年共收到行政复议申请{f.tok(R + 'received')}{f.yoy(R + 'received')}"
    intake = [f"受理{f.tok(R + 'accepted')}"] if f.nz(R + "accepted") else []
    for name, word in (("resolved_before_acceptance", "受理前调撤"), ("redirected", "告知（转送）"), ("refused", "不予受理"),
                       ("abandoned", "视为放弃"), ("pending_acceptance", "尚在受理审查")):
        if f.nz(R + name):
            intake.append(f"{word}{f.tok(R + name)}")
    body += ("，" + "，".join(intake) if intake else "") + "。"
    if f.nz(R + "closed"):
        body += f"审结{f.tok(R + 'closed')}"
        if f.nz(R + "closed_carried_over"):
            body += f"（含上年结转{f.tok(R + 'closed_carried_over')}）"
        labels = _outcome_labels()
        outcomes = [f"{labels[o]}{f.tok(R + o)}" for o in _outcomes() if f.nz(R + o)]
        if outcomes:
            body += "，其中" + "、".join(outcomes)
        body += "。"
        rates = [f"直接纠错{f.tok(R + 'corrected')}"] if f.nz(R + "corrected") else []
        if f.has(R + "correction_rate"):
            rates.append(f"{f.label(R + 'correction_rate')}{f.tok(R + 'correction_rate')}{f.yoy(R + 'correction_rate')}")
        for name in ("mediation_rate", "resolution_rate", "on_time_rate"):
            if f.has(R + name):
                rates.append(f"{f.label(R + name)}{f.tok(R + name)}")
        if rates:
            body += "，".join(rates) + "。"
    if f.nz(R + "lawsuits_after"):
        body += f"复议后起诉{f.tok(R + 'lawsuits_after')}"
        body += (f"，复议后败诉{f.tok(R + 'lost_after')}" if f.has(R + "lost_after") else "") + "。"
    return "发挥行政复议化解行政争议主渠道作用", body


def _reconsideration_respondent(f):
    lead = "依法做好行政复议答复和复议决定履行工作"
    if not (f.nz(RR + "received") or f.nz(RR + "closed")):
        return lead, "全年没有以本单位为被申请人的行政复议案件。"
    body = f"全年以本单位为被申请人的行政复议申请{f.tok(RR + 'received')}{f.yoy(RR + 'received')}"
    if f.nz(RR + "closed"):
        body += f"；审结{f.tok(RR + 'closed')}"
        parts = []
        if f.nz(RR + "upheld"):
            parts.append(f"维持{f.tok(RR + 'upheld')}")
        if f.nz(RR + "corrected"):
            parts.append(f"被直接纠错{f.tok(RR + 'corrected')}")
        if parts:
            body += "，其中" + "、".join(parts)
        if f.has(RR + "correction_rate"):
            body += f"，{f.label(RR + 'correction_rate')}{f.tok(RR + 'correction_rate')}{f.yoy(RR + 'correction_rate')}"
    return lead, body + "。"


def _litigation(f):
    unit = f.scope.role != "government"
    lead = "提升行政应诉工作水平"
    if not (f.nz(L + "received") or f.nz(L + "closed_first_instance") or f.nz(L + "heard")):
        return (lead, "全年没有以本单位为被告的行政诉讼案件。") if unit else None
    who = "以本单位为被告的" if unit else ""
    body = f"全年收到{who}一审行政诉讼案件{f.tok(L + 'received')}{f.yoy(L + 'received')}"
    if f.nz(L + "closed_first_instance"):
        body += f"；一审审结{f.tok(L + 'closed_first_instance')}，败诉{f.tok(L + 'lost')}"
        if f.has(L + "loss_rate"):
            body += f"，败诉率{f.tok(L + 'loss_rate')}{f.yoy(L + 'loss_rate')}"
    body += "。"
    if not unit:
        clauses = []
        for suffix, whom in ((".government", "县政府单独作为被告的"), (".departments", "部门及乡镇（街道）作为被告的")):
            if f.nz(L + "closed_first_instance" + suffix):
                clause = f"{whom}一审案件审结{f.tok(L + 'closed_first_instance' + suffix)}，败诉{f.tok(L + 'lost' + suffix)}"
                if f.has(L + "loss_rate" + suffix):
                    clause += f"，败诉率{f.tok(L + 'loss_rate' + suffix)}"
                clauses.append(clause)
        if clauses:
            body += "其中，" + "；".join(clauses) + "。"
    if f.nz(L + "mediated_or_withdrawn"):
        body += f"一审调撤{f.tok(L + 'mediated_or_withdrawn')}"
        body += (f"，调撤率{f.tok(L + 'mediation_withdrawal_rate')}" if f.has(L + "mediation_withdrawal_rate") else "") + "。"
    if f.has(L + "head_appearance_rate"):
        body += f"{'本单位' if unit else ''}行政机关负责人出庭应诉率{f.tok(L + 'head_appearance_rate')}{f.yoy(L + 'head_appearance_rate')}。"
    return lead, body


def _legality(f):
    g = "legality."
    if not f.nz(g + "reviewed"):
        return None
    body = f"全年对各类文件出具合法性审查意见{f.tok(g + 'reviewed')}{f.yoy(g + 'reviewed')}"
    kinds = [(g + "reviewed.normative_document", "行政规范性文件草案"), (g + "reviewed.major_decision", "重大行政决策草案"),
             (g + "reviewed.administrative_contract", "行政协议"), (g + "reviewed.meeting_topic", "会议议题")]
    parts = [f"{word}{f.tok(k)}" for k, word in kinds if f.nz(k)]
    if parts:
        body += "，其中" + "、".join(parts)
    if f.nz(g + "opinion_items"):
        body += f"，提出审查意见{f.tok(g + 'opinion_items')}"
    return "严格落实合法性审查制度", body + "。"


def _normative(f):
    n = "normative."
    if not (f.nz(n + "issued") or f.nz(n + "cleaned")):
        return None
    body = ""
    if f.nz(n + "issued"):
        body = f"全年公布行政规范性文件{f.tok(n + 'issued')}，报送备案{f.tok(n + 'filed')}"
        for key in ("filing_rate", "timely_filing_rate"):
            if f.has(n + key):
                body += f"，{f.label(n + key)}{f.tok(n + key)}"
        body += "。"
    if f.nz(n + "cleaned"):
        body += f"开展行政规范性文件清理，清理{f.tok(n + 'cleaned')}"
        if f.nz(n + "cleanup_repealed_or_invalid"):
            body += f"，废止和宣布失效{f.tok(n + 'cleanup_repealed_or_invalid')}"
        body += "。"
    return "加强行政规范性文件监督管理", body


def _decisions(f):
    m = "decisions."
    if not (f.nz(m + "decided") or f.nz("contracts.signed")):
        return None
    body = ""
    if f.nz(m + "decided"):
        body = f"作出重大行政决策{f.tok(m + 'decided')}"
        steps = [f"{word}{f.tok(m + k)}" for k, word in (("consultations", "公众参与"), ("hearings", "听证"), ("expert_reviews", "专家论证"),
                                                         ("risk_assessments", "风险评估")) if f.nz(m + k)]
        if steps:
            body += "，履行" + "、".join(steps)
        if f.has(m + "completeness_rate"):
            body += f"，{f.label(m + 'completeness_rate')}{f.tok(m + 'completeness_rate')}"
        body += "。"
    if f.nz("contracts.signed"):
        body += f"签订行政协议{f.tok('contracts.signed')}"
        if f.nz("contracts.reviewed"):
            body += f"，其中经合法性审查{f.tok('contracts.reviewed')}"
        body += "。"
    return "严格履行重大行政决策法定程序", body


#: The indicator paragraphs of part one, by theme (the ledger's ReportSection values). A registry that gains
#: indicators worth a sentence adds a composer here.
SENTENCES = [
    Sentence("reconsideration", "disputes", ("government", "office"), _reconsideration_office),
    Sentence("reconsideration_respondent", "disputes", ("unit",), _reconsideration_respondent),
    Sentence("litigation", "disputes", ("government", "office", "unit"), _litigation),
    Sentence("legality", "decision", ("government", "office"), _legality),
    Sentence("normative", "decision", ("government", "office", "unit"), _normative),
    Sentence("decisions", "decision", ("government", "office", "unit"), _decisions),
]


# ---- the draft ------------------------------------------------------------------------------------------
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


def ledger_entries(scope, user=None):
    """The ledger entries a report draws on, highlights first, then by date: the county government's own and
    the highlights of the units below it; the bureau's and its stations'; a department's or township's own.
    Through ``visible_to(user)`` when a user drafts (the CLI, run by the operator, passes none)."""
    from fazhi.oversight.models import LedgerEntry

    qs = LedgerEntry.objects.visible_to(user) if user is not None else LedgerEntry.objects.all()
    qs = qs.filter(happened_on__gte=scope.start, happened_on__lte=scope.end)
    org = scope.org
    if scope.role == "government":
        qs = qs.filter(Q(org=org) | (subtree_q("org", org) & Q(highlight=True)))
    elif scope.role == "office":
        qs = qs.filter(subtree_q("org", org))
    else:
        qs = qs.filter(org=org)
    return list(qs.select_related("org").order_by("-highlight", "happened_on", "pk"))


_TRAILING = re.compile(r"[。．.；;，,：:、\s]+$")


def entry_item(entry):
    """(lead, body) of a ledger entry: its title as the lead, its text as the body (not repeating the title)."""
    lead = _TRAILING.sub("", entry.title.strip())
    body = entry.text.strip()
    if body.startswith(lead):
        body = body[len(lead):].lstrip("。，,.；; ")
    if body and not body.endswith(("。", "！", "？", "”", "）")):
        body += "。"
    return lead, body


def items_paragraphs(part, section, items):
    """"一是{lead}。{body}" paragraphs, numbered within their theme."""
    out = []
    for n, (lead, body, source) in enumerate(items, start=1):
        text = f"{cn_number(n)}是{lead}。{body}" if lead else body
        out.append(BlockSpec(part, BlockLevel.PARAGRAPH, text, section, source))
    return out


def build_blocks(draft, user=None):
    """The blocks of a new draft of ``draft.org``'s report for ``draft.year`` (see the module docstring)."""
    from fazhi.oversight.choices import PART_ONE_SECTIONS, ReportSection

    scope = report_scope(draft.org, draft.year)
    facts = Facts(evaluate_facts(scope, scope.keys()), scope)
    entries = ledger_entries(scope, user)
    heads = part_headings(draft.org, draft.year)
    P = BlockLevel.PARAGRAPH
    blocks = [BlockSpec(ReportPart.PREAMBLE, P, preamble(draft.org, draft.year))]

    blocks.append(BlockSpec(ReportPart.MEASURES, BlockLevel.HEADING1, heads[ReportPart.MEASURES]))
    n = 0
    for section in PART_ONE_SECTIONS:
        items = [(*entry_item(e), f"oversight.ledgerentry:{e.pk}") for e in entries if e.section == section]
        for s in SENTENCES:
            if s.section == section and scope.role in s.roles:
                composed = s.compose(facts)
                if composed:
                    items.append((*composed, f"indicator:{s.code}"))
        if not items:
            continue
        n += 1
        blocks.append(BlockSpec(ReportPart.MEASURES, BlockLevel.HEADING2, f"（{cn_number(n)}）{ReportSection(section).label}", section))
        blocks += items_paragraphs(ReportPart.MEASURES, section, items)
    if n == 0:
        blocks.append(BlockSpec(ReportPart.MEASURES, P, ""))

    blocks.append(BlockSpec(ReportPart.SHORTCOMINGS, BlockLevel.HEADING1, heads[ReportPart.SHORTCOMINGS]))
    blocks.append(BlockSpec(ReportPart.SHORTCOMINGS, P, ""))

    blocks.append(BlockSpec(ReportPart.PRINCIPAL_DUTY, BlockLevel.HEADING1, heads[ReportPart.PRINCIPAL_DUTY]))
    duty = [(*entry_item(e), f"oversight.ledgerentry:{e.pk}") for e in entries if e.section == ReportSection.PRINCIPAL_DUTY]
    blocks += items_paragraphs(ReportPart.PRINCIPAL_DUTY, "", duty) or [BlockSpec(ReportPart.PRINCIPAL_DUTY, P, "")]

    blocks.append(BlockSpec(ReportPart.PLANS, BlockLevel.HEADING1, heads[ReportPart.PLANS]))
    blocks.append(BlockSpec(ReportPart.PLANS, P, ""))

    blocks.append(BlockSpec(ReportPart.OTHER, BlockLevel.HEADING1, heads[ReportPart.OTHER]))
    other = [(*entry_item(e), f"oversight.ledgerentry:{e.pk}") for e in entries if e.section == ReportSection.OTHER]
    blocks += items_paragraphs(ReportPart.OTHER, "", other) or [BlockSpec(ReportPart.OTHER, P, "无。")]
    return blocks


# ---- suggestions for the parts people write ---------------------------------------------------------------
@dataclass
class Suggestion:
    """A paragraph the draft offers for part two (不足) or part four (安排), with the data that prompted it.
    People take it (it is inserted as a paragraph) or leave it."""

    code: str
    part: str
    title: str
    basis: str
    text: str


#: Rates where a rise is bad news: key → (shortcoming, plan).
RISING_RATES = {
    R + "correction_rate": ("行政复议直接纠错率为{v}，{yoy}，反映出部分行政机关执法规范化水平仍有待提高。",
                            "加强行政复议决定执行情况监督和以案促改，推动被纠错率下降。"),
    RR + "correction_rate": ("本单位被行政复议纠错{n}，被纠错率为{v}，{yoy}，执法规范化水平仍有待提高。",
                             "针对被复议纠错的案件逐案剖析原因、以案促改，提高行政执法规范化水平。"),
    L + "loss_rate": ("行政诉讼一审败诉率为{v}，{yoy}，部分行政机关依法行政意识和应诉能力仍需加强。",
                      "落实败诉案件过错责任追究和行政争议实质性化解，力促行政诉讼败诉率下降。"),
    L + "loss_rate.government": ("县政府单独作为被告的一审行政诉讼败诉率为{v}，{yoy}，重大行政行为的合法性把关仍需加强。",
                                 "严格落实合法性审查，从源头上减少县政府作为被告的败诉案件。"),
}
#: Counts where a marked rise calls for prevention: key → (shortcoming, plan).
RISING_COUNTS = {
    R + "received": ("行政复议案件数量{yoy}，行政争议源头预防和前端化解力度仍需加大。",
                     "坚持“应调尽调”，完善行政复议受理前调解和案前化解机制，发挥行政复议化解行政争议主渠道作用。"),
    RR + "received": ("以本单位为被申请人的行政复议案件{yoy}，行政争议源头预防仍需加强。",
                      "加强执法源头规范，减少因执法不规范引发的行政复议案件。"),
    L + "received": ("行政诉讼一审收案{yoy}，行政争议源头治理仍需加强。",
                     "发挥府院联动作用，加强行政争议诉前化解，推动行政诉讼发案量下降。"),
}
#: Rates that should be 100%: key → (shortcoming, plan).
FULL_RATES = {
    L + "head_appearance_rate": ("行政机关负责人出庭应诉率为{v}，“应出尽出”的要求尚未完全落实。",
                                 "严格落实行政机关负责人出庭应诉制度，做到“应出尽出”“出庭出声”。"),
    R + "on_time_rate": ("行政复议按时审结率为{v}，仍有案件未在法定期限内审结，案件办理时效管理有待加强。",
                         "加强行政复议案件期限管理和繁简分流，确保案件在法定期限内审结。"),
}
#: Record checks that name a shortcoming: rule key → (shortcoming, plan).
RECORD_CHECKS = {
    R + "overdue_open": ("截至目前仍有行政复议案件超过法定期限未办结，案件办理时效管理有待加强。",
                         "建立行政复议案件期限预警和督办机制，杜绝超期办案。"),
    L + "defence_overdue": ("部分行政应诉案件未在法定期限内提交答辩状，应诉工作规范化水平有待提高。",
                            "落实行政应诉案件答辩期限提醒和督办，按期提交答辩状和证据材料。"),
}
DATA_QUALITY = ("部分案件登记信息不完整、不规范，统计数据尚不能完全相互印证，法治建设基础数据质量有待提高。",
                "加强案件登记和统计数据核对，确保法治政府建设各项数据真实、准确、可追溯。")


def suggestions(draft, facts=None, findings=None, today=None):
    """The suggestions for ``draft`` (parts two and four) drawn from its figures and the record checks."""
    from fazhi.indicators import checks

    scope = report_scope(draft.org, draft.year)
    if facts is None:
        facts = evaluate_facts(scope, scope.keys())
    if findings is None:
        findings = checks.run(draft.org, scope.start, scope.end, today=today)
    out = []

    def add(code, title, basis, pair, **fmt):
        shortcoming, plan = pair
        out.append(Suggestion(code, ReportPart.SHORTCOMINGS, title, basis, shortcoming.format(**fmt)))
        out.append(Suggestion(code + ":plan", ReportPart.PLANS, title, basis, plan.format(**fmt)))

    for key, pair in RISING_RATES.items():
        f = facts.get(key)
        if f is not None and f.direction == "up" and f.value:
            n = token(RR + "corrected") if key.startswith(RR) else ""
            add(key, f"{f.label}上升", f"{f.label} {f.display}，上年 {f.previous_display}（{f.source_note()}）", pair,
                v=token(key), yoy=token(key, "yoy"), n=n)
    for key, pair in RISING_COUNTS.items():
        f = facts.get(key)
        if f is not None and f.direction == "up" and f.previous and Decimal(str(f.value)) >= Decimal(str(f.previous)) * Decimal("1.1"):
            add(key, f"{f.label}增长", f"{f.label} {f.display}，上年 {f.previous_display}（{f.source_note()}）", pair, yoy=token(key, "yoy"))
    for key, pair in FULL_RATES.items():
        f = facts.get(key)
        if f is not None and f.value is not None and Decimal(str(f.value)) < 100:
            add(key, f"{f.label}未达到100%", f"{f.label} {f.display}（{f.numerator}/{f.denominator}）", pair, v=token(key))
    identity_failures = []
    for finding in findings:
        if finding.rule in RECORD_CHECKS and finding.records:
            names = "；".join(text for _, text in finding.records[:3])
            add(finding.rule, finding.label, f"记录核查：{finding.message}（如：{names}）", RECORD_CHECKS[finding.rule])
        elif finding.rule in d.CHECKS and d.CHECKS[finding.rule].kind == "identity":
            identity_failures.append(f"{finding.label}：{finding.message}")
    if identity_failures:
        add("identities", "统计数据不能相互印证", "；".join(identity_failures[:3]), DATA_QUALITY)
    return out


# ---- rendering -----------------------------------------------------------------------------------------
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
    return common + [k for k, x in d.REGISTRY.items() if x.kind in tokens.REFERABLE_KINDS and k not in common]


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
        f = facts.get(key)
        if f is None:
            continue
        out.append({"key": key, "label": f.label, "kind": f.kind, "display": f.display, "yoy": f.render("yoy") if f.change else "",
                    "prev": f.previous_display, "definition": f.definition, "common": key in common, "source": f.source_note()})
    return out
