"""A major decision through its statutory procedures (《重大行政决策程序暂行条例》), through the web as staff use it:
the decision is refused, with the missing procedures and their articles named in Chinese, until public
participation, legality review and the collective discussion — and expert review for a technical item, risk
assessment for one touching social stability — have been held by the decision date; then it is made, marked
complete, and its publication falls due 20 working days later (政府信息公开条例第二十六条), holidays skipped."""

from datetime import date

import pytest

from fazhi.decisions.choices import ProcedureKind, State
from fazhi.decisions.models import MajorDecision, Procedure

from .factories import DecisionFactory, do, held, org, review

pytestmark = pytest.mark.usefixtures("holidays")

ALWAYS = "尚未履行《重大行政决策程序暂行条例》规定的决策程序：公众参与（第十四条）、合法性审查（第二十五条）、集体讨论决定（第三十条），不能作出决定。"


@pytest.fixture
def decision(county):
    return DecisionFactory(org=org("demo-d04"), title="示范县老旧小区改造三年行动计划", initiated_on=date(2024, 3, 1))


@pytest.fixture
def staff(cast, login):
    return login(cast["section"])


def refused(response):
    assert response.status_code == 400, response.status_code
    return response.context["error"]


def test_a_decision_without_its_procedures_is_refused_with_each_missing_one_and_its_article(staff, decision):
    r = do(staff, decision, "decide", on="2024-06-20")
    assert refused(r) == ALWAYS
    assert ALWAYS in r.content.decode()
    decision.refresh_from_db()
    assert (decision.state, decision.decided_on, decision.complete) == (State.IN_PROGRESS, None, False)


def test_a_technical_item_touching_stability_also_needs_expert_review_and_risk_assessment(staff, county):
    d = DecisionFactory(org=org("demo-d04"), technical=True, stability_risk=True)
    held(d, ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10))
    held(d, ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20))
    held(d, ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 3))
    assert refused(do(staff, d, "decide", on="2024-06-03")) == (
        "尚未履行《重大行政决策程序暂行条例》规定的决策程序：专家论证（第十九条）、风险评估（第二十二条），不能作出决定。")
    held(d, ProcedureKind.EXPERT_REVIEW, date(2024, 4, 15), experts=5)
    assert refused(do(staff, d, "decide", on="2024-06-03")).endswith("风险评估（第二十二条），不能作出决定。")
    held(d, ProcedureKind.RISK_ASSESSMENT, date(2024, 4, 25), risk_level="low", risk_controllable=True)
    assert do(staff, d, "decide", on="2024-06-03").status_code == 302
    d.refresh_from_db()
    assert (d.state, d.decided_on, d.complete, d.missing) == (State.DECIDED, date(2024, 6, 3), True, "")


def test_a_hearing_counts_as_public_participation(staff, decision):
    held(decision, ProcedureKind.HEARING, date(2024, 4, 10), participants=15)
    held(decision, ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20))
    held(decision, ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 3))
    assert do(staff, decision, "decide", on="2024-06-03").status_code == 302


def test_procedures_held_after_the_decision_date_do_not_count(staff, decision):
    held(decision, ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10))
    held(decision, ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20))
    held(decision, ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 3))
    assert refused(do(staff, decision, "decide", on="2024-05-31")) == (
        "尚未履行《重大行政决策程序暂行条例》规定的决策程序：集体讨论决定（第三十条），不能作出决定。")


def test_a_decision_taken_through_every_step_is_made_complete_and_its_publication_falls_due(staff, decision, cast):
    """The whole web flow; 2024-09-20 + 20 working days skips the National Day week (and counts the make-up
    Sunday 09-29 and Saturday 10-12): due 2024-10-23."""
    decision.technical = True
    decision.save()
    r = review(submitting="demo-d04", opinion_on=date(2024, 8, 30), title=decision.title)
    steps = [
        ("record_participation", dict(on="2024-03-15", participation_method="public_consultation", ended_on="2024-04-15",
                                      channels="县政府门户网站", opinions_received=42, opinions_adopted=9)),
        ("record_hearing", dict(on="2024-05-10", materials_sent_on="2024-04-30", participants=18, opinions_received=23)),
        ("record_expert_review", dict(on="2024-06-12", expert_method="meeting", experts=7, conducted_by="示范市规划设计研究院")),
        ("record_legality_review", dict(review=r.pk)),
        ("record_collective_decision", dict(on="2024-09-20", meeting_kind="executive", meeting_name="县政府第18次常务会议", participants=14,
                                            dissent="个别组成人员建议分两期实施。")),
    ]
    for name, data in steps:
        response = do(staff, decision, name, **data)
        assert response.status_code == 302, (name, response.context and (response.context.get("error"), response.context["form"].errors))
    assert list(Procedure.objects.filter(decision=decision).values_list("kind", "held_on")) == [
        (ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 15)), (ProcedureKind.HEARING, date(2024, 5, 10)), (ProcedureKind.EXPERT_REVIEW, date(2024, 6, 12)),
        (ProcedureKind.LEGALITY_REVIEW, date(2024, 8, 30)), (ProcedureKind.COLLECTIVE_DECISION, date(2024, 9, 20)),
    ]
    assert Procedure.objects.get(kind=ProcedureKind.LEGALITY_REVIEW).review == r
    assert do(staff, decision, "decide", on="2024-09-20", decision_no="示政发〔2024〕31号").status_code == 302
    decision.refresh_from_db()
    assert (decision.state, decision.complete, decision.decision_no) == (State.DECIDED, True, "示政发〔2024〕31号")
    assert decision.publication_due == date(2024, 10, 23)

    assert refused(do(staff, decision, "publish", on="2024-10-10", party_reported_on="2024-10-11", channel="县政府门户网站")) == (
        "重大行政决策出台前应当向同级党委请示报告（第三十一条）：请示报告日期不能晚于公布日期。")
    assert do(staff, decision, "publish", on="2024-10-10", party_reported_on="2024-09-23", channel="县政府门户网站").status_code == 302
    assert do(staff, decision, "archive", on="2024-11-20").status_code == 302
    decision.refresh_from_db()
    assert (decision.state, decision.published_on, decision.archived_on, decision.publication_due) == (
        State.ARCHIVED, date(2024, 10, 10), date(2024, 11, 20), None)
    page = staff.get(f"/decisions/major/{decision.pk}/").content.decode()
    assert "县政府第18次常务会议" in page and r.review_no in page and "个别组成人员建议分两期实施。" in page


def test_a_draft_not_reviewed_or_found_unlawful_cannot_go_to_the_meeting(staff, decision):
    meeting = dict(on="2024-06-03", meeting_kind="executive", meeting_name="县政府第9次常务会议")
    assert refused(do(staff, decision, "record_collective_decision", **meeting)) == (
        "决策草案未经合法性审查的，不得提交决策机关讨论（第二十五条）：请先登记合法性审查。")
    unlawful = review(submitting="demo-d04", opinion_on=date(2024, 5, 20), conclusion="unlawful")
    assert do(staff, decision, "record_legality_review", review=unlawful.pk).status_code == 302
    assert refused(do(staff, decision, "record_collective_decision", **meeting)) == "决策草案经合法性审查不合法的，不得提交决策机关讨论（第二十五条）。"


def test_only_the_units_own_issued_decision_reviews_can_be_linked(staff, decision):
    other = review(submitting="demo-d01", opinion_on=date(2024, 5, 20))
    contract = review(kind="administrative_contract", submitting="demo-d04", opinion_on=date(2024, 5, 20))
    pending = review(submitting="demo-d04", issued=False)
    for r in (other, contract, pending):
        response = do(staff, decision, "record_legality_review", review=r.pk)
        assert response.status_code == 400
        assert "review" in response.context["form"].errors
    assert not decision.procedures.exists()


def test_an_uncontrollable_risk_stops_the_decision_until_it_is_assessed_again(staff, county):
    d = DecisionFactory(org=org("demo-d04"), stability_risk=True)
    held(d, ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10))
    assert do(staff, d, "record_risk_assessment", on="2024-04-20", risk_level="high", risk_controllable="0").status_code == 302
    held(d, ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20))
    held(d, ProcedureKind.COLLECTIVE_DECISION, date(2024, 6, 3))
    assert refused(do(staff, d, "decide", on="2024-06-03")) == (
        "最近一次风险评估认为风险不可控：须调整决策草案、重新评估确保风险可控后，才能作出决策（第二十四条）。")
    assert do(staff, d, "record_risk_assessment", on="2024-05-10", risk_level="medium", risk_controllable="1").status_code == 302
    assert do(staff, d, "decide", on="2024-06-03").status_code == 302


def test_a_public_consultation_shorter_than_30_days_needs_its_reason(staff, decision):
    data = dict(on="2024-03-15", participation_method="public_consultation", ended_on="2024-04-04")
    r = do(staff, decision, "record_participation", **data)
    assert r.status_code == 400
    assert r.context["form"].errors["shortened_reason"] == ["公开征求意见期限为20日，少于30日（第十五条）：因情况紧急等原因缩短期限的，须填写说明。"]
    assert do(staff, decision, "record_participation", **data, shortened_reason="汛期前须完成，经县政府同意缩短").status_code == 302


def test_hearing_materials_must_reach_the_participants_seven_days_before(staff, decision):
    r = do(staff, decision, "record_hearing", on="2024-05-10", materials_sent_on="2024-05-06", participants=15)
    assert r.context["form"].errors["materials_sent_on"] == ["听证会材料应当于召开听证会7日前送达听证参加人（第十六条第三款）。"]
    assert do(staff, decision, "record_hearing", on="2024-05-10", materials_sent_on="2024-05-03", participants=15).status_code == 302


def test_the_head_deciding_against_the_majority_must_state_the_reason(staff, decision):
    held(decision, ProcedureKind.LEGALITY_REVIEW, date(2024, 5, 20))
    data = dict(on="2024-06-03", meeting_kind="executive", meeting_name="县政府第9次常务会议", head_differs="on")
    assert do(staff, decision, "record_collective_decision", **data).context["form"].errors["head_reason"] == [
        "行政首长拟作出的决定与多数意见不一致的，应当说明理由（第三十条第二款）。"]


def test_the_decided_step_is_offered_on_the_page_and_the_checklist_shows_what_is_missing(staff, decision):
    page = staff.get(f"/decisions/major/{decision.pk}/").content.decode()
    assert 'data-transition="decide"' in page and 'data-transition="record_participation"' in page
    assert page.count("尚未履行") == 3  # participation, legality review, collective decision
    assert MajorDecision.objects.get().state == State.IN_PROGRESS


def test_the_publication_deadline_is_in_my_todos_of_the_handling_unit_and_the_bureau_only(cast, login, decision):
    import time_machine

    from .factories import at

    for kind, on in ((ProcedureKind.PUBLIC_PARTICIPATION, date(2024, 3, 10)), (ProcedureKind.LEGALITY_REVIEW, date(2024, 8, 30)), (ProcedureKind.COLLECTIVE_DECISION, date(2024, 9, 20))):
        held(decision, kind, on)
    assert do(login(cast["section"]), decision, "decide", on="2024-09-20").status_code == 302
    with time_machine.travel(at(date(2024, 10, 18)), tick=False):
        todos = [(t.title, t.due, t.kind) for t in login(cast["section"]).get("/").context["todos"] if t.kind == "重大行政决策"]
        assert todos == [("示范县老旧小区改造三年行动计划：公布决策", date(2024, 10, 23), "重大行政决策")]
        assert not [t for t in login(cast["dept1"]).get("/").context["todos"] if t.kind == "重大行政决策"]  # 公安局: not its item
