"""负责人出庭应诉 (最高人民法院关于行政机关负责人出庭应诉若干问题的规定, 2020): a head counts only when they
appeared at a hearing in court; staff sent instead do not count (Art. 10); several appearances in one
instance count once, and each instance counts separately (Art. 7)."""

from datetime import date

import pytest

from fazhi.indicators.engine import evaluate
from fazhi.litigation.choices import Result
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.services import WORKFLOW
from fazhi.litigation.tests.factories import LawsuitFactory, org

HEAD = {"heard": True, "head_appeared": True, "head_name": "张建国", "head_title": "副局长"}
STAFF = {"heard": True, "head_appeared": False, "staff_sent": True}
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
KEYS = ["litigation.heard", "litigation.head_appeared", "litigation.head_appearance_rate"]


def hear(case, user, on, **data):
    case, _ = WORKFLOW.run(case, "record_hearing", {"on": on, **data}, user=user)
    return case


def judge(case, user, on=date(2024, 6, 1)):
    case, _ = WORKFLOW.run(case, "judge", {"on": on, "result": Result.REJECTED}, user=user)
    return case


def values():
    v = evaluate(org("demo"), *YEAR, KEYS)
    return v["litigation.heard"].value, v["litigation.head_appeared"].value, v["litigation.head_appearance_rate"].value


def test_staff_sent_instead_of_the_head_do_not_count(cast):
    user = cast["section"]
    case = hear(LawsuitFactory(org=org("demo-d01")), user, date(2024, 4, 1), **STAFF)
    assert (case.state, case.heard, case.head_appeared) == ("heard", True, False)
    assert "委托相应工作人员出庭（不计入负责人出庭）" in WORKFLOW.log(case).last().note
    judge(case, user)
    assert values() == (1, 0, 0)


def test_a_head_appearing_twice_in_one_instance_counts_once(cast):
    user = cast["section"]
    case = LawsuitFactory(org=org("demo-d01"))
    case = hear(case, user, date(2024, 4, 1), **HEAD)
    case = hear(case, user, date(2024, 5, 1), **HEAD, head_is_principal=True)
    assert case.hearings.count() == 2
    assert (case.head_appeared, case.principal_appeared) == (True, True)
    judge(case, user)
    assert values() == (1, 1, 100)


def test_each_instance_counts_separately(cast):
    user = cast["section"]
    first = judge(hear(LawsuitFactory(org=org("demo-d01")), user, date(2024, 4, 1), **HEAD), user, date(2024, 5, 1))
    first, _ = WORKFLOW.run(first, "appeal", {"on": date(2024, 5, 10), "appellant": "plaintiff", "court": "示范市中级人民法院",
                                              "case_no": "（2024）浙07行终8号", "complaint_received_on": date(2024, 5, 20)}, user=user)
    second = Lawsuit.objects.get(previous_instance=first)
    second = judge(hear(second, user, date(2024, 7, 1), **STAFF), user, date(2024, 8, 1))
    assert values() == (2, 1, 50)


def test_a_hearing_that_was_not_in_court_does_not_make_a_case_heard(cast):
    case = hear(LawsuitFactory(org=org("demo-d01")), cast["section"], date(2024, 4, 1), heard=False)
    assert (case.state, case.heard) == ("registered", False)


@pytest.mark.parametrize("data, field, message", [
    ({"heard": False, "head_appeared": True, "head_name": "张建国", "head_title": "局长"}, "head_appeared", "负责人出庭应诉以开庭审理为前提；未开庭的，不登记负责人出庭。"),
    ({"heard": True, "head_appeared": True, "head_title": "局长"}, "head_name", "负责人出庭的，须填写出庭负责人姓名。"),
    ({"heard": True, "head_appeared": True, "head_name": "张建国"}, "head_title", "负责人出庭的，须填写出庭负责人职务。"),
    ({"heard": True, "head_is_principal": True}, "head_is_principal", "未登记负责人出庭的，不能勾选正职负责人。"),
])
def test_the_hearing_form_explains_inconsistent_entries(data, field, message, cast, login):
    case = LawsuitFactory(org=org("demo-d01"))
    post = {"on": "2024-04-01", **{k: ("on" if v is True else v) for k, v in data.items() if v is not False}}
    r = login(cast["dept1"]).post(f"/litigation/{case.pk}/do/record_hearing/", post)
    assert r.status_code == 400
    assert r.context["form"].errors[field] == [message]
    assert not case.hearings.exists()


def test_a_wrongly_entered_appearance_is_corrected_and_recounted(cast, login):
    user = cast["section"]
    case = judge(hear(LawsuitFactory(org=org("demo-d01")), user, date(2024, 4, 1), **HEAD), user)
    assert values() == (1, 1, 100)
    h = case.hearings.get()
    r = login(user).post(f"/litigation/{case.pk}/do/correct_hearing/", {"hearing": h.pk, "on": "2024-04-01", "heard": "on", "staff_sent": "on", "note": "实为副科长出庭"})
    assert r.status_code == 302
    assert values() == (1, 0, 0)
    log = WORKFLOW.log(case).last()
    assert log.data["old"]["head_appeared"] == "True"


def test_a_hearing_recorded_and_the_form_sent_twice_is_one_hearing(cast, login):
    """A step that adds a row (here a hearing) posted twice by one form is done once (core.submissions)."""
    import re
    from html import unescape

    case = LawsuitFactory(org=org("demo-d01"))
    client = login(cast["dept1"])
    url = f"/litigation/{case.pk}/do/record_hearing/"
    token = unescape(re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode()).group(1))
    data = {"on": "2024-04-01", "heard": "on", "head_appeared": "on", "head_name": "张建国", "head_title": "副局长", "form_token": token}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain == [(f"/litigation/{case.pk}/", 302)]
    assert "此表单已提交，未重复登记。" in [str(m) for m in again.context["messages"]]
    assert case.hearings.count() == 1
    assert [log.transition for log in WORKFLOW.log(case)] == ["record_hearing"]
