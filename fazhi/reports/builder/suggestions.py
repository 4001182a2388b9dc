"""Suggestions for the parts people write (二、不足 and 四、安排): each a shortcoming and a plan the draft offers
when the data prompts it, with its basis and with references, not digits. The registries declare the rules in
their report.py (``SUGGESTIONS``): :class:`RisingRate`, :class:`RisingCount`, :class:`FullRate` over the report's
facts, :class:`FailedCheck` over the record checks; identities that fail give one data-quality suggestion.

Order: the rising rates, then the rising counts, then the rates under 100% — each kind in registry order —
then the failed record checks in the order the checks find them, then the data quality."""

from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.indicators import definitions

from ..choices import ReportPart
from ..tokens import token
from .declarations import declared
from .facts import evaluate_facts
from .scope import report_scope


@dataclass
class Suggestion:
    """A paragraph the draft offers for part two (不足) or part four (安排), with the data that prompted it.
    People take it (it is inserted as a paragraph) or leave it."""

    code: str
    part: str
    title: str
    basis: str
    text: str


@dataclass(frozen=True)
class FactRule:
    """A suggestion prompted by the fact of indicator ``key``: ``shortcoming`` and ``plan`` are format strings
    with ``{v}`` (a reference to the value), ``{yoy}`` (to its year-on-year change) and a reference to each key of
    ``refs`` (``{"n": "<key>"}`` → ``{n}``)."""

    key: str
    shortcoming: str
    plan: str
    refs: dict = field(default_factory=dict)

    def prompted(self, fact):
        """Whether ``fact`` calls for the suggestion."""
        raise NotImplementedError

    def title(self, fact):
        raise NotImplementedError

    def basis(self, fact):
        return f"{fact.label} {fact.display}，上年 {fact.previous_display}（{fact.source_note()}）"

    def references(self):
        return {"v": token(self.key), "yoy": token(self.key, "yoy")} | {name: token(key) for name, key in self.refs.items()}


class RisingRate(FactRule):
    """A rate where a rise is bad news (a correction or loss rate)."""

    def prompted(self, fact):
        return fact.direction == "up" and bool(fact.value)

    def title(self, fact):
        return f"{fact.label}上升"


class RisingCount(FactRule):
    """A count whose marked rise (10% or more) calls for prevention."""

    def prompted(self, fact):
        return fact.direction == "up" and bool(fact.previous) and Decimal(str(fact.value)) >= Decimal(str(fact.previous)) * Decimal("1.1")

    def title(self, fact):
        return f"{fact.label}增长"


class FullRate(FactRule):
    """A rate that should be 100%."""

    def prompted(self, fact):
        return fact.value is not None and Decimal(str(fact.value)) < 100

    def title(self, fact):
        return f"{fact.label}未达到100%"

    def basis(self, fact):
        return f"{fact.label} {fact.display}（{fact.numerator}/{fact.denominator}）"


#: The kinds of :class:`FactRule`, in the order their suggestions are offered.
FACT_RULES = (RisingRate, RisingCount, FullRate)


@dataclass(frozen=True)
class FailedCheck:
    """A record check (``rule``, registered with ``indicators.definitions.register_checks``) whose findings name
    a shortcoming; the basis names up to three of the records found."""

    rule: str
    shortcoming: str
    plan: str


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
    rules = declared("SUGGESTIONS")
    out = []

    def add(code, title, basis, shortcoming, plan, **references):
        out.append(Suggestion(code, ReportPart.SHORTCOMINGS, title, basis, shortcoming.format(**references)))
        out.append(Suggestion(code + ":plan", ReportPart.PLANS, title, basis, plan.format(**references)))

    for kind in FACT_RULES:
        for rule in rules:
            fact = facts.get(rule.key) if type(rule) is kind else None
            if fact is not None and rule.prompted(fact):
                add(rule.key, rule.title(fact), rule.basis(fact), rule.shortcoming, rule.plan, **rule.references())
    failed_checks = {rule.rule: rule for rule in rules if isinstance(rule, FailedCheck)}
    identity_failures = []
    for finding in findings:
        if finding.rule in failed_checks and finding.records:
            rule = failed_checks[finding.rule]
            names = "；".join(text for _, text in finding.records[:3])
            add(finding.rule, finding.label, f"记录核查：{finding.message}（如：{names}）", rule.shortcoming, rule.plan)
        elif finding.rule in definitions.CHECKS and definitions.CHECKS[finding.rule].kind == "identity":
            identity_failures.append(f"{finding.label}：{finding.message}")
    if identity_failures:
        add("identities", "统计数据不能相互印证", "；".join(identity_failures[:3]), *DATA_QUALITY)
    return out
