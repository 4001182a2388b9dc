"""The annual report as the bureau's staff write it, in Chromium: draft the county's 2025 report from the
records, edit a paragraph, write a shortcoming around a number inserted from the reference picker (a chip
that goes as a whole, never digit by digit), take a suggested plan, have a broken reference refused with
nothing saved, save, freeze, and download the frozen .docx — whose text holds the same numbers.

Screenshots: test-artifacts/screenshots/report-*.png."""

from datetime import date

import pytest
from docx import Document

from fazhi.core.models import Org
from fazhi.litigation.choices import Result
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.reconsideration.choices import Outcome
from fazhi.reports.models import FrozenReport, ReportBlock, ReportDraft
from fazhi.reports.tests.factories import cases, entry, lawsuits

from .conftest import shot
from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)

SHORTCOMING = "行政复议案件数量{{reconsideration.received|yoy}}，源头预防化解仍需加强。"


@pytest.fixture
def records(county):
    """Two years of reconsideration cases (10 → 12), the year's lawsuits (one head absent) and ledger entries."""
    cases(2024, 10)
    cases(2025, 10)
    cases(2025, 2, outcome=Outcome.REVOKED)
    lawsuits(2025, 3)
    lawsuits(2025, 1, result=Result.REVOKED, head_appeared=False)
    entry("demo", date(2025, 9, 1), ReportSection.OVERALL, "命名为省级法治政府建设示范县", "示范县被命名为第三批省级法治政府建设示范县。", highlight=True)
    entry("demo", date(2025, 3, 20), ReportSection.PRINCIPAL_DUTY, "县长述法", "县长周建明在县委全面依法治县委员会会议上述法。",
          kind=EntryKind.LAW_REPORT, leader="县长 周建明")
    return county


def block(page, part, level="paragraph"):
    return page.locator(f'.fz-block[data-part="{part}"][data-level="{level}"]').last


def put_caret_at_end(page, locator):
    locator.click()
    page.keyboard.press("Control+End")


def test_draft_edit_reference_freeze_and_download(page, records, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())  # the 定稿 confirmation
    login(page, "bureau")

    # 1. 法治督察 → 年度报告: draft the county's 2025 report from the records.
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="年度报告").click()
    page.select_option("#fz-new-org", str(Org.objects.get(code="demo").pk))
    page.select_option("#fz-new-year", "2025")
    shot(page, "report-1-index")
    with page.expect_navigation():
        page.get_by_role("button", name="根据记录生成草稿").click()
    assert page.locator('[data-testid="report-title"]').inner_text() == "示范县人民政府2025年法治政府建设年度报告"
    assert page.locator(".alert-success").filter(has_text="已根据登记记录生成").is_visible()
    draft = ReportDraft.objects.get(org__code="demo", year=2025)
    received = page.locator('.fz-block .fz-ref[data-ref="reconsideration.received"]').first
    assert received.inner_text() == "12件" and received.get_attribute("contenteditable") == "false"
    assert page.locator('.fz-ref[data-ref="reconsideration.received|yoy"]').first.inner_text() == "同比增长2件、20.0%"
    shot(page, "report-2-draft")

    # 2. Edit the opening paragraph.
    preamble = block(page, "preamble")
    put_caret_at_end(page, preamble)
    page.keyboard.type("全县上下齐心协力。")
    assert page.locator("#fz-status").inner_text() == "有未保存的修改"

    # 3. A shortcoming written around a number from the picker.
    shortcoming = block(page, "shortcomings")
    shortcoming.click()
    page.keyboard.type("行政复议案件数量")
    page.fill("#fz-ref-search", "收到行政复议申请")
    option = page.locator('[data-testid="ref-option"][data-key="reconsideration.received"]')
    assert option.is_visible() and page.locator('[data-testid="ref-option"][data-key="litigation.loss_rate"]').is_hidden()
    assert option.locator("[data-value]").inner_text() == "12件"
    option.get_by_role("button", name="插入同比").click()
    chip = shortcoming.locator('.fz-ref[data-ref="reconsideration.received|yoy"]')
    assert chip.inner_text() == "同比增长2件、20.0%"
    # The chip goes as a whole: Backspace removes all of it (after the caret helper), never a digit of it.
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    assert chip.count() == 0 and shortcoming.inner_text().strip() == "行政复议案件数量"
    option.get_by_role("button", name="插入同比").click()
    page.keyboard.type("，源头预防化解仍需加强。")
    assert shortcoming.locator(".fz-ref").count() == 1
    shot(page, "report-3-reference")

    # 4. Take a suggested plan (数据提示).
    page.locator('[data-testid="tab-suggestions"]').click()
    plan = page.locator('[data-take-suggestion][data-part="plans"]').first
    suggestion_text = plan.locator("xpath=..").locator(".small.my-1").inner_text()
    plan.click()
    assert plan.inner_text() == "已采用"
    assert block(page, "plans").inner_text() == suggestion_text
    shot(page, "report-4-suggestion")

    # 5. A reference that does not exist (as if a page were tampered with) is refused; nothing is saved.
    page.evaluate("""document.querySelector('.fz-block[data-part="shortcomings"] .fz-ref').dataset.ref = 'reconsideration.nonexistent'""")
    page.locator('[data-testid="save"]').click()
    errors = page.locator('[data-testid="save-errors"]')
    errors.wait_for(state="visible")
    assert "引用了未定义的指标“reconsideration.nonexistent”" in errors.inner_text()
    assert not ReportBlock.objects.filter(draft=draft, text__contains="全县上下齐心协力").exists()
    shot(page, "report-5-refused")
    page.evaluate("""document.querySelector('.fz-block[data-part="shortcomings"] .fz-ref').dataset.ref = 'reconsideration.received|yoy'""")

    # 6. Save.
    page.locator('[data-testid="save"]').click()
    page.locator("#fz-status", has_text="已保存").wait_for()
    assert errors.is_hidden()
    texts = list(draft.blocks.order_by("position").values_list("part", "text"))
    assert texts[0][1].endswith("现将2025年度法治政府建设情况报告如下。全县上下齐心协力。")
    assert ("shortcomings", SHORTCOMING) in texts
    assert any(part == "plans" and text for part, text in texts)
    page.reload()
    assert block(page, "shortcomings").locator(".fz-ref").inner_text() == "同比增长2件、20.0%"
    shot(page, "report-6-saved")

    # 7. Freeze.
    with page.expect_navigation():
        page.locator('[data-testid="freeze"]').click()
    frozen = FrozenReport.objects.get(draft=draft)
    assert page.url == f"{page.base_url}/reports/{draft.pk}/v1/"
    assert page.locator('[data-testid="frozen-badge"]').inner_text() == "已定稿 第1版"
    assert page.locator('[data-testid="hash"]').inner_text() == frozen.content_hash
    assert page.locator('[data-testid="verified"]').is_visible()
    link = page.locator('a.fz-num[data-key="reconsideration.received"]').first
    assert link.inner_text() == "12件"
    assert link.get_attribute("href") == "/indicators/records/?org=demo&key=reconsideration.received&start=2025-01-01&end=2025-12-31"
    shot(page, "report-7-frozen")

    # 8. Download the frozen .docx.
    page.locator('[data-testid="download-frozen"]').click()
    with page.expect_download() as info:
        page.locator('a[data-format="docx"]').click()
    download = info.value
    assert download.suggested_filename == "示范县人民政府2025年法治政府建设年度报告（第1版）.docx"
    path = tmp_path / "report.docx"
    download.save_as(path)
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0].replace("\n", "") == "示范县人民政府2025年法治政府建设年度报告"
    assert "行政复议案件数量同比增长2件、20.0%，源头预防化解仍需加强。" in paragraphs
    assert any("全年共收到行政复议申请12件，同比增长2件、20.0%" in p for p in paragraphs)

    # 9. A case decided differently after the freeze: the frozen version keeps its numbers, the changes page
    #    shows old → new and the case behind it.
    from fazhi.reconsideration.models import ReconsiderationCase

    case = ReconsiderationCase.objects.filter(outcome=Outcome.UPHELD, closed_on__year=2025).order_by("pk").first()
    case.outcome = Outcome.REVOKED
    case.save()
    page.goto(f"{page.base_url}/reports/{draft.pk}/v1/")
    assert page.locator('a.fz-num[data-key="reconsideration.corrected"]').first.inner_text() == "2件"
    with page.expect_navigation():
        page.locator('[data-testid="changes-link"]').click()
    change = page.locator('[data-testid="number-change"]').filter(has_text="reconsideration.corrected")
    assert change.locator('[data-testid="old"]').inner_text() == "2件" and change.locator('[data-testid="new"]').inner_text() == "3件"
    assert case.case_no in change.inner_text() and "结案方式：维持 → 撤销" in change.inner_text()
    shot(page, "report-8-changes")

    # 10. The calendar shows the county's report frozen.
    page.goto(page.base_url + "/reports/calendar/?year=2025")
    row = page.locator('tr[data-org="demo"]')
    assert "已定稿（第1版）" in row.inner_text()
    shot(page, "report-9-calendar")
