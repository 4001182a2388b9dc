"""行政诉讼法 Art. 26 ¶2: after a 维持 reconsideration decision the county government (the reconsideration
body) is a co-defendant. The link to the reconsideration case is required for such a lawsuit and refused
unless that case was upheld (维持, or the request rejected on the merits — 行诉解释 Art. 133)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation.forms import LawsuitForm
from fazhi.litigation.tests.factories import LawsuitFactory, org, reconsideration_case
from fazhi.reconsideration.choices import Outcome


def form_for(user, **overrides):
    data = {
        "org": org("demo-d01").pk, "court": "示范县人民法院", "case_no": "（2024）浙0726行初30号", "trial_level": "",
        "plaintiff": "王小明", "defendant_org": org("demo-d01").pk, "co_defendant_government": "on", "act": "行政处罚决定",
        "act_kind": "penalty", "complaint_received_on": "2024-03-05", "filed_on": "", "note": "",
    }
    data.update(overrides)
    return LawsuitForm(data=data, user=user)


@pytest.mark.parametrize("outcome", [Outcome.UPHELD, Outcome.REQUEST_REJECTED])
def test_a_co_defendant_lawsuit_links_an_upheld_reconsideration_case(outcome, cast):
    case = reconsideration_case(outcome)
    form = form_for(cast["section"], reconsideration_case=case.case_no)
    assert form.is_valid(), form.errors
    lawsuit = form.save()
    assert lawsuit.reconsideration_case == case
    assert lawsuit.co_defendant_government


@pytest.mark.parametrize("outcome, label", [(Outcome.REVOKED, "撤销"), (Outcome.MODIFIED, "变更"), (Outcome.APPLICATION_DISMISSED, "驳回申请"), (None, "尚未审结")])
def test_a_co_defendant_link_to_a_case_that_was_not_upheld_is_refused(outcome, label, cast):
    case = reconsideration_case(outcome)
    form = form_for(cast["section"], reconsideration_case=case.case_no)
    assert not form.is_valid()
    assert form.errors["reconsideration_case"] == [
        f"复议机关作共同被告，须是复议决定维持原行政行为的案件（行政诉讼法第二十六条第二款）；"
        f"行政复议案件{case.case_no}的结案方式为“{label}”，不能作为共同被告案件关联。"
    ]


def test_a_lawsuit_after_a_changed_act_may_link_the_case_without_co_defendant(cast):
    case = reconsideration_case(Outcome.MODIFIED)
    form = form_for(cast["section"], reconsideration_case=case.case_no, co_defendant_government="", defendant_org=org("demo").pk, org=org("demo").pk)
    assert form.is_valid(), form.errors


def test_a_co_defendant_lawsuit_needs_the_reconsideration_case(cast):
    form = form_for(cast["section"])
    assert not form.is_valid()
    assert form.errors["reconsideration_case"] == ["复议机关作共同被告的，须填写关联的行政复议案号（行政诉讼法第二十六条第二款）。"]


def test_an_unknown_reconsideration_case_number_is_refused(cast):
    form = form_for(cast["section"], reconsideration_case="示司复〔2024〕999号")
    assert not form.is_valid()
    assert form.errors["reconsideration_case"] == ["复议案号“示司复〔2024〕999号”不存在，或不在您可以关联的范围内。"]


def test_a_department_may_link_a_case_it_was_respondent_in_but_not_another_departments(cast):
    own = reconsideration_case(Outcome.UPHELD)  # respondent: demo-d01
    other = reconsideration_case(Outcome.UPHELD)
    other.respondent_org = org("demo-d02")
    other.save()
    assert form_for(cast["dept1"], reconsideration_case=own.case_no).is_valid()
    refused = form_for(cast["dept1"], reconsideration_case=other.case_no)
    assert not refused.is_valid()
    assert "不在您可以关联的范围内" in refused.errors["reconsideration_case"][0]


def test_the_model_guard_holds_outside_forms_too(county):
    case = reconsideration_case(Outcome.REVOKED)
    lawsuit = LawsuitFactory.build(org=org("demo-d01"), defendant_org=org("demo-d01"), co_defendant_government=True,
                                   reconsideration_case=case, complaint_received_on=date(2024, 3, 5), case_no="（2024）浙0726行初31号")
    with pytest.raises(ValidationError) as e:
        lawsuit.full_clean()
    assert "不能作为共同被告案件关联" in e.value.message_dict["reconsideration_case"][0]


def test_the_county_government_cannot_be_its_own_co_defendant(cast):
    case = reconsideration_case(Outcome.UPHELD)
    form = form_for(cast["section"], reconsideration_case=case.case_no, defendant_org=org("demo").pk)
    assert not form.is_valid()
    assert form.errors["co_defendant_government"] == ["被告是县政府本身的，县政府不会同时作为复议机关共同被告。"]
