"""The legal adviser registry as a county civil servant uses it, in Chromium: sign in, switch the active
unit, find 法律顾问 in the navigation, download the import template, have a bad workbook refused row by
row with nothing written, import a good one, export, open a record, its history and its edit form.

Screenshots of every step go to test-artifacts/screenshots/ for a human to look at."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.advisers.choices import AdviserKind
from fazhi.advisers.models import LegalAdviser
from fazhi.core.models import Org
from fazhi.demo import county as demo

from .conftest import shot
from .pages import login

PASSWORD = demo.DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def advisers(county):
    """The demo county's advisers (a few hundred rows over the years), plus two at the first township's
    司法所 — one of them with a contract ending in five days, which its staff must see in 我的待办."""
    today = timezone.localdate()
    demo.build_advisers(county, today)
    station = Org.objects.get(code="demo-s01")
    common = {"org": station, "kind": AdviserKind.GOVERNMENT_LAWYER, "firm": station.name, "contract_start": date(today.year, 1, 1) - timedelta(days=200)}
    LegalAdviser.objects.create(name="钱文静", contract_end=today + timedelta(days=5), phone="13905790001", **common)
    LegalAdviser.objects.create(name="冯国强", contract_end=today + timedelta(days=300), **common)
    return station


def switch_org(page, org):
    with page.expect_navigation():
        page.select_option("#fz-org", str(org.pk))  # fazhi.js submits the form on change
    assert page.locator("#fz-org option:checked").inner_text().strip() == org.name
    assert page.locator(".alert-success").filter(has_text=f"已切换到“{org.name}”").is_visible()


def open_adviser_list(page):
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="法律顾问").click()
    assert page.locator("h1").inner_text().strip() == "法律顾问"


def row_count(page):
    text = page.get_by_test_id("row-count").inner_text()
    return int(re.search(r"共\s*(\d+)\s*条", text).group(1))


def column(page, header):
    """The texts of one column of the list table (current page)."""
    headers = [h.strip() for h in page.locator("table.fz-table thead th").all_inner_texts()]
    i = headers.index(header)
    return [t.strip() for t in page.locator(f"table.fz-table tbody tr td:nth-child({i + 1})").all_inner_texts()]


def fill_template(template_path, rows, out_path):
    """Fill the downloaded template's 数据 sheet as a user would, keyed by the (unstarred) header."""
    wb = load_workbook(template_path)
    ws = wb["数据"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=r, column=headers.index(header) + 1, value=value)
    wb.save(out_path)
    return out_path


def test_section_staff_switches_unit_imports_exports_and_edits_advisers(page, advisers, tmp_path):
    station = advisers
    bureau = Org.objects.get(code="demo-sfj")
    today = timezone.localdate()

    # --- sign in through the login page
    page.goto(page.base_url + "/")
    assert "/login/" in page.url
    shot(page, "01-login")
    login(page, "section")
    assert page.locator(".fz-topbar").get_by_text("李敏").is_visible()
    assert page.locator("#fz-org option:checked").inner_text().strip() == bureau.name
    assert page.locator("nav.fz-sidebar .nav-link.active").all_inner_texts() == ["首页"]
    shot(page, "02-home")

    # --- switch to the 司法所 with the top-bar select: the bar and the list follow the active unit
    switch_org(page, station)
    open_adviser_list(page)
    station_rows = LegalAdviser.objects.filter(org=station).count()
    assert station_rows == 2
    assert row_count(page) == station_rows
    assert set(column(page, "聘用单位")) == {station.name}
    shot(page, "03-list-station")

    # --- and back to the bureau, whose scope (section staff: the whole county) shows every row
    switch_org(page, bureau)
    assert page.locator("#fz-org option:checked").inner_text().strip() == bureau.name
    open_adviser_list(page)
    before = LegalAdviser.objects.count()
    assert row_count(page) == before
    assert len(set(column(page, "聘用单位"))) > 1
    assert page.locator("nav.fz-sidebar .nav-link.active").all_inner_texts() == ["法律顾问"]
    assert page.locator("#id_org option").first.inner_text() == "全部单位"
    shot(page, "04-list")

    # --- the import page and its template
    with page.expect_navigation():
        page.get_by_role("link", name="导入").click()
    with page.expect_download() as dl:
        page.get_by_test_id("template").click()
    template = tmp_path / "template.xlsx"
    dl.value.save_as(template)
    assert dl.value.suggested_filename == "法律顾问导入模板.xlsx"
    wb = load_workbook(template)
    assert wb.sheetnames == ["数据", "填写说明"]
    assert [c.value for c in wb["数据"][1]][:4] == ["*聘用单位", "类别", "*姓名", "*执业机构"]

    # --- a bad workbook: a date that does not exist, a 类别 that is not on the list, a missing 姓名
    good = {"聘用单位": bureau.name, "执业机构": "浙江示范律师事务所", "聘用起始日期": date(today.year, 1, 1), "聘用截止日期": date(today.year, 12, 31)}
    bad_rows = [
        {**good, "类别": "法律顾问", "姓名": "严正", "聘用起始日期": "2025-02-30"},
        {**good, "类别": "特邀专家", "姓名": "林清"},
        {**good, "类别": "公职律师", "姓名": None},
        {**good, "类别": "法律顾问", "姓名": "郝思远"},  # a good row in a bad file is not written either
    ]
    page.set_input_files("#fz-file", str(fill_template(template, bad_rows, tmp_path / "bad.xlsx")))
    page.get_by_role("button", name="校验并导入").click()
    alert = page.get_by_test_id("import-errors")
    alert.wait_for()
    assert "未写入任何数据" in alert.inner_text()
    assert "3 处错误" in alert.inner_text() or "3处错误" in alert.inner_text().replace(" ", "")
    errors = [[c.strip() for c in row.locator("td").all_inner_texts()] for row in page.locator("table tbody tr").all()]
    assert ["第2行", "聘用起始日期"] == errors[0][:2] and "不是有效日期" in errors[0][2]
    assert ["第3行", "类别"] == errors[1][:2] and "不是可选值" in errors[1][2] and "公职律师" in errors[1][2]
    assert ["第4行", "姓名"] == errors[2][:2] and "必填" in errors[2][2]
    assert page.get_by_role("link", name="下载错误工作簿").is_visible()
    shot(page, "05-import-errors")
    assert LegalAdviser.objects.count() == before
    assert not LegalAdviser.objects.filter(name__in=["严正", "林清", "郝思远"]).exists()
    page.goto(page.base_url + "/advisers/")
    assert row_count(page) == before

    # --- a good workbook: all rows are written
    good_rows = [
        {**good, "类别": "法律顾问", "姓名": "欧阳明轩", "执业证号": "13307201810123456", "联系电话": "13905795678", "年度费用（元）": 60000, "服务范围": "合同审查、行政复议和行政诉讼代理"},
        {**good, "类别": "公职律师", "姓名": "司马静怡", "执业机构": bureau.name, "聘用起始日期": f"{today.year}年1月1日"},
        {**good, "聘用单位": "demo-d01", "类别": "法律顾问", "姓名": "上官建国", "联系电话": "0579-84123456", "年度费用（元）": "50,000"},
    ]
    with page.expect_navigation():
        page.get_by_role("link", name="导入").click()
    page.set_input_files("#fz-file", str(fill_template(template, good_rows, tmp_path / "good.xlsx")))
    with page.expect_navigation():
        page.get_by_role("button", name="校验并导入").click()
    assert page.url.rstrip("/").endswith("/advisers")
    assert page.locator(".alert-success").filter(has_text="导入成功：共3条").is_visible()
    assert row_count(page) == before + 3
    assert LegalAdviser.objects.count() == before + 3
    imported = LegalAdviser.objects.get(name="欧阳明轩")
    assert imported.fee == Decimal("60000") and imported.org == bureau and imported.created_by.username == "section"
    assert LegalAdviser.objects.get(name="上官建国").org.code == "demo-d01"
    shot(page, "06-import-success")
    page.fill("#id_q", "欧阳明轩")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert column(page, "姓名") == ["欧阳明轩"]

    # --- export (of the whole list) holds the imported rows, phone numbers masked
    page.goto(page.base_url + "/advisers/")
    with page.expect_download() as dl:
        page.get_by_test_id("export").click()
    exported = tmp_path / "export.xlsx"
    dl.value.save_as(exported)
    ws = load_workbook(exported, read_only=True)["数据"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["聘用单位", "类别", "姓名"]
    by_name = {r[header.index("姓名")]: r for r in rows[1:]}
    assert len(rows) - 1 == before + 3
    for name in ("欧阳明轩", "司马静怡", "上官建国"):
        assert name in by_name
    assert by_name["欧阳明轩"][header.index("联系电话")] == "139****5678"
    assert by_name["上官建国"][header.index("聘用单位")] == "示范县公安局"

    # --- the detail page of an imported record
    page.fill("#id_q", "欧阳明轩")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    with page.expect_navigation():
        page.locator("table.fz-table").get_by_role("link", name="欧阳明轩").click()
    assert page.locator("h1").inner_text().strip() == "欧阳明轩（浙江示范律师事务所）"
    assert page.get_by_text("139****5678").is_visible()  # masked until asked for
    labels = page.locator(".fz-dl dt").all_inner_texts()
    assert "聘用单位" in labels and "状态" in labels
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels), labels  # no English field names
    shot(page, "07-detail")

    # --- the edit form refuses bad values with a message under each field, and saves nothing
    with page.expect_navigation():
        page.get_by_role("link", name="编辑").click()
    page.fill("#id_name", "")
    page.fill("#id_license_no", "12345")
    page.fill("#id_phone", "123")
    page.fill("#id_contract_end", f"{today.year - 1}-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.locator(".alert-danger").filter(has_text="请改正下列标红的内容后再保存").is_visible()
    form_errors = page.locator("form .text-danger.small").all_inner_texts()
    assert any("执业证号应为17位数字" in e for e in form_errors)
    assert any("11位手机号" in e for e in form_errors)
    assert any("聘用截止日期不能早于起始日期" in e for e in form_errors)
    assert any("必填" in e for e in form_errors)
    shot(page, "08-form-errors")
    imported.refresh_from_db()
    assert imported.name == "欧阳明轩" and imported.license_no == "13307201810123456"

    # --- a valid edit, then its history tab shows who changed what from what to what
    page.fill("#id_name", "欧阳明轩")
    page.fill("#id_license_no", "13307201810123456")
    page.fill("#id_phone", "13905795678")
    page.fill("#id_contract_end", f"{today.year}-12-31")
    page.fill("#id_fee", "80000")
    page.fill("#id_scope_of_service", "合同审查、重大行政决策法律论证")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.locator(".alert-success").filter(has_text="已保存").is_visible()
    imported.refresh_from_db()
    assert imported.fee == Decimal("80000")
    with page.expect_navigation():
        page.get_by_test_id("history-tab").click()
    entries = page.locator(".list-group-item")
    assert entries.count() == 2
    assert "修改" in entries.nth(0).inner_text() and "李敏" in entries.nth(0).inner_text()
    change = entries.nth(0).locator("tbody").inner_text()
    assert "年度费用（元）" in change and "60,000.00" in change and "80,000.00" in change
    assert "新增" in entries.nth(1).inner_text()
    shot(page, "09-history")


def test_station_staff_sees_only_its_own_advisers_and_its_expiring_contract(page, advisers):
    station = advisers
    login(page, "station1")

    # 我的待办 lists the station's contract that ends in five days, and nobody else's
    todos = page.locator("main table tbody tr")
    assert todos.count() == 1
    assert "钱文静" in todos.first.inner_text() and "5天" in todos.first.inner_text()
    assert station.name in todos.first.inner_text()
    assert page.get_by_test_id("todo-count").inner_text().strip() == "1"
    assert "郑海燕" not in page.content()  # the bureau's expiring contract is not the station's business
    # one unit only: the top bar names it instead of offering a one-item switch
    assert page.locator("#fz-org").count() == 0
    assert page.get_by_test_id("active-org").inner_text().strip() == station.name
    shot(page, "10-home-station")

    open_adviser_list(page)
    assert row_count(page) == LegalAdviser.objects.filter(org=station).count() == 2
    assert set(column(page, "聘用单位")) == {station.name}
    assert sorted(column(page, "姓名")) == sorted(["钱文静", "冯国强"])
    # the unit filter offers only its own unit
    assert page.locator("#id_org option").all_inner_texts()[1:] == [station.name]
    shot(page, "11-list-station1")

    # another unit's record is not found (404), not forbidden
    other = LegalAdviser.objects.exclude(org=station).first()
    response = page.goto(f"{page.base_url}/advisers/{other.pk}/")
    assert response.status == 404

    # and the station's export holds its own two rows only
    page.goto(page.base_url + "/advisers/")
    with page.expect_download() as dl:
        page.get_by_test_id("export").click()
    with open(dl.value.path(), "rb") as f:
        ws = load_workbook(f, read_only=True)["数据"]
        names = [r[2] for r in list(ws.iter_rows(values_only=True))[1:]]
    assert sorted(names) == sorted(["钱文静", "冯国强"])
