"""The report's paragraphs, keys, items and suggestion rules come from each registry's own report.py, read in
INSTALLED_APPS order; a registry without one adds nothing; one that declares a paragraph gets it in the draft
without the builder naming it; and the system check fazhi.E007 names what a declaration gets wrong."""

import types
from datetime import date

import pytest
import time_machine

from fazhi.core import registry
from fazhi.reports import builder, services
from fazhi.reports.builder import ROLES, FailedCheck, Keys, RisingRate, Sentence
from fazhi.reports.builder.declarations import declared
from fazhi.reports.checks import report_declarations
from fazhi.reports.choices import BlockLevel, ReportPart, ReportSection

from .factories import entry, org


def test_the_paragraphs_come_in_registry_order_and_a_registry_without_report_py_adds_none():
    assert registry.get("advisers").module("report") is None
    assert [s.code for s in declared("PARAGRAPHS")] == [
        "reconsideration", "reconsideration_respondent", "litigation", "legality", "normative", "decisions"]
    assert [(type(rule).__name__, getattr(rule, "key", "")) for rule in declared("SUGGESTIONS")][:4] == [
        ("RisingRate", "reconsideration.correction_rate"), ("RisingRate", "reconsideration.respondent.correction_rate"),
        ("RisingCount", "reconsideration.received"), ("RisingCount", "reconsideration.respondent.received")]
    assert [items.model._meta.label for items in declared("ITEMS")] == ["oversight.LedgerEntry"]


def test_the_keys_of_a_role_are_the_ones_its_registries_declare(county):
    county_keys = builder.report_scope(org("demo"), 2025).keys()
    unit_keys = builder.report_scope(org("demo-d01"), 2025).keys()
    assert county_keys[0] == "reconsideration.received" and "reconsideration.upheld" in county_keys
    assert "litigation.loss_rate.government" in county_keys and "litigation.loss_rate.government" not in unit_keys
    assert unit_keys[0] == "reconsideration.respondent.received" and "legality.reviewed" not in unit_keys
    assert county_keys[-2:] == ["contracts.signed", "contracts.reviewed"]


@pytest.mark.django_db
def test_a_registry_that_declares_a_paragraph_and_items_gets_them_in_the_draft(county, monkeypatch):
    advisers = registry.get("advisers")
    from fazhi.oversight.models import LedgerEntry

    declaration = types.SimpleNamespace(
        KEYS=[Keys(ROLES, ["reconsideration.received"])],
        PARAGRAPHS=[Sentence("advisers", ReportSection.OVERALL, ROLES,
                             lambda facts: ("发挥法律顾问作用", f"全年收到申请{facts.tok('reconsideration.received')}。"))],
        ITEMS=[builder.Items(LedgerEntry, "happened_on", "section", "title", "text", "highlight")],
    )
    real = advisers.module
    monkeypatch.setattr(advisers, "module", lambda name: declaration if name == "report" else real(name))
    entry("demo", date(2025, 5, 1), ReportSection.OVERALL, "召开常务会议")
    with time_machine.travel(date(2026, 2, 10), tick=False):
        draft = services.create_draft(org("demo"), 2025)
    blocks = list(draft.blocks.filter(part=ReportPart.MEASURES).order_by("position"))
    assert [b.text for b in blocks[1:2]] == ["（一）统筹推进法治政府建设"] and blocks[1].level == BlockLevel.HEADING2
    # The items of a theme come first, the advisers' (registry order) before the ledger's own; then the paragraph.
    assert [b.text for b in blocks[2:5]] == ["一是召开常务会议。取得积极成效。", "二是召开常务会议。取得积极成效。",
                                             "三是发挥法律顾问作用。全年收到申请{{reconsideration.received}}。"]
    assert [b.source for b in blocks[2:5]][2] == "indicator:advisers"


def test_the_declarations_pass_the_report_check():
    assert report_declarations() == []


def test_the_report_check_names_an_unknown_key_check_theme_or_field(monkeypatch):
    declaration = registry.get("litigation").module("report")
    monkeypatch.setattr(declaration, "KEYS", [*declaration.KEYS, Keys(ROLES, ["litigation.no_such"])])
    monkeypatch.setattr(declaration, "SUGGESTIONS", [
        *declaration.SUGGESTIONS, RisingRate("litigation.loss_rate", "{n}", "", refs={"n": "litigation.no_ref"}),
        FailedCheck("litigation.no_check", "", "")])
    monkeypatch.setattr(declaration, "PARAGRAPHS", [
        *declaration.PARAGRAPHS, Sentence("broken", ReportSection.PRINCIPAL_DUTY, ROLES, lambda facts: None)])
    ledger = registry.get("oversight").module("report")
    items = ledger.ITEMS[0]
    monkeypatch.setattr(ledger, "ITEMS", [builder.Items(items.model, "no_such_on", items.section_field, items.title_field,
                                                        items.text_field, items.highlight_field)])
    errors = report_declarations()
    assert {e.id for e in errors} == {"fazhi.E007"} and len(errors) == 5
    messages = " ".join(e.msg for e in errors)
    for name in ("litigation.no_such", "litigation.no_ref", "litigation.no_check", "broken", "no_such_on"):
        assert name in messages
    assert "“行政应诉”的报告声明（report.py）引用了未登记的指标 litigation.no_such。" in messages
