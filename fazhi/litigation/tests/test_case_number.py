"""案号: the court case number is validated (full-width parentheses, year, court code, 行政 type code,
number, 号), sets the default instance, and is unique per court — with Chinese messages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation.choices import Instance
from fazhi.litigation.forms import LawsuitForm
from fazhi.litigation.models import instance_from_case_no, validate_case_no
from fazhi.litigation.tests.factories import LawsuitFactory, org

GOOD = {
    "（2024）浙0726行初12号": Instance.FIRST,  # a basic court (浦江县人民法院)
    "（2023）浙07行终35号": Instance.APPEAL,  # an intermediate court (金华中院)
    "（2022）浙行再3号": Instance.RETRIAL,  # the high court: the province's abbreviation alone
    "（2024）浙0726行赔初1号": Instance.FIRST,  # administrative compensation
    "（2024）浙0726行审5号": None,  # review of a non-litigation enforcement application
    "（2024）最高法行申100号": None,  # the Supreme People's Court
}

BAD = {
    "(2024)浙0726行初12号": "案号的括号应为全角“（）”",
    "〔2024〕浙0726行初12号": "格式不正确",
    "（2024）浙0726行初12": "格式不正确",  # no 号
    "（2024）浙726行初12号": "格式不正确",  # a three-digit court code
    "（2024）浙0726民初12号": "格式不正确",  # a civil case
    "（2024）浙0726行初012号": "格式不正确",  # a leading zero
    "（2024）甲0726行初12号": "格式不正确",  # not a province
    "（24）浙0726行初12号": "格式不正确",
    "（1985）浙0726行初12号": "年度“1985”不正确",
}


@pytest.mark.parametrize("value, instance", GOOD.items())
def test_valid_case_numbers_pass_and_imply_their_instance(value, instance):
    validate_case_no(value)
    assert instance_from_case_no(value) == instance


@pytest.mark.parametrize("value, message", BAD.items())
def test_invalid_case_numbers_are_refused_with_a_chinese_message(value, message):
    with pytest.raises(ValidationError) as e:
        validate_case_no(value)
    text = e.value.messages[0]
    assert message in text
    assert "如“（2024）浙0726行初12号”" in text or "年度" in text


def form_data(user, **overrides):
    data = {
        "org": org("demo-d01").pk, "court": "示范县人民法院", "case_no": "（2024）浙0726行初12号", "trial_level": "",
        "plaintiff": "王小明", "defendant_org": org("demo-d01").pk, "act": "行政处罚决定", "act_kind": "penalty",
        "complaint_received_on": "2024-03-05", "filed_on": "2024-03-01", "note": "",
    }
    data.update(overrides)
    return data


def test_the_form_makes_half_width_parentheses_full_width_and_derives_the_instance(cast):
    user = cast["section"]
    form = LawsuitForm(data=form_data(user, case_no=" (2023)浙07行终35号 "), user=user)
    assert form.is_valid(), form.errors
    case = form.save()
    assert case.case_no == "（2023）浙07行终35号"
    assert case.trial_level == Instance.APPEAL


def test_an_instance_contradicting_the_case_number_is_refused(cast):
    user = cast["section"]
    form = LawsuitForm(data=form_data(user, trial_level="appeal"), user=user)
    assert not form.is_valid()
    assert form.errors["trial_level"] == ["案号的类型代字表明是一审案件，与所选审级“二审”不一致。"]


def test_a_bad_case_number_on_the_form_gets_the_format_message(cast):
    user = cast["section"]
    form = LawsuitForm(data=form_data(user, case_no="浙0726行初12号"), user=user)
    assert not form.is_valid()
    assert "案号“浙0726行初12号”格式不正确" in form.errors["case_no"][0]


def test_a_case_number_is_unique_per_court(cast):
    user = cast["section"]
    LawsuitFactory(org=org("demo-d01"), case_no="（2024）浙0726行初12号", complaint_received_on=date(2024, 3, 5))
    form = LawsuitForm(data=form_data(user), user=user)
    assert not form.is_valid()
    assert "该法院的此案号已经登记，请勿重复录入。" in str(form.errors)
    other_court = LawsuitForm(data=form_data(user, court="示范市中级人民法院"), user=user)
    assert other_court.is_valid(), other_court.errors
