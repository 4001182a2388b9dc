"""Entering a ledger entry: bad input is refused with a Chinese message and writes nothing (DESIGN.md §4.7);
a good one is saved with its author and history, and the detail page shows it as the report will use it."""

from datetime import date

import pytest
import time_machine

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.models import LedgerEntry

from .factories import LedgerEntryFactory, LedgerFigureFactory, attach, form_data, org

BASE = "/oversight/ledger/"
TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def post(client, **overrides):
    return client.post(f"{BASE}new/", form_data(org("demo-d01").pk, **overrides))


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kind": "law_report", "section": "principal_duty", "leader": ""}, "leader", "述法和第一责任人履职须填写领导姓名及职务。"),
        ({"kind": "principal_duty", "section": "principal_duty", "leader": "   "}, "leader", "述法和第一责任人履职须填写领导姓名及职务。"),
        ({"kind": "meeting", "section": "principal_duty", "leader": ""}, "leader", "述法和第一责任人履职须填写领导姓名及职务。"),
        ({"kind": "law_report", "section": "overall", "leader": "局长 吴志刚"}, "section", "述法和第一责任人履职应归入“党政主要负责人履行第一责任人职责”。"),
        ({"happened_on": "2025-06-16"}, "happened_on", "台账记录已经发生的工作，日期不能晚于今天。"),
        ({"happened_on": "2025-02-30"}, "happened_on", "输入一个有效的日期。"),
        ({"title": ""}, "title", "这个字段是必填项。"),
        ({"text": ""}, "text", "这个字段是必填项。"),
        ({"section": "plan"}, "section", "选择一个有效的选项"),
        ({"org": ""}, "org", "这个字段是必填项。"),
    ],
)
def test_invalid_input_is_refused_with_a_chinese_message_and_nothing_is_written(overrides, field, message, cast, login):
    r = post(login(cast["dept1"]), **overrides)
    assert r.status_code == 400
    assert any(message in e for e in r.context["form"].errors[field]), r.context["form"].errors
    html = r.content.decode()
    assert message in html
    assert "请改正下列标红的内容后再保存。" in html
    assert not LedgerEntry.objects.exists()


def test_a_leaders_law_report_is_saved_with_its_author_and_history(cast, login):
    dept1 = cast["dept1"]
    r = post(login(dept1), kind="law_report", section="principal_duty", leader="县公安局局长 吴志刚", title="局长述法",
             text="在县委全面依法治县委员会会议上述法。", happened_on="2025-03-08", highlight="on")
    entry = LedgerEntry.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{BASE}{entry.pk}/"
    assert (entry.org.code, entry.kind, entry.section, entry.leader, entry.highlight) == (
        "demo-d01", EntryKind.LAW_REPORT, ReportSection.PRINCIPAL_DUTY, "县公安局局长 吴志刚", True)
    assert entry.created_by == dept1 and entry.updated_by == dept1
    assert entry.history.get().history_user == dept1


def test_the_create_form_starts_with_todays_date_and_the_users_unit(cast, login):
    form = login(cast["dept1"]).get(f"{BASE}new/").context["form"]
    assert form.fields["happened_on"].initial == TODAY
    assert form.fields["org"].initial == org("demo-d01").pk
    assert list(form.fields["org"].queryset) == [org("demo-d01")]


def test_the_detail_page_shows_the_text_the_figures_and_the_attachments(cast, login):
    entry = LedgerEntryFactory(org=org("demo-d01"), title="普法宣传总体情况", text="全年举办法治讲座129场。", highlight=True)
    LedgerFigureFactory(entry=entry, label="举办法治讲座", value=129, unit="场")
    LedgerFigureFactory(entry=entry, label="发放普法宣传资料", value=35, unit="万份", approximate=True)
    a = attach(entry, title="普法工作总结")
    html = login(cast["dept1"]).get(f"{BASE}{entry.pk}/").content.decode()
    assert "全年举办法治讲座129场。" in html
    assert "举办法治讲座129场" in html
    assert "发放普法宣传资料35万余份" in html  # 余 after 万, as a report writes it
    assert "普法工作总结.pdf" in html
    assert f"{BASE}{entry.pk}/attachments/{a.pk}/" in html
    assert "/media/" not in html  # files are reached only through the scoped view
    assert 'data-testid="highlight"' in html
    assert f"{BASE}{entry.pk}/rows/figures/" in html and f"{BASE}{entry.pk}/rows/attachments/" in html


@pytest.mark.parametrize(
    "value, unit, approximate, expected",
    [
        ("129", "场", False, "129场"),
        ("23239.69", "万元", False, "23239.69万元"),
        ("35", "万份", True, "35万余份"),
        ("30", "人次", True, "30余人次"),
        ("0.50", "万元", False, "0.5万元"),
        ("100", "%", False, "100%"),
    ],
)
def test_a_figure_reads_as_a_report_writes_it(value, unit, approximate, expected, county):
    from decimal import Decimal

    entry = LedgerEntryFactory(org=org("demo-sfj"))
    figure = LedgerFigureFactory(entry=entry, value=Decimal(value), unit=unit, approximate=approximate)
    figure.refresh_from_db()
    assert figure.display() == expected


def test_the_list_filters_by_year_section_kind_highlight_and_keyword(cast, login):
    sfj = org("demo-sfj")
    LedgerEntryFactory(org=sfj, title="二三年宣传", happened_on=date(2023, 12, 4))
    LedgerEntryFactory(org=sfj, title="二四年亮点", happened_on=date(2024, 4, 18), section=ReportSection.GRASSROOTS, kind=EntryKind.PILOT, highlight=True)
    LedgerEntryFactory(org=sfj, title="县长述法", happened_on=date(2024, 3, 8), section=ReportSection.PRINCIPAL_DUTY, kind=EntryKind.LAW_REPORT, leader="县长 周建明")
    client = login(cast["bureau"])

    def titles(**params):
        return {row["obj"].title for row in client.get(BASE, params).context["rows"]}

    assert titles(year="2024") == {"二四年亮点", "县长述法"}
    assert titles(year="2023") == {"二三年宣传"}
    assert titles(section="grassroots") == {"二四年亮点"}
    assert titles(kind="law_report") == {"县长述法"}
    assert titles(highlight="1") == {"二四年亮点"}
    assert titles(highlight="0") == {"二三年宣传", "县长述法"}
    assert titles(q="周建明") == {"县长述法"}
    assert titles(year="1999") == set()  # not a year on offer: the filter is invalid and shows nothing


def test_deleting_an_entry_deletes_its_figures_and_attachment_files_and_is_audited(cast, login, settings, django_capture_on_commit_callbacks):
    from pathlib import Path

    entry = LedgerEntryFactory(org=org("demo-sfj"), title="待删除台账")
    LedgerFigureFactory(entry=entry)
    path = Path(settings.MEDIA_ROOT) / attach(entry).file.name
    assert path.exists()
    client = login(cast["bureau"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{BASE}{entry.pk}/delete/").status_code == 302
    assert not LedgerEntry.objects.exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, message__contains="待删除台账").exists()
