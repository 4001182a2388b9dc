"""The work ledger (工作台账) in Chromium: the bureau finds it in the navigation, filters a year's highlights,
opens an entry with its figures, enters figures and uploads an attachment, downloads it; a department
liaison sees only the department's entries. Screenshots go to test-artifacts/screenshots/ledger-*.png."""

import re

import pytest
from django.utils import timezone

from fazhi.core.models import Org
from fazhi.demo import ledger
from fazhi.oversight.models import LedgerEntry

from .conftest import shot
from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row_count(page):
    return int(re.search(r"共\s*(\d+)\s*条", page.get_by_test_id("row-count").inner_text()).group(1))


def test_the_bureau_reads_enters_and_attaches_and_a_department_sees_its_own(page, county, tmp_path):
    ledger.build(county, timezone.localdate())
    total = LedgerEntry.objects.count()

    login(page, "bureau")
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="工作台账").click()
    assert page.locator("h1").inner_text().strip() == "工作台账"
    assert row_count(page) == total
    shot(page, "ledger-01-list")

    # --- a year's highlights
    page.select_option("#id_year", "2025")
    page.select_option("#id_highlight", "1")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    highlights = LedgerEntry.objects.filter(happened_on__year=2025, highlight=True).count()
    assert row_count(page) == highlights
    shot(page, "ledger-02-highlights-2025")

    # --- an entry with its figures
    entry = LedgerEntry.objects.get(title="2025年普法宣传总体情况")
    page.goto(f"{page.base_url}/oversight/ledger/{entry.pk}/")
    figures = page.get_by_test_id("figures")
    assert "举办法治讲座142场" in figures.inner_text()
    assert "发放普法宣传资料31万余份" in figures.inner_text()
    shot(page, "ledger-03-detail")

    # --- the entry's own form
    page.goto(f"{page.base_url}/oversight/ledger/{entry.pk}/edit/")
    assert page.locator("#id_title").input_value() == "2025年普法宣传总体情况"
    shot(page, "ledger-04a-edit-form")
    page.goto(f"{page.base_url}/oversight/ledger/{entry.pk}/")

    # --- figures: one more row
    with page.expect_navigation():
        page.get_by_test_id("edit-figures").click()
    shot(page, "ledger-04-figures-form")
    page.fill("#id_figures-3-label", "覆盖群众")
    page.fill("#id_figures-3-value", "20")
    page.fill("#id_figures-3-unit", "万人次")
    page.check("#id_figures-3-approximate")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "覆盖群众20万余人次" in page.get_by_test_id("figures").inner_text()

    # --- an attachment: a wrong type is refused, a PDF is stored and downloads under its name
    with page.expect_navigation():
        page.get_by_test_id("edit-attachments").click()
    bad = tmp_path / "工具.exe"
    bad.write_bytes(b"MZ" + b"\0" * 64)
    page.set_input_files("#id_attachments-0-file", str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "不支持“.exe”格式的文件" in page.content()
    shot(page, "ledger-05-attachment-refused")
    good = tmp_path / "普法工作总结.pdf"
    good.write_bytes(PDF)
    page.set_input_files("#id_attachments-0-file", str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    attachments = page.get_by_test_id("attachments")
    assert "普法工作总结.pdf" in attachments.inner_text()
    shot(page, "ledger-06-detail-with-attachment")
    with page.expect_download() as dl:
        attachments.get_by_role("link", name="普法工作总结.pdf").click()
    assert dl.value.suggested_filename == "普法工作总结.pdf"
    saved = tmp_path / "downloaded.pdf"
    dl.value.save_as(saved)
    assert saved.read_bytes() == PDF

    # --- a department liaison: only the department's own entries, and another unit's entry is not found
    page.context.clear_cookies()
    login(page, "dept1")
    page.goto(page.base_url + "/oversight/ledger/")
    own = LedgerEntry.objects.filter(org=Org.objects.get(code="demo-d01")).count()
    assert own and row_count(page) == own
    assert set(t.strip() for t in page.locator("table.fz-table tbody tr td:nth-child(3)").all_inner_texts()) == {"示范县公安局"}
    shot(page, "ledger-07-list-department")
    response = page.goto(f"{page.base_url}/oversight/ledger/{entry.pk}/")
    assert response.status == 404
