"""The litigation workflow through its pages: registered → defended → heard → judged → closed, withdrawal,
appeal with the 二审 record linked, named corrections — each guard refusing with a Chinese reason."""

from datetime import date

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.litigation.choices import Instance, Result
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.services import WORKFLOW
from fazhi.litigation.tests.factories import LawsuitFactory, org


def do(client, case, name, **data):
    return client.post(f"/litigation/{case.pk}/do/{name}/", data)


def test_a_lawsuit_is_registered_defended_heard_judged_and_closed(cast, login):
    client = login(cast["dept1"])
    r = client.post("/litigation/new/", {
        "org": org("demo-d01").pk, "court": "示范县人民法院", "case_no": "（2024）浙0726行初12号", "trial_level": "",
        "plaintiff": "王小明", "defendant_org": org("demo-d01").pk, "act": "行政处罚决定", "act_kind": "penalty",
        "complaint_received_on": "2024-03-05", "filed_on": "2024-03-01", "note": "",
    })
    assert r.status_code == 302
    case = Lawsuit.objects.get()
    assert (case.state, case.trial_level, case.defence_due) == ("registered", "first_instance", date(2024, 3, 20))
    detail = client.get(f"/litigation/{case.pk}/")
    assert [a["name"] for a in detail.context["actions"]] == ["file_defence", "record_hearing", "judge", "withdraw", "correct_hearing", "correct"]
    assert "王*明" in detail.content.decode() and "王小明" not in detail.content.decode()
    assert do(client, case, "file_defence", on="2024-03-18").status_code == 302
    assert do(client, case, "record_hearing", on="2024-04-20", heard="on", head_appeared="on", head_name="张建国", head_title="副局长").status_code == 302
    r = do(client, case, "judge", on="2024-03-01", result="revoked")
    assert r.status_code == 400
    assert r.context["error"] == "日期不能早于收到起诉状副本日期（2024-03-05）。"
    assert do(client, case, "judge", on="2024-05-30", result="revoked", loss_reason="认定事实不清").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.result, case.closed_on, case.is_lost, case.appeal_due()) == ("judged", "revoked", date(2024, 5, 30), True, date(2024, 6, 14))
    assert do(client, case, "close", on="2024-06-20").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.effective_on) == ("closed", date(2024, 6, 20))
    assert [e.transition for e in WORKFLOW.log(case)] == ["file_defence", "record_hearing", "judge", "close"]
    assert "张建国" in client.get(f"/litigation/{case.pk}/").content.decode()


def test_an_appeal_creates_the_second_instance_linked_to_the_first(cast, login):
    client = login(cast["section"])
    case = LawsuitFactory(org=org("demo-d01"), result=Result.REJECTED, closed_on=date(2024, 5, 30))
    r = do(client, case, "appeal", on="2024-06-10", appellant="plaintiff", court="示范市中级人民法院", case_no="（2024）浙07行初35号",
           complaint_received_on="2024-06-20")
    assert r.status_code == 400
    assert r.context["form"].errors["case_no"] == ["二审案号的类型代字应为“行终”（或“行赔终”）。"]
    r = do(client, case, "appeal", on="2024-06-10", appellant="plaintiff", court="示范市中级人民法院", case_no="（2024）浙07行终35号",
           complaint_received_on="2024-06-20")
    assert r.status_code == 302
    case.refresh_from_db()
    second = case.next_instances.get()
    assert (case.state, case.appealed, case.appellant) == ("closed", True, "plaintiff")
    assert (second.trial_level, second.state, second.court, second.plaintiff, second.defendant_org) == (
        Instance.APPEAL, "registered", "示范市中级人民法院", case.plaintiff, case.defendant_org)
    assert second.defence_due == date(2024, 7, 5)
    page = client.get(f"/litigation/{second.pk}/").content.decode()
    assert case.case_no in page and "原审" in page
    r = do(client, case, "register_second_instance", on="2024-06-21", court="示范市中级人民法院", case_no="（2024）浙07行终36号", complaint_received_on="2024-06-20")
    assert r.context["error"] == "本案的二审案件已经登记。"
    with pytest.raises(TransitionRefused, match="二审裁判为终审裁判"):
        second = WORKFLOW.run(second, "judge", {"on": date(2024, 9, 1), "result": Result.APPEAL_REJECTED}, user=cast["section"])[0]
        WORKFLOW.run(second, "appeal", {"on": date(2024, 9, 5), "appellant": "plaintiff"}, user=cast["section"])


def test_an_appeal_registered_before_the_court_dockets_it_is_completed_later(cast):
    user = cast["section"]
    case = LawsuitFactory(org=org("demo-d01"), result=Result.DISMISSED, closed_on=date(2024, 5, 30), served_on=date(2024, 6, 3))
    assert case.appeal_due() == date(2024, 6, 13)  # a ruling: 10 days from service
    case, log = WORKFLOW.run(case, "appeal", {"on": date(2024, 6, 17), "appellant": "defendant"}, user=user)
    assert log.note == "上诉日期晚于上诉期限（2024-06-13，行政诉讼法第八十五条）。"
    assert not case.next_instances.exists()
    with pytest.raises(TransitionRefused, match="该法院的此案号已经登记"):
        WORKFLOW.run(case, "register_second_instance", {"on": date(2024, 7, 1), "court": case.court, "case_no": case.case_no,
                                                        "complaint_received_on": date(2024, 7, 1)}, user=user)
    WORKFLOW.run(case, "register_second_instance", {"on": date(2024, 7, 1), "court": "示范市中级人民法院", "case_no": "（2024）浙07行终40号",
                                                    "complaint_received_on": date(2024, 7, 1)}, user=user)
    assert case.next_instances.get().case_no == "（2024）浙07行终40号"


def test_a_withdrawal_after_the_act_was_changed_is_recorded_separately(cast, login):
    case = LawsuitFactory(org=org("demo-d01"))
    assert do(login(cast["dept1"]), case, "withdraw", on="2024-04-01", withdrawal_after_change="on").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.result, case.withdrawal_after_change, case.outcome_class) == ("withdrawn", "withdrawn", True, "mediated_or_withdrawn")
    with pytest.raises(TransitionRefused, match="不能执行"):
        WORKFLOW.run(case, "appeal", {"on": date(2024, 4, 5), "appellant": "plaintiff"}, user=cast["dept1"])


def test_a_mediated_case_cannot_be_appealed(cast):
    case = LawsuitFactory(org=org("demo-d01"), result=Result.MEDIATED, closed_on=date(2024, 5, 30))
    with pytest.raises(TransitionRefused, match="“调解结案”的案件不能上诉。"):
        WORKFLOW.run(case, "appeal", {"on": date(2024, 6, 5), "appellant": "plaintiff"}, user=cast["section"])


def test_a_named_correction_changes_the_result_and_keeps_the_old_value(cast, login):
    client = login(cast["section"])
    case = LawsuitFactory(org=org("demo-d01"), result=Result.REJECTED, closed_on=date(2024, 5, 30))
    r = do(client, case, "correct", on="2024-06-01", field="result", value="准予撤诉", note="录入错误")
    assert r.context["form"].errors["value"] == ["撤诉须通过“准予撤诉”办理，不能更正为撤诉。"]
    r = do(client, case, "correct", on="2024-06-01", field="result", value="判决确认违法", note="")
    assert r.context["form"].errors["note"] == ["请写明更正理由。"]
    assert do(client, case, "correct", on="2024-06-01", field="result", value="判决确认违法", note="判决书为确认违法").status_code == 302
    case.refresh_from_db()
    assert (case.result, case.is_lost) == ("declared_unlawful", True)
    log = WORKFLOW.log(case).last()
    assert (log.transition, log.data["old"], log.note) == ("correct", "rejected", "判决书为确认违法")
    assert case.history.count() == 2


def test_without_the_change_permission_no_transition_runs(cast, login):
    case = LawsuitFactory(org=org("demo-d01"))
    client = login(cast["auditor"])
    assert client.get(f"/litigation/{case.pk}/").status_code == 403
    assert do(client, case, "file_defence", on="2024-03-10").status_code == 403


def test_editing_without_the_pii_right_keeps_the_masked_plaintiff(cast, login):
    case = LawsuitFactory(org=org("demo-d01"), plaintiff="王小明", complaint_received_on=date(2024, 3, 5))
    client = login(cast["dept1"])
    form = client.get(f"/litigation/{case.pk}/edit/").context["form"]
    assert form.initial["plaintiff"] == "王*明"
    data = {
        "org": case.org_id, "court": case.court, "case_no": case.case_no, "trial_level": "first_instance", "plaintiff": "王*明",
        "defendant_org": case.defendant_org_id, "act": "行政处罚决定（已更正）", "act_kind": "penalty", "complaint_received_on": "2024-03-05",
        "filed_on": "", "note": "", "reconsideration_case": "",
    }
    assert client.post(f"/litigation/{case.pk}/edit/", data).status_code == 302
    case.refresh_from_db()
    assert (case.plaintiff, case.act) == ("王小明", "行政处罚决定（已更正）")
