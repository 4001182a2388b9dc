"""Excel import through the web pages (DESIGN.md §4.7), proven on the legal adviser registry: the template,
all-or-nothing imports with a per-row error list, the error workbook (fix it and upload it again), clear
Chinese errors for files that are not workbooks, and error workbooks private to their uploader."""

import io
import re
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory, adviser_row, adviser_workbook
from fazhi.core.choices import AuditAction
from fazhi.core.excel import ERROR_HEADER
from fazhi.core.models import AuditEvent, Org
from fazhi.core.testing.helpers import upload

S01 = "示范县司法局城关镇司法所"
S02 = "示范县司法局东城街道司法所"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Error workbooks go to a temporary MEDIA_ROOT, not to the developer's var/."""
    settings.MEDIA_ROOT = tmp_path


def download(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def text(response):
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def post_import(client, content, **data):
    return client.post("/advisers/import/", {"file": upload(content), **data})


def test_the_org_names_used_below_are_the_demo_stations(county):
    assert Org.objects.get(code="demo-s01").name == S01
    assert Org.objects.get(code="demo-s02").name == S02


# ---------------------------------------------------------------- the template


def test_the_template_has_the_header_row_instructions_and_a_drop_down_for_the_kind(cast, login):
    wb = download(login(cast["station1"]).get("/advisers/import/template/"))
    assert wb.sheetnames == ["数据", "填写说明"]
    ws = wb["数据"]
    headers = [c.value for c in ws[1]]
    assert headers == ["*聘用单位", "类别", "*姓名", "*执业机构", "执业证号", "联系电话", "*聘用起始日期", "*聘用截止日期", "年度费用（元）", "服务范围", "备注"]
    assert ws.max_row == 1 or all(c.value is None for row in ws.iter_rows(min_row=2) for c in row)
    [kind_list] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert kind_list.formula1 == '"法律顾问,公职律师"'
    assert "B2" in kind_list.sqref
    assert "B5000" in kind_list.sqref
    assert "C2" not in kind_list.sqref
    instructions = [[c for c in row] for row in wb["填写说明"].iter_rows(values_only=True)]
    assert instructions[0][0] == "法律顾问导入模板 填写说明"
    kind_help = next(r for r in instructions if r[0] == "类别")
    assert list(kind_help[1:4]) == ["选填", "从下拉列表选择", "法律顾问、公职律师"]
    assert next(r for r in instructions if r[0] == "姓名")[1] == "必填"


def test_the_template_formats_text_columns_as_text_so_that_long_numbers_survive(cast, login):
    ws = download(login(cast["station1"]).get("/advisers/import/template/"))["数据"]
    col = {str(c.value).lstrip("*"): c.column for c in ws[1]}
    assert ws.cell(row=2, column=col["执业证号"]).number_format == "@"
    assert ws.cell(row=2, column=col["联系电话"]).number_format == "@"
    assert ws.cell(row=2, column=col["聘用起始日期"]).number_format == "yyyy-mm-dd"


def test_a_licence_number_that_excel_turned_into_a_number_is_refused(cast, login):
    # 13307201810123456 typed into a General cell: Excel stores 1.33072018101234E+16.
    content = adviser_workbook([adviser_row(S01, "钱一", 执业证号=float("1.33072018101234E+16"))])
    r = post_import(login(cast["station1"]), content)
    assert r.status_code == 400
    [(row, column, message)] = r.context["result"].errors
    assert (row, column) == (2, "执业证号")
    assert "被 Excel 存成了数字" in message
    assert not LegalAdviser.objects.exists()


def test_a_licence_number_stored_as_text_is_kept_digit_for_digit(cast, login):
    content = adviser_workbook([adviser_row(S01, "钱一", 执业证号="03307201810123456"), adviser_row(S01, "钱二", 联系电话=13905791234)])
    assert post_import(login(cast["station1"]), content).status_code == 302
    assert dict(LegalAdviser.objects.values_list("name", "license_no")) == {"钱一": "03307201810123456", "钱二": "13307201810123456"}
    assert LegalAdviser.objects.get(name="钱二").phone == "13905791234"  # 11 digits survive as a number


def test_the_template_needs_the_add_permission(cast, login):
    assert login(cast["leader"]).get("/advisers/import/template/").status_code == 403


# ---------------------------------------------------------------- a good workbook


def test_a_good_workbook_imports_every_row_and_is_audited(cast, login):
    station1 = cast["station1"]
    content = adviser_workbook(
        [
            adviser_row(S01, "钱一"),
            adviser_row("demo-s01", "钱二", 类别="公职律师", 聘用起始日期=date(2024, 3, 1), 聘用截止日期="2025年2月28日"),
            adviser_row(S01, "钱三", 执业证号="", 联系电话="0579-84123456", **{"年度费用（元）": "80,000.50"}),
        ]
    )
    r = post_import(login(station1), content)
    assert r.status_code == 302
    assert r["Location"] == "/advisers/"
    rows = {a.name: a for a in LegalAdviser.objects.all()}
    assert set(rows) == {"钱一", "钱二", "钱三"}
    assert all(a.org.code == "demo-s01" and a.created_by == station1 and a.updated_by == station1 for a in rows.values())
    assert rows["钱二"].kind == "government_lawyer"
    assert (rows["钱二"].contract_start, rows["钱二"].contract_end) == (date(2024, 3, 1), date(2025, 2, 28))
    assert str(rows["钱三"].fee) == "80000.50"
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.actor == station1
    assert event.detail["created"] == 3
    assert event.detail["model"] == "advisers.LegalAdviser"


def test_the_bureau_imports_rows_without_a_unit_under_the_chosen_default(cast, login):
    d01 = Org.objects.get(code="demo-d01")
    content = adviser_workbook([adviser_row("", "部门顾问一"), adviser_row("", "部门顾问二"), adviser_row(S02, "所顾问")])
    r = post_import(login(cast["bureau"]), content, org=d01.pk)
    assert r.status_code == 302
    assert dict(LegalAdviser.objects.values_list("name", "org__code")) == {"部门顾问一": "demo-d01", "部门顾问二": "demo-d01", "所顾问": "demo-s02"}


def test_rows_without_a_unit_and_no_default_are_refused(cast, login):
    r = post_import(login(cast["bureau"]), adviser_workbook([adviser_row("", "无单位")]))
    assert r.status_code == 400
    assert (2, "聘用单位", "这个字段是必填项。") in r.context["result"].errors
    assert not LegalAdviser.objects.exists()


# ---------------------------------------------------------------- a workbook with bad rows

BAD_ROWS = [
    adviser_row(S01, "合规甲"),
    adviser_row(S01, "坏日期", 聘用起始日期="2024-13-01"),
    adviser_row(S01, "坏类别", 类别="律师"),
    adviser_row(S01, ""),
    adviser_row(S02, "越权"),
    adviser_row(S01, "倒挂", 聘用起始日期="2024-06-01", 聘用截止日期="2024-05-31"),
    adviser_row(S01, "合规乙"),
]
EXPECTED_ERRORS = [
    (3, "聘用起始日期", "“2024-13-01”不是有效日期，应为“2024-03-01”或“2024年3月1日”格式"),
    (4, "类别", "“律师”不是可选值，可选：法律顾问、公职律师"),
    (5, "姓名", "这个字段是必填项。"),
    (6, "聘用单位", f"单位“{S02}”不存在，或不在您可以录入的范围内"),
    (7, "聘用截止日期", "聘用截止日期不能早于起始日期。"),
]


def test_a_workbook_with_bad_rows_writes_nothing_and_lists_every_error(cast, login):
    LegalAdviserFactory(org=Org.objects.get(code="demo-s01"), name="原有")
    r = post_import(login(cast["station1"]), adviser_workbook(BAD_ROWS))
    assert r.status_code == 400
    assert list(LegalAdviser.objects.values_list("name", flat=True)) == ["原有"]  # not even 合规甲 or 合规乙
    assert sorted(r.context["result"].errors) == EXPECTED_ERRORS
    page = text(r)
    assert "共7行，发现 5 处错误" in page
    assert "未写入任何数据" in page
    for row, column, message in EXPECTED_ERRORS:
        assert f"第{row}行 {column} {message}" in page
    assert "下载错误工作簿" in page
    event = AuditEvent.objects.get(action=AuditAction.IMPORT_REJECTED)
    assert event.detail["errors"] == 5
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_the_error_workbook_marks_the_bad_cells_and_can_be_fixed_and_uploaded_again(cast, login):
    client = login(cast["station1"])
    r = post_import(client, adviser_workbook(BAD_ROWS))
    error_url = r.context["error_url"]
    assert error_url in r.content.decode()

    wb = download(client.get(error_url))
    ws = wb["数据"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    assert headers[0] == ERROR_HEADER
    col = {h: i + 1 for i, h in enumerate(headers)}
    assert [ws.cell(row=n, column=col["姓名"]).value for n in range(2, 9)] == ["合规甲", "坏日期", "坏类别", None, "越权", "倒挂", "合规乙"]

    def red(n, header):
        return ws.cell(row=n, column=col[header]).fill.fgColor.rgb.endswith("FFC7CE")

    for n, header, message in EXPECTED_ERRORS:
        assert red(n, header), (n, header)
        assert f"{header}：{message}" in ws.cell(row=n, column=1).value
    bad = {(n, h) for n, h, _ in EXPECTED_ERRORS}
    for n in range(2, 9):
        for header in headers[1:]:
            if (n, header) not in bad:
                assert not red(n, header), (n, header)
    assert ws.cell(row=2, column=1).value in (None, "")
    assert ws.cell(row=8, column=1).value in (None, "")

    # The user fixes the red cells in the error workbook itself and uploads it again.
    ws.cell(row=3, column=col["聘用起始日期"], value="2024-01-01")
    ws.cell(row=4, column=col["类别"], value="公职律师")
    ws.cell(row=5, column=col["姓名"], value="补名")
    ws.cell(row=6, column=col["聘用单位"], value=S01)
    ws.cell(row=7, column=col["聘用截止日期"], value="2025-05-31")
    fixed = io.BytesIO()
    wb.save(fixed)
    r = post_import(client, fixed.getvalue())
    assert r.status_code == 302
    assert set(LegalAdviser.objects.values_list("name", flat=True)) == {"合规甲", "坏日期", "坏类别", "补名", "越权", "倒挂", "合规乙"}
    assert set(LegalAdviser.objects.values_list("org__code", flat=True)) == {"demo-s01"}
    assert LegalAdviser.objects.get(name="坏类别").kind == "government_lawyer"


def test_another_user_cannot_download_someone_elses_error_workbook(cast, login, client):
    error_url = post_import(login(cast["station1"]), adviser_workbook(BAD_ROWS)).context["error_url"]
    assert client.get(error_url).status_code == 200
    for other in ("station2", "bureau"):
        login(cast[other])
        assert client.get(error_url).status_code == 404


def test_an_unknown_error_workbook_token_is_not_found(cast, login):
    client = login(cast["station1"])
    assert client.get("/advisers/import/errors/0123456789abcdef0123456789abcdef/").status_code == 404
    assert client.get("/advisers/import/errors/..%2F..%2Fsecret_key/").status_code == 404


# ---------------------------------------------------------------- files that are not usable workbooks


@pytest.mark.parametrize(
    "name, content",
    [
        ("法律顾问.xlsx", "姓名,电话\n钱一,13905791234\n".encode()),
        ("法律顾问.csv", "姓名,电话\n钱一,13905791234\n".encode("gbk")),
        ("法律顾问.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),  # an old binary .xls
        ("法律顾问.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_gets_a_clear_chinese_error(name, content, cast, login):
    r = login(cast["station1"]).post("/advisers/import/", {"file": upload(content, name)})
    assert r.status_code == 400
    assert "无法读取文件，请上传 .xlsx 格式的 Excel 工作簿" in r.content.decode()
    assert r.context["error_url"] == ""
    assert not LegalAdviser.objects.exists()


def test_an_empty_workbook_gets_a_clear_chinese_error(cast, login):
    empty = io.BytesIO()
    Workbook().save(empty)
    r = post_import(login(cast["station1"]), empty.getvalue())
    assert r.status_code == 400
    assert "工作簿是空的" in r.content.decode()
    assert not LegalAdviser.objects.exists()


def test_a_template_without_rows_gets_a_clear_chinese_error(cast, login):
    r = post_import(login(cast["station1"]), adviser_workbook([]))
    assert r.status_code == 400
    assert "没有可导入的数据行" in r.content.decode()


def test_a_workbook_without_a_required_column_is_refused(cast, login):
    wb = Workbook()
    wb.active.append(["聘用单位", "类别", "执业机构", "聘用起始日期", "聘用截止日期"])
    wb.active.append([S01, "法律顾问", "浙江正衡律师事务所", "2024-01-01", "2024-12-31"])
    content = io.BytesIO()
    wb.save(content)
    r = post_import(login(cast["station1"]), content.getvalue())
    assert r.status_code == 400
    assert (1, "姓名", "缺少必填列，请使用系统下载的模板") in r.context["result"].errors
    assert not LegalAdviser.objects.exists()


def test_posting_without_a_file_asks_for_one(cast, login):
    r = login(cast["station1"]).post("/advisers/import/", {}, follow=True)
    assert "请选择要导入的 Excel 文件。" in r.content.decode()
