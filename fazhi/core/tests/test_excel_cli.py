"""The Excel commands (``fazhi template|import|export KIND``), proven on the legal adviser registry and on
the org tree: all-or-nothing imports with row/column errors on stderr and exit status 1, exports limited
to an org's subtree and a year with phones masked unless asked, and Chinese errors for unknown kinds."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory, adviser_row, adviser_workbook
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org
from fazhi.core.testing.helpers import org
from fazhi.demo.county import build_orgs

pytestmark = pytest.mark.django_db


def run(*args):
    """Run a command; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as e:
        status = e.code
    return status, out.getvalue(), err.getvalue()


def sheet(path):
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


# ---------------------------------------------------------------- template


def test_the_template_command_writes_the_import_template(tmp_path):
    path = tmp_path / "模板.xlsx"
    status, out, _ = run("template", "legal_adviser", "-o", str(path))
    assert status == 0
    assert f"已生成法律顾问导入模板：{path}" in out
    wb = load_workbook(path)
    assert wb.sheetnames == ["数据", "填写说明"]
    assert [c.value for c in wb["数据"][1]][:3] == ["*聘用单位", "类别", "*姓名"]


@pytest.mark.parametrize("command", [("template", "lawyers", "-o", "x.xlsx"), ("export", "lawyers", "-o", "x.xlsx"), ("import", "lawyers", "x.xlsx")])
def test_an_unknown_kind_is_a_chinese_command_error_listing_the_known_ones(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as e:
        call_command(*command)
    assert "未知的数据类别“lawyers”，可选：" in str(e.value)
    assert "legal_adviser" in str(e.value)
    assert "org" in str(e.value)
    assert not (tmp_path / "x.xlsx").exists()


# ---------------------------------------------------------------- import


def test_importing_a_good_workbook_files_every_row_under_the_default_org(tmp_path):
    build_orgs()
    path = tmp_path / "顾问.xlsx"
    adviser_workbook([adviser_row("", "钱一"), adviser_row("", "钱二"), adviser_row("demo-s02", "钱三")], path)
    status, out, err = run("import", "legal_adviser", str(path), "--org", "demo-s01")
    assert (status, err) == (0, "")
    assert "导入成功：法律顾问3条。" in out
    assert dict(LegalAdviser.objects.values_list("name", "org__code")) == {"钱一": "demo-s01", "钱二": "demo-s01", "钱三": "demo-s02"}
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.username == "命令行"
    assert event.detail == {"kind": "legal_adviser", "created": 3}


def test_importing_a_workbook_with_a_bad_row_writes_nothing_and_exits_with_status_one(tmp_path):
    build_orgs()
    LegalAdviserFactory(org=org("demo-s01"), name="原有")
    path = tmp_path / "顾问.xlsx"
    rows = [
        adviser_row("", "合规"),
        adviser_row("", "坏日期", 聘用截止日期="2024-13-01"),
        adviser_row("", "倒挂", 聘用起始日期="2024-06-01", 聘用截止日期="2024-01-31"),
        adviser_row("无此单位", "无单位", 执业证号="1234"),
    ]
    adviser_workbook(rows, path)
    status, out, err = run("import", "legal_adviser", str(path), "--org", "demo-s01")
    assert status == 1
    assert out == ""
    assert list(LegalAdviser.objects.values_list("name", flat=True)) == ["原有"]
    lines = err.splitlines()
    assert lines[0] == "导入失败：发现4处错误，未写入任何数据。"
    assert "  第3行「聘用截止日期」：“2024-13-01”不是有效日期，应为“2024-03-01”或“2024年3月1日”格式" in lines
    assert "  第4行「聘用截止日期」：聘用截止日期不能早于起始日期。" in lines
    assert "  第5行「聘用单位」：单位“无此单位”不存在，或不在您可以录入的范围内" in lines
    assert "  第5行「执业证号」：执业证号应为17位数字。" in lines
    assert AuditEvent.objects.get(action=AuditAction.IMPORT_REJECTED).detail["errors"] == 4


def test_importing_as_a_user_keeps_to_that_users_scope(tmp_path, county):
    path = tmp_path / "顾问.xlsx"
    adviser_workbook([adviser_row("demo-s02", "越权")], path)
    status, _, err = run("import", "legal_adviser", str(path), "--user", "station1")
    assert status == 1
    assert "第2行「聘用单位」：单位“demo-s02”不存在，或不在您可以录入的范围内" in err
    assert not LegalAdviser.objects.exists()
    status, _, _ = run("import", "legal_adviser", str(path), "--user", "station2")
    assert status == 0
    assert LegalAdviser.objects.get().created_by.username == "station2"


def test_importing_a_file_that_is_not_a_workbook_exits_with_a_chinese_error(tmp_path):
    build_orgs()
    path = tmp_path / "顾问.xlsx"
    path.write_text("姓名,电话\n钱一,13905791234\n", encoding="utf-8")
    status, _, err = run("import", "legal_adviser", str(path), "--org", "demo-s01")
    assert status == 1
    assert "无法读取文件，请上传 .xlsx 格式的 Excel 工作簿" in err
    assert not LegalAdviser.objects.exists()


def test_importing_a_missing_file_or_with_an_unknown_org_is_a_command_error(tmp_path):
    build_orgs()
    path = tmp_path / "顾问.xlsx"
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import", "legal_adviser", str(tmp_path / "无.xlsx"), "--org", "demo-s01")
    adviser_workbook([adviser_row("", "钱一")], path)
    with pytest.raises(CommandError, match="机构代码“demo-x99”不存在。"):
        call_command("import", "legal_adviser", str(path), "--org", "demo-x99")
    assert not LegalAdviser.objects.exists()


# ---------------------------------------------------------------- export


def export_fixtures():
    build_orgs()
    LegalAdviserFactory(org=org("demo-s01"), name="所二四", phone="13905791234", contract_start=date(2024, 2, 1))
    LegalAdviserFactory(org=org("demo-s01"), name="所二三", contract_start=date(2023, 1, 1))
    LegalAdviserFactory(org=org("demo-s02"), name="二所二四", contract_start=date(2024, 1, 1))
    LegalAdviserFactory(org=org("demo-sfj"), name="局二四", contract_start=date(2024, 1, 1))
    LegalAdviserFactory(org=org("demo-t01"), name="镇二四", contract_start=date(2024, 1, 1))


def test_exporting_one_org_and_one_year_writes_only_those_rows_with_phones_masked(tmp_path):
    export_fixtures()
    path = tmp_path / "导出.xlsx"
    status, out, _ = run("export", "legal_adviser", "--org", "demo-s01", "--year", "2024", "-o", str(path))
    assert status == 0
    assert f"已导出法律顾问1条：{path}" in out
    [row] = sheet(path)
    assert row["姓名"] == "所二四"
    assert row["聘用单位"] == "示范县司法局城关镇司法所"
    assert row["联系电话"] == "139****1234"
    assert row["聘用起始日期"].date() == date(2024, 2, 1)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == {"kind": "legal_adviser", "count": 1, "org": "demo-s01", "year": 2024}


def test_exporting_with_unmask_writes_the_full_phone_and_says_so_in_the_audit_log(tmp_path):
    export_fixtures()
    path = tmp_path / "导出.xlsx"
    run("export", "legal_adviser", "--org", "demo-s01", "--year", "2024", "--unmask", "-o", str(path))
    [row] = sheet(path)
    assert row["联系电话"] == "13905791234"
    assert "含完整个人信息" in AuditEvent.objects.get(action=AuditAction.EXPORT).message


def test_exporting_an_org_includes_its_whole_subtree(tmp_path):
    export_fixtures()
    path = tmp_path / "导出.xlsx"
    run("export", "legal_adviser", "--org", "demo-sfj", "-o", str(path))
    assert {r["姓名"] for r in sheet(path)} == {"局二四", "所二四", "所二三", "二所二四"}
    run("export", "legal_adviser", "--year", "2023", "-o", str(path))
    assert [r["姓名"] for r in sheet(path)] == ["所二三"]


def test_exporting_as_a_user_keeps_to_that_users_scope_and_pii_right(tmp_path, county):
    export_fixtures()
    path = tmp_path / "导出.xlsx"
    run("export", "legal_adviser", "--user", "station1", "-o", str(path))
    assert {r["姓名"] for r in sheet(path)} == {"所二四", "所二三"}
    with pytest.raises(CommandError, match="不能导出完整个人信息"):
        call_command("export", "legal_adviser", "--user", "station1", "--unmask", "-o", str(path))


# ---------------------------------------------------------------- the org tree

ORG_HEADERS = ["机构代码", "机构名称", "简称", "机构类型", "上级机构代码", "服务乡镇代码", "排序"]


def org_workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(ORG_HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


TREE = [
    ["lx", "临溪省", "临省", "省", None, None, 1],
    ["lx-city", "临溪市", "临市", "市", "lx", None, 1],
    ["lx-c1", "临溪县人民政府", "临政", "县（区）人民政府", "lx-city", None, 1],
    ["lx-sfj", "临溪县司法局", "临司", "司法局", "lx-c1", None, 1],
    ["lx-t01", "临溪县城关镇人民政府", "城关", "乡镇（街道）", "lx-c1", None, 2],
    ["lx-s01", "临溪县司法局城关司法所", "城关所", "司法所", "lx-sfj", "lx-t01", 3],
]


def test_importing_an_org_tree_creates_it_with_materialised_paths(tmp_path):
    path = org_workbook(tmp_path / "机构.xlsx", TREE)
    status, out, err = run("import", "org", str(path))
    assert (status, err) == (0, "")
    assert "导入成功：机构6条。" in out
    orgs = {o.code: o for o in Org.objects.filter(code__startswith="lx")}
    assert orgs["lx"].path == "/lx/"
    assert orgs["lx-c1"].path == "/lx/lx-city/lx-c1/"
    assert orgs["lx-s01"].path == "/lx/lx-city/lx-c1/lx-sfj/lx-s01/"
    assert orgs["lx-t01"].path == "/lx/lx-city/lx-c1/lx-t01/"
    assert (orgs["lx"].depth, orgs["lx-c1"].depth, orgs["lx-s01"].depth) == (0, 2, 4)
    assert orgs["lx-s01"].parent == orgs["lx-sfj"]
    assert orgs["lx-s01"].serves == orgs["lx-t01"]
    assert orgs["lx-s01"].kind == "station"
    assert orgs["lx-s01"].short_name == "城关所"
    assert set(Org.objects.subtree(orgs["lx-c1"]).values_list("code", flat=True)) == {"lx-c1", "lx-sfj", "lx-t01", "lx-s01"}


def test_importing_orgs_under_an_org_already_in_the_system(tmp_path):
    build_orgs()
    path = org_workbook(
        tmp_path / "机构.xlsx",
        [
            ["demo-t11", "示范县新区街道办事处", "新区", "乡镇（街道）", "demo", None, 51],
            ["demo-s11", "示范县司法局新区司法所", "新区所", "司法所", "demo-sfj", "demo-t11", 81],
            ["demo-s12", "示范县司法局城关第二司法所", "城二所", "司法所", "demo-sfj", "demo-t01", 82],
        ],
    )
    assert run("import", "org", str(path))[0] == 0
    assert org("demo-t11").path == "/zj/zj-city/demo/demo-t11/"
    assert org("demo-s11").path == "/zj/zj-city/demo/demo-sfj/demo-s11/"
    assert org("demo-s11").serves == org("demo-t11")
    assert org("demo-s12").serves == org("demo-t01")


def test_a_station_serving_a_department_already_in_the_system_is_refused(tmp_path):
    build_orgs()
    path = org_workbook(tmp_path / "机构.xlsx", [["demo-s11", "示范县司法局某所", "某所", "司法所", "demo-sfj", "demo-d01", 81]])
    status, _, err = run("import", "org", str(path))
    assert status == 1
    assert "第2行「服务乡镇代码」：司法所服务的单位必须是乡镇（街道）。" in err
    assert not Org.objects.filter(code="demo-s11").exists()


@pytest.mark.parametrize(
    "rows, error",
    [
        (TREE[:3] + [["lx-s01", "孤儿所", "孤", "司法所", "lx-sfj", None, 1]], "第5行「上级机构代码」：上级机构“lx-sfj”不存在，须已在系统中或在本表中位于上方"),
        (TREE[:3] + [["lx-city", "重复市", "重", "市", "lx", None, 1]], "第5行「机构代码」：与第3行重复"),
        ([TREE[1], TREE[0]] + TREE[2:], "第2行「上级机构代码」：上级机构“lx”不存在，须已在系统中或在本表中位于上方"),
        (TREE[:5] + [["lx-s01", "所", "所", "司法所", "lx-sfj", "lx-t99", 3]], "第7行「服务乡镇代码」：乡镇“lx-t99”不存在"),
        (TREE[:2] + [["lx c1", "坏代码县", "坏", "县（区）人民政府", "lx-city", None, 1]], "第4行「机构代码」：机构代码只能由字母、数字、下划线和连字符组成"),
        (TREE[:2] + [["lx-c1", "县", "县", "县政府", "lx-city", None, 1]], "第4行「机构类型」：“县政府”不是可选值"),
        (
            TREE[:5] + [["lx-d01", "临溪县公安局", "临公", "县直部门", "lx-c1", None, 1], ["lx-s01", "所", "所", "司法所", "lx-sfj", "lx-d01", 3]],
            "第8行「服务乡镇代码」：司法所服务的单位必须是乡镇（街道）。",
        ),
    ],
    ids=["parent-missing", "duplicate-code", "child-above-parent", "serves-missing", "bad-code", "bad-kind", "serves-not-a-township"],
)
def test_a_bad_org_tree_writes_nothing(rows, error, tmp_path):
    path = org_workbook(tmp_path / "机构.xlsx", rows)
    status, _, err = run("import", "org", str(path))
    assert status == 1
    assert error in err
    assert not Org.objects.filter(code__startswith="lx").exists()


def test_an_org_code_already_in_the_system_is_refused(tmp_path):
    build_orgs()
    path = org_workbook(tmp_path / "机构.xlsx", [["demo-s01", "重名所", "重", "司法所", "demo-sfj", None, 1]])
    status, _, err = run("import", "org", str(path))
    assert status == 1
    assert "第2行「机构代码」" in err
    assert org("demo-s01").name == "示范县司法局城关镇司法所"


def test_exporting_the_org_tree_writes_the_parent_and_served_township_codes(tmp_path):
    build_orgs()
    path = tmp_path / "机构.xlsx"
    run("export", "org", "--org", "demo-sfj", "-o", str(path))
    rows = sheet(path)
    by_code = {r["机构代码"]: r for r in rows}
    assert len(rows) == 11
    assert by_code["demo-s01"]["上级机构代码"] == "demo-sfj"
    assert by_code["demo-s01"]["服务乡镇代码"] == "demo-t01"
