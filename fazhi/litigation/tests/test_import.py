"""Excel import of a bureau's 行政应诉台账 through the generic import: every row validated by the ledger form
(case number, dates, result and hearing entries, co-defendant link), then all rows written or none."""

from fazhi.litigation.models import Hearing, Lawsuit
from fazhi.litigation.tests.factories import ledger_row, ledger_workbook, reconsideration_case, upload
from fazhi.reconsideration.choices import Outcome


def post(client, rows):
    return client.post("/litigation/import/", {"file": upload(ledger_workbook(rows))})


def test_a_ledger_imports_with_its_hearing_and_its_appeal(cast, login):
    rows = [
        ledger_row("（2024）浙0726行初12号", 裁判结果="判决撤销", 败诉原因="事实不清", 是否上诉="是", 上诉日期="2024-06-10", 上诉人="被告"),
        ledger_row("（2024）浙07行终35号", 法院="示范市中级人民法院", 审级="", 原审案号="(2024)浙0726行初12号", 收到起诉状日期="2024-06-20",
                   答辩日期="2024-06-28", 开庭日期="2024-07-15", 负责人是否出庭="否", 出庭负责人="", 职务="", 是否委托工作人员出庭="是",
                   裁判结果="驳回上诉、维持原裁判", 结案日期="2024-08-30"),
    ]
    r = post(login(cast["section"]), rows)
    assert r.status_code == 302, r.context["result"].errors
    first = Lawsuit.objects.get(case_no="（2024）浙0726行初12号")
    second = Lawsuit.objects.get(case_no="（2024）浙07行终35号")
    assert (first.state, first.trial_level, first.is_lost, first.appealed) == ("closed", "first_instance", True, True)
    assert (first.heard, first.head_appeared, first.defence_late) == (True, True, False)
    assert first.hearings.get().head_name == "张建国"
    assert (second.trial_level, second.previous_instance, second.state) == ("appeal", first, "judged")
    assert (second.heard, second.head_appeared) == (True, False)
    assert second.is_lost  # 驳回上诉 keeps the first instance's 败诉
    assert second.created_by == cast["section"]


def test_one_bad_case_number_rejects_the_whole_file(cast, login):
    rows = [ledger_row("（2024）浙0726行初12号"), ledger_row("2024浙0726行初13号"), ledger_row("（2024）浙0726行初14号")]
    r = post(login(cast["section"]), rows)
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert [(row, column) for row, column, _ in errors] == [(3, "案号")]
    assert "案号“2024浙0726行初13号”格式不正确" in errors[0][2]
    assert "案号“2024浙0726行初13号”格式不正确" in r.content.decode()
    assert not Lawsuit.objects.exists()
    assert not Hearing.objects.exists()
    assert r.context["result"].error_file


def test_inconsistent_rows_get_one_message_per_cell(cast, login):
    upheld_not = reconsideration_case(Outcome.REVOKED)
    rows = [
        ledger_row("（2024）浙0726行初12号", 裁判结果="判决驳回起诉"),
        ledger_row("（2024）浙0726行初13号", 结案日期="2024-03-01", 答辩日期="2024-03-01"),
        ledger_row("（2024）浙0726行初14号", 负责人是否出庭="是", 出庭负责人=""),
        ledger_row("（2024）浙0726行初15号", 是否复议机关共同被告="是", 关联复议案号=upheld_not.case_no),
        ledger_row("（2024）浙0726行初15号"),
        ledger_row("（2024）浙0726行初16号", 收到起诉状日期="2024-02-30"),
    ]
    r = post(login(cast["section"]), rows)
    assert r.status_code == 400
    errors = {(row, column): message for row, column, message in r.context["result"].errors}
    assert errors[(2, "裁判结果")].startswith("“判决驳回起诉”不是可选值")
    assert errors[(3, "结案日期")] == "结案日期不能早于收到起诉状副本日期。"
    assert errors[(3, "答辩日期")] == "答辩日期不能早于收到起诉状副本日期。"
    assert errors[(4, "出庭负责人")] == "负责人出庭的，须填写出庭负责人姓名。"
    assert "不能作为共同被告案件关联" in errors[(5, "关联复议案号")]
    assert errors[(6, "案号")] == "本表中已有相同法院、相同案号的一行。"
    assert errors[(7, "收到起诉状日期")].startswith("“2024-02-30”不是有效日期")
    assert not Lawsuit.objects.exists()


def test_a_department_cannot_import_another_units_lawsuit(cast, login):
    r = post(login(cast["dept1"]), [ledger_row("（2024）浙0726行初12号", 应诉承办单位="示范县市场监督管理局", 被告="示范县市场监督管理局")])
    assert r.status_code == 400
    errors = {(row, column): message for row, column, message in r.context["result"].errors}
    assert errors[(2, "应诉承办单位")] == "单位“示范县市场监督管理局”不存在，或不在您可以录入的范围内"
    assert errors[(2, "被告")] == "被告单位不存在，或不是您可以录入的单位。"
    assert not Lawsuit.objects.exists()


def test_an_exported_ledger_imports_again(cast, login):
    client = login(cast["section"])
    assert post(client, [ledger_row("（2024）浙0726行初12号")]).status_code == 302
    exported = b"".join(client.get("/litigation/export/", {"unmask": "1"}).streaming_content)
    Lawsuit.objects.all().delete()
    r = client.post("/litigation/import/", {"file": upload(exported)})
    assert r.status_code == 302, r.context["result"].errors
    case = Lawsuit.objects.get()
    assert (case.plaintiff, case.head_appeared, case.result) == ("王小明", True, "rejected")
