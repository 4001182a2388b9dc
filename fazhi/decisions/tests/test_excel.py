"""The decision and contract ledgers in Excel (DESIGN.md §4.7): a good 重大行政决策台账 imports each item at its
stage with one procedure row per date given, and a decision made without a required procedure keeps ``complete``
false (the completeness rate and the record check show it); a 合同台账 links its reviews by number. A workbook
with one bad row writes nothing and lists row, column and a Chinese message; the export opens back one row per
record. The CLI kinds are ``major_decision`` and ``administrative_contract``."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.core.choices import AuditAction
from fazhi.core.excel import get_resource
from fazhi.core.models import AuditEvent
from fazhi.decisions.choices import ContractState, ProcedureKind, State
from fazhi.decisions.models import AdministrativeContract, MajorDecision, Procedure
from fazhi.decisions.resources import AdministrativeContractResource, MajorDecisionResource

from .factories import exported, review, upload, workbook

pytestmark = pytest.mark.usefixtures("holidays")


def decision_row(**overrides):
    row = {"决策承办单位": "demo-d04", "决策事项名称": "示范县老旧小区改造三年行动计划", "事项类别": "重大公共政策和措施",
           "决策机关": "demo", "启动日期": "2024-03-01"}
    row.update(overrides)
    return row


def contract_row(**overrides):
    row = {"签约机关": "demo-d01", "合同名称": "警用装备采购合同", "协议类型": "政府采购合同", "相对人类型": "法人或其他组织",
           "相对人": "浙江安泰保安服务有限公司", "合同金额（元）": 800000, "签订日期": "2024-06-03"}
    row.update(overrides)
    return row


def post(client, url, resource, rows):
    return client.post(url, {"file": upload(workbook(resource, rows))})


DECISIONS = [
    decision_row(决策事项名称="甲在办", 公众参与日期="2024-03-15", 征求意见截止日期="2024-04-15", **{"收到意见（条）": 42}),
    decision_row(决策事项名称="乙已决定", 公众参与日期="2024-03-15", 征求意见截止日期="2024-04-15", 专家论证日期="2024-05-06",
                 **{"参与论证专家（人）": 7, "专业性、技术性较强": "是"}, 合法性审查日期="2024-05-30", 集体讨论决定日期="2024-06-14", 会议名称="县政府第12次常务会议",
                 决定日期="2024-06-14", 决定文号="示政发〔2024〕21号"),
    decision_row(决策事项名称="丙已公布缺审查", 公众参与日期="2024-03-15", 集体讨论决定日期="2024-06-14", 会议名称="县政府第12次常务会议",
                 决定日期="2024-06-14", 向同级党委请示报告日期="2024-06-17", 公布日期="2024-06-20", 公布途径="县政府门户网站", 归档日期="2024-08-01"),
]


def test_a_good_decision_ledger_imports_each_item_at_its_stage_with_its_procedures(cast, login):
    r = post(login(cast["section"]), "/decisions/major/import/", MajorDecisionResource, DECISIONS)
    assert r.status_code == 302, r.context and r.context["result"].errors
    items = {d.title: d for d in MajorDecision.objects.prefetch_related("procedures")}
    assert {t: d.state for t, d in items.items()} == {"甲在办": State.IN_PROGRESS, "乙已决定": State.DECIDED, "丙已公布缺审查": State.ARCHIVED}
    yi = items["乙已决定"]
    assert sorted((p.kind, p.held_on) for p in yi.procedures.all()) == sorted([
        (ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 15)), (ProcedureKind.EXPERT_REVIEW, date(2024, 5, 6)), (ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 30)),
        (ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 14)),
    ])
    assert Procedure.objects.get(decision=yi, kind=ProcedureKind.EXPERT_REVIEW).experts == 7
    assert Procedure.objects.get(decision=yi, kind=ProcedureKind.COLLECTIVE_DECISION).meeting_name == "县政府第12次常务会议"
    assert (yi.complete, yi.decided_on, yi.number.startswith("示住建决策〔2024〕")) == (True, date(2024, 6, 14), True)
    assert yi.publication_due is not None
    bing = items["丙已公布缺审查"]
    assert (bing.complete, bing.missing) == (False, "合法性审查（第二十五条）")
    assert Procedure.objects.get(decision=items["甲在办"]).opinions_received == 42
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).detail["created"] == 3

    out = io.StringIO()
    call_command("indicators", "--org", "demo", "--year", "2024", "--only", "decisions.completeness_rate", stdout=out)
    assert "决策程序完备率：50.00% = 1/2" in out.getvalue()


def test_a_decision_ledger_with_bad_rows_writes_nothing_and_says_where(cast, login):
    rows = [
        decision_row(决策事项名称="好行"),
        decision_row(决策事项名称="倒序", 决定日期="2024-02-01"),
        decision_row(决策事项名称="晚于决定", 专家论证日期="2024-07-01", 决定日期="2024-06-14"),
        decision_row(决策事项名称="缺会议", 集体讨论决定日期="2024-06-14"),
        decision_row(决策事项名称="未决先公布", 公布日期="2024-06-20"),
        decision_row(决策事项名称="坏单位", 决策机关="示范县人民政协"),
        decision_row(决策事项名称="坏日期", 启动日期="2024年13月1日"),
    ]
    r = post(login(cast["section"]), "/decisions/major/import/", MajorDecisionResource, rows)
    assert r.status_code == 400
    assert r.context["result"].errors == [
        (3, "决定日期", "决定日期不能早于启动日期。"),
        (4, "专家论证日期", "专家论证日期晚于决定日期：决策程序须在作出决定前履行。"),
        (5, "会议名称", "填写了集体讨论决定日期的，须填写会议名称（如：县政府第12次常务会议）。"),
        (6, "决定日期", "已公布的决策须填写决定日期。"),
        (7, "决策机关", "“示范县人民政协”不存在，请填写系统中已有的决策机关"),
        (8, "启动日期", "“2024年13月1日”不是有效日期，应为“2024-03-01”或“2024年3月1日”格式"),
    ]
    assert not MajorDecision.objects.exists() and not Procedure.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.IMPORT_REJECTED).detail["errors"] == 6


def test_a_contract_ledger_links_reviews_by_number_and_refuses_bad_rows_all_or_nothing(cast, login):
    early = review(kind="administrative_contract", submitting="demo-d01", opinion_on=date(2024, 5, 20))
    late = review(kind="administrative_contract", submitting="demo-d01", opinion_on=date(2024, 6, 20))
    other = review(kind="administrative_contract", submitting="demo-d02", opinion_on=date(2024, 5, 20))
    rows = [
        contract_row(合同名称="好行大额", **{"合同金额（元）": 2500000, "合法性审查编号": early.review_no}, 备案日期="2024-06-20"),
        contract_row(合同名称="大额未审", **{"合同金额（元）": 2500000}),
        contract_row(合同名称="先签后审", **{"合法性审查编号": late.review_no}),
        contract_row(合同名称="他局审查", **{"合法性审查编号": other.review_no}),
        contract_row(合同名称="负数", **{"合同金额（元）": -5}),
        contract_row(合同名称="早备案", 备案日期="2024-06-01"),
        contract_row(合同名称="完毕又解除", 履行完毕日期="2024-09-01", 解除日期="2024-09-02"),
    ]
    client = login(cast["dept1"])
    r = post(client, "/decisions/contracts/import/", AdministrativeContractResource, rows)
    assert r.status_code == 400
    assert r.context["result"].errors == [
        (3, "合法性审查编号", "合同金额2,500,000.00元，超过本地规定的1,000,000元，签订前须经合法性审查：请先关联已出具意见的合法性审查记录。"),
        (4, "合法性审查编号", "签订日期（2024-06-03）早于合法性审查意见出具日期（2024-06-20），合同须在出具审查意见后签订。"),
        (5, "合法性审查编号", f"合法性审查“{other.review_no}”不存在，或不在您可以查看的范围内。"),
        (6, "合同金额（元）", "合同金额不能为负数。"),
        (7, "备案日期", "备案日期不能早于签订日期。"),
        (8, "解除日期", "同一合同不能既履行完毕又解除。"),
    ]
    assert not AdministrativeContract.objects.exists()

    good = [rows[0], contract_row(合同名称="拟签订", 签订日期=None), contract_row(合同名称="已履行", 履行完毕日期="2024-12-31", 备案日期="2024-06-10")]
    assert post(client, "/decisions/contracts/import/", AdministrativeContractResource, good).status_code == 302
    got = {c.title: c for c in AdministrativeContract.objects.all()}
    assert {t: c.state for t, c in got.items()} == {"好行大额": ContractState.SIGNED, "拟签订": ContractState.DRAFT, "已履行": ContractState.COMPLETED}
    big = got["好行大额"]
    assert (big.legality_review, big.review_required, big.filing_due, big.filed_on_time) == (early, True, date(2024, 7, 3), True)
    assert big.amount == Decimal("2500000")

    rows = {r["合同名称"]: r for r in exported(client.get("/decisions/contracts/export/"))}
    assert (rows["好行大额"]["合法性审查编号"], rows["好行大额"]["状态"], rows["好行大额"]["备案期限"].date()) == (early.review_no, "履行中", date(2024, 7, 3))
    assert rows["拟签订"]["签订日期"] is None


def test_the_decision_export_opens_back_as_a_ledger_with_procedure_counts(cast, login):
    client = login(cast["section"])
    assert post(client, "/decisions/major/import/", MajorDecisionResource, DECISIONS).status_code == 302
    rows = {r["决策事项名称"]: r for r in exported(client.get("/decisions/major/export/"))}
    yi = rows["乙已决定"]
    assert (yi["专家论证日期"].date(), yi["专家论证（次）"], yi["征求意见（次）"], yi["法定程序完备"], yi["状态"]) == (
        date(2024, 5, 6), 1, 1, "是", "已作出决定")
    assert (rows["丙已公布缺审查"]["法定程序完备"], rows["丙已公布缺审查"]["作出决定时缺少的程序"]) == ("否", "合法性审查（第二十五条）")
    assert rows["甲在办"]["法定程序完备"] is None
    # The exported workbook goes back in as a ledger (into an empty registry) unchanged.
    content = b"".join(client.get("/decisions/major/export/").streaming_content)
    MajorDecision.objects.all().delete()
    assert client.post("/decisions/major/import/", {"file": upload(content)}).status_code == 302
    assert sorted(MajorDecision.objects.values_list("title", "state", "complete")) == [
        ("丙已公布缺审查", State.ARCHIVED, False), ("乙已决定", State.DECIDED, True), ("甲在办", State.IN_PROGRESS, False)]


def test_the_cli_imports_and_exports_both_kinds(county, tmp_path):
    assert get_resource("major_decision").title == "重大行政决策"
    assert get_resource("administrative_contract").title == "行政协议"
    for kind, resource, rows in (("major_decision", MajorDecisionResource, DECISIONS),
                                 ("administrative_contract", AdministrativeContractResource, [contract_row()])):
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(workbook(resource, rows))
        out = io.StringIO()
        call_command("import", kind, str(path), "--user", "section", stdout=out)
        assert f"导入成功：{resource().title}{len(rows)}条。" in out.getvalue()
        exported_path = tmp_path / f"{kind}-out.xlsx"
        call_command("export", kind, "--org", "demo", "-o", str(exported_path), stdout=io.StringIO())
        assert exported_path.stat().st_size > 0
    assert (MajorDecision.objects.count(), AdministrativeContract.objects.count()) == (3, 1)
