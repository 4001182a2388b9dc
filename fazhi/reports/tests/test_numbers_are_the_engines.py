"""Every number in a report is the engine's number for its indicator, in every output; a frozen report keeps
its numbers, text and hash when the records change afterwards, while the live draft follows the records.

The check parses the rendered text itself: each block's template is split at its references, the literal
parts anchor a regular expression over the rendered text, and what stands where a reference stood is read
as a number and compared with ``Engine.evaluate`` (a year-on-year phrase with ``compare.year_on_year``)."""

import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org, User
from fazhi.indicators.compare import year_on_year
from fazhi.indicators.engine import Engine, Scope
from fazhi.litigation.choices import Instance
from fazhi.reconsideration.choices import Outcome
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports import builder, services, tokens
from fazhi.reports.exporters import export
from fazhi.reports.models import FrozenReport, FrozenReportImmutable, ReportDraft

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def read_numbers(block):
    """[(Ref, text)] — what the rendered text holds where the template has a reference."""
    parts = tokens.split(block.template)
    pattern = "".join(re.escape(p) if isinstance(p, str) else f"(?P<r{i}>.+?)" for i, p in enumerate(parts))
    m = re.fullmatch(pattern, block.text, re.S)
    assert m, f"the rendered text does not follow its template: {block.text[:60]}"
    return [(p, m.group(f"r{i}")) for i, p in enumerate(parts) if isinstance(p, tokens.Ref)]


def as_number(text, unit):
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)" + re.escape(unit), text)
    assert m, f"“{text}” is not a number in {unit}"
    return Decimal(m.group(1))


def check_against_engine(report, org, subtree):
    """Assert that every reference of ``report`` shows the engine's value; returns how many were checked."""
    pairs = [pair for b in report.visible_blocks() for pair in read_numbers(b)]
    keys = sorted({ref.key for ref, _ in pairs})
    values = Engine(Scope(org, subtree), START, END).evaluate(keys)
    comparisons = year_on_year(org, START, END, keys, subtree=subtree)
    for ref, text in pairs:
        v = values[ref.key]
        if ref.fmt == "":
            assert as_number(text, v.unit) == Decimal(str(v.value)), (ref, text, v.value)
        elif ref.fmt == "yoy":
            assert text == "同比" + comparisons[ref.key].text(), (ref, text)
        else:
            assert as_number(text, v.unit) == Decimal(str(comparisons[ref.key].previous)), (ref, text)
    return len(pairs)


@pytest.fixture
def county_draft(demo_county, season):
    draft, _ = services.get_or_create_draft(demo_county, 2025)
    return draft


@pytest.fixture
def writer(demo_county):
    return User.objects.get(username="bureau")


def fill_the_parts_people_write(draft, user=None):
    """Text for parts two and four (and three if the ledger left it empty), with one reference each."""
    data = {"title": draft.title, "addressee": "示范市人民政府", "issuer": draft.issuer, "issue_date": "2026-03-20", "blocks": []}
    for b in draft.blocks.order_by("position"):
        text = b.text
        if not text and b.part == "shortcomings":
            text = "行政复议案件数量持续增长，{{reconsideration.received|yoy}}，源头预防仍需加强。"
        elif not text and b.part == "plans":
            text = "力促行政诉讼败诉率（{{litigation.loss_rate}}）下降。"
        elif not text and b.part == "principal_duty":
            text = "县政府主要负责人认真履行推进法治建设第一责任人职责。"
        data["blocks"].append({"id": b.pk, "part": b.part, "section": b.section, "level": b.level, "text": text})
    return services.save_draft(draft, data, user=user)


def test_every_number_of_the_county_report_is_the_engines(county_draft, demo_county):
    report = builder.render_draft(county_draft)
    assert not report.errors
    checked = check_against_engine(report, demo_county, subtree=True)
    assert checked >= 30
    # Nothing the builder wrote from the indicators holds a typed digit: every figure is a reference.
    for b in report.visible_blocks():
        if b.source.startswith("indicator:"):
            assert not re.search(r"\d", tokens.TOKEN_RE.sub("", b.template)), b.template


def test_every_number_of_a_departments_report_is_the_engines_over_its_own_records(demo_county, season):
    d01 = Org.objects.get(code="demo-d01")
    draft = services.create_draft(d01, 2025)
    report = builder.render_draft(draft)
    assert check_against_engine(report, d01, subtree=False) >= 5
    used = {r.ref.key for r in report.references()}
    assert "reconsideration.respondent.received" in used and "litigation.received" in used
    assert not any(k.startswith("reconsideration.") and not k.startswith("reconsideration.respondent.") for k in used)
    # Its own: the cases in which the department is the respondent / the defendant, nothing else.
    facts = report.facts
    assert facts["reconsideration.respondent.received"].value == ReconsiderationCase.objects.filter(
        respondent_org=d01, received_on__gte=START, received_on__lte=END).count() > 0
    from fazhi.litigation.models import Lawsuit

    assert facts["litigation.received"].value == Lawsuit.objects.filter(
        defendant_org=d01, trial_level=Instance.FIRST, complaint_received_on__gte=START, complaint_received_on__lte=END).count()


def test_the_docx_html_and_markdown_show_the_same_numbers(county_draft, demo_county):
    report = builder.render_draft(county_draft)
    shown = [b.text for b in report.visible_blocks()]
    document = Document(io.BytesIO(export(report, "docx")))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[1:-2] == shown  # title first, issuer and date last
    html = export(report, "html").decode()
    links = re.findall(r'<a class="fz-num" href="([^"]+)" data-key="([^"]+)" data-fmt="([^"]*)" title="[^"]*">([^<]+)</a>', html)
    assert len(links) == len(report.references())
    values = Engine(Scope(demo_county, True), START, END).evaluate(sorted({k for _, k, _, _ in links}))
    for href, key, fmt, text in links:
        assert unescape(href) == f"/indicators/records/?org=demo&key={key}&start=2025-01-01&end=2025-12-31"
        if not fmt:
            assert text == values[key].display()
    markdown = export(report, "md").decode()
    for line in shown:
        assert line in markdown.replace("\\", "")
    assert "## 数据说明" in markdown and "reconsideration.correction_rate" in markdown


def test_editing_a_record_after_the_freeze_changes_the_draft_but_not_the_frozen_report(county_draft, demo_county, writer, season):
    fill_the_parts_people_write(county_draft, writer)
    frozen = services.freeze(county_draft, user=writer)
    assert frozen.version == 1 and frozen.verify()
    assert len(frozen.content_hash) == 64
    stored = {n["key"]: n for n in frozen.numbers}
    assert stored["reconsideration.corrected"]["records"] == stored["reconsideration.corrected"]["value"]
    rate = stored["reconsideration.correction_rate"]
    assert (rate["numerator"], rate["denominator"]) == (stored["reconsideration.corrected"]["value"], stored["reconsideration.closed"]["value"])
    assert rate["definition"] and rate["previous_source"] == "records"
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_FREEZE, object_id=str(frozen.pk), detail__sha256=frozen.content_hash).exists()
    before_text, before_hash = frozen.text, frozen.content_hash
    frozen_docx = export(builder.render_frozen(frozen), "docx")

    season.shift(60)
    case = ReconsiderationCase.objects.filter(org__code="demo-sfj", outcome=Outcome.UPHELD, closed_on__gte=START, closed_on__lte=END).first()
    case.outcome = Outcome.REVOKED
    case._history_user = writer
    case.save()

    live = builder.render_draft(county_draft)
    assert live.facts["reconsideration.corrected"].value == stored["reconsideration.corrected"]["value"] + 1
    assert live.full_text() != before_text
    check_against_engine(live, demo_county, subtree=True)

    frozen = FrozenReport.objects.get(pk=frozen.pk)
    assert (frozen.text, frozen.content_hash) == (before_text, before_hash)
    assert frozen.verify()
    again = builder.render_frozen(frozen)
    assert again.full_text() == before_text
    assert export(again, "docx") != b"" and Document(io.BytesIO(frozen_docx)).paragraphs[0].text
    assert again.facts["reconsideration.corrected"].value == stored["reconsideration.corrected"]["value"]

    changes = {c.key: c for c in services.changes_since(frozen)}
    corrected = changes["reconsideration.corrected"]
    assert (corrected.old, corrected.new) == (f"{stored['reconsideration.corrected']['value']}件", f"{stored['reconsideration.corrected']['value'] + 1}件")
    assert case.pk in {r.pk for r in corrected.records}
    edited = next(r for r in corrected.records if r.pk == case.pk)
    assert ("结案方式", "维持", "撤销") in edited.changes and edited.edits[0][1] == writer.display_name
    assert "reconsideration.correction_rate" in changes and "reconsideration.received" not in changes


def test_a_second_freeze_is_a_new_version_and_an_unchanged_one_is_refused(county_draft, writer, season):
    fill_the_parts_people_write(county_draft, writer)
    first = services.freeze(county_draft, user=writer)
    with pytest.raises(ValidationError, match="内容与已定稿的第1版相同"):
        services.freeze(county_draft, user=writer)
    block = county_draft.blocks.filter(part="plans", level="paragraph").first()
    block.text += "加强行政复议规范化建设。"
    block.save()
    second = services.freeze(county_draft, user=writer)
    assert second.version == 2 and second.content_hash != first.content_hash
    assert FrozenReport.objects.get(pk=first.pk).text == first.text
    assert county_draft.latest_frozen() == second


def test_a_frozen_report_cannot_be_changed_or_deleted(county_draft, writer, season):
    fill_the_parts_people_write(county_draft, writer)
    frozen = services.freeze(county_draft, user=writer)
    frozen.title = "改过的标题"
    with pytest.raises(FrozenReportImmutable):
        frozen.save()
    with pytest.raises(FrozenReportImmutable):
        FrozenReport.objects.filter(pk=frozen.pk).update(text="改过")
    with pytest.raises(FrozenReportImmutable):
        frozen.delete()
    with pytest.raises(FrozenReportImmutable):
        FrozenReport.objects.filter(pk=frozen.pk).delete()
    assert FrozenReport.objects.get(pk=frozen.pk).title == county_draft.title
    # Changed behind the ORM, the stored content no longer matches its hash.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {FrozenReport._meta.db_table} SET text = text || '！' WHERE id = %s", [frozen.pk])
        cursor.execute(f"UPDATE {FrozenReport._meta.db_table} SET numbers = %s WHERE id = %s", ["[]", frozen.pk])
    assert not FrozenReport.objects.get(pk=frozen.pk).verify()


def test_freezing_needs_the_parts_people_write_and_a_date(county_draft, writer):
    with pytest.raises(ValidationError) as e:
        services.freeze(county_draft, user=writer)
    assert any("存在的不足和原因”尚未填写" in m for m in e.value.messages)
    assert any("主要安排”尚未填写" in m for m in e.value.messages)
    assert not FrozenReport.objects.filter(draft=county_draft).exists()


def test_the_cli_writes_the_frozen_version_with_frozen(county_draft, writer, season, tmp_path):
    fill_the_parts_people_write(county_draft, writer)
    frozen = services.freeze(county_draft, user=writer)
    out = tmp_path / "frozen.md"
    call_command("report", "--org", "demo", "--year", "2025", "--format", "md", "-o", str(out), "--frozen", stdout=io.StringIO())
    text = out.read_text()
    assert frozen.content_hash in text and "定稿第1版" in text
    html = tmp_path / "frozen.html"
    call_command("report", "--org", "demo", "--year", "2025", "--format", "html", "-o", str(html), "--frozen", "--base-url", "https://fz.example",
                 stdout=io.StringIO())
    assert 'href="https://fz.example/indicators/records/?org=demo&amp;key=reconsideration.received&amp;start=2025-01-01&amp;end=2025-12-31"' in html.read_text()
    assert ReportDraft.objects.filter(org__code="demo", year=2025).count() == 1
