"""The demo county's ledger: every year from 2023 to today, about thirty entries a year in every report section,
a few highlights, the county head's 述法 and first-responsible-person duties; deterministic, idempotent, and
free of the figures the indicator engine computes from the registries."""

from collections import Counter
from datetime import date

import pytest

from fazhi.demo import ledger
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.models import LedgerEntry, LedgerFigure

TODAY = date(2026, 6, 15)


@pytest.fixture
def built(county):
    return ledger.build(county, TODAY)


def snapshot():
    return sorted(
        (e.org.code, e.happened_on, e.section, e.kind, e.title, e.text, e.leader, e.highlight,
         tuple((f.label, f.value, f.unit, f.approximate) for f in e.figures.all()))
        for e in LedgerEntry.objects.select_related("org").prefetch_related("figures")
    )


def test_the_demo_ledger_covers_every_year_and_section_with_highlights(built):
    assert built == LedgerEntry.objects.count()
    for year in (2023, 2024, 2025):
        entries = LedgerEntry.objects.filter(happened_on__year=year)
        assert 25 <= entries.count() <= 40
        assert set(entries.values_list("section", flat=True)) == set(ReportSection.values)
        assert 3 <= entries.filter(highlight=True).count() <= 6
        assert len(set(entries.values_list("org__code", flat=True))) >= 8  # government, bureau, departments, townships
        head = entries.filter(org__code="demo")
        assert head.filter(kind=EntryKind.LAW_REPORT, leader__startswith="县长 ").exists()
        assert head.filter(kind=EntryKind.PRINCIPAL_DUTY, leader__startswith="县长 ").exists()
    this_year = LedgerEntry.objects.filter(happened_on__year=2026)
    assert this_year.exists()
    assert not LedgerEntry.objects.filter(happened_on__gt=TODAY).exists()  # what has not happened yet is not there
    assert this_year.filter(org__code="demo", kind=EntryKind.LAW_REPORT).exists()
    assert set(Counter(LedgerEntry.objects.values_list("kind", flat=True))) == set(EntryKind.values)


def test_every_demo_entry_passes_the_forms_rules(built):
    import time_machine

    with time_machine.travel(TODAY, tick=False):
        for entry in LedgerEntry.objects.all():
            entry.full_clean()
        for figure in LedgerFigure.objects.all():
            figure.full_clean()


def test_the_demo_ledger_has_no_figure_the_engine_computes(built):
    # Case counts, rates, advisers engaged, documents and decisions reviewed: the registries' records say those.
    engine_words = ("复议申请", "复议案件", "诉讼", "应诉", "败诉", "纠错", "聘请", "法律顾问", "规范性文件", "合法性审", "重大行政决策")
    labels = list(LedgerFigure.objects.values_list("label", flat=True))
    assert labels
    assert [label for label in labels if any(w in label for w in engine_words)] == []


def test_building_again_changes_nothing_and_a_rebuild_is_identical(built, county):
    first = snapshot()
    assert ledger.build(county, TODAY) == 0
    assert snapshot() == first
    LedgerEntry.objects.all().delete()
    assert ledger.build(county, TODAY) == built
    assert snapshot() == first
