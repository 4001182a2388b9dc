"""``entries_for_report``: what the report builder reads — one unit's (and its subtree's) entries of one year,
in the user's scope, in report order (section, highlights first, then date)."""

from datetime import date

from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.services import entries_for_report

from .factories import LedgerEntryFactory, org


def test_entries_come_in_report_order_within_the_year_and_the_subtree(cast):
    county = org("demo")
    LedgerEntryFactory(org=org("demo-sfj"), title="宣传-普通", section=ReportSection.PUBLICITY, happened_on=date(2024, 3, 1))
    LedgerEntryFactory(org=org("demo-sfj"), title="宣传-亮点", section=ReportSection.PUBLICITY, happened_on=date(2024, 9, 1), highlight=True)
    LedgerEntryFactory(org=org("demo"), title="述法", section=ReportSection.PRINCIPAL_DUTY, kind=EntryKind.LAW_REPORT, leader="县长 周建明", happened_on=date(2024, 3, 8))
    LedgerEntryFactory(org=org("demo-d01"), title="统筹", section=ReportSection.OVERALL, happened_on=date(2024, 12, 1))
    LedgerEntryFactory(org=org("demo"), title="上一年", section=ReportSection.OVERALL, happened_on=date(2023, 12, 31))
    LedgerEntryFactory(org=org("other"), title="邻县", section=ReportSection.OVERALL, happened_on=date(2024, 5, 1))

    titles = [e.title for e in entries_for_report(cast["bureau"], county, 2024)]
    assert titles == ["统筹", "宣传-亮点", "宣传-普通", "述法"]
    assert [e.title for e in entries_for_report(cast["bureau"], county, 2024, include_below=False)] == ["述法"]
    assert [e.title for e in entries_for_report(cast["dept1"], county, 2024)] == ["统筹"]  # the liaison's scope holds
