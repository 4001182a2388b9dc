"""Bad values on the reconsideration intake form and in its ledger import: a date outside 1990–2100, a receipt
or acceptance date in the future and a negative amount are Chinese form or row errors, and nothing is
written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.validators import DATE_RANGE_MESSAGE
from fazhi.reconsideration.models import Party, ReconsiderationCase

from .factories import ledger_row, ledger_workbook, org, upload

pytestmark = pytest.mark.usefixtures("holidays")


def form_data(**overrides):
    data = {
        "org": org("demo-sfj").pk, "channel": "in_person", "received_on": "2024-09-27", "respondent_name": "示范县公安局",
        "act": "治安管理处罚决定", "act_kind": "penalty", "applicant_name": "张伟明",
    }
    data.update(overrides)
    return data


def post_form(client, **overrides):
    return client.post("/reconsideration/new/", form_data(**overrides))


def post_import(client, **overrides):
    return client.post("/reconsideration/import/", {"file": upload(ledger_workbook([ledger_row(**overrides)]))})


def test_the_valid_form_data_of_these_tests_is_accepted(cast, login):
    assert post_form(login(cast["bureau"])).status_code == 302
    assert ReconsiderationCase.objects.count() == 1


def test_9999_12_31_as_the_receipt_date_on_the_reconsideration_form_is_a_form_error(cast, login):
    r = post_form(login(cast["bureau"]), received_on="9999-12-31")
    assert r.status_code == 400
    assert r.context["form"].errors["received_on"] == [DATE_RANGE_MESSAGE]
    assert (ReconsiderationCase.objects.count(), Party.objects.count()) == (0, 0)


def test_a_receipt_date_in_1989_is_refused(cast, login):
    r = post_form(login(cast["bureau"]), received_on="1989-12-31")
    assert r.status_code == 400
    assert r.context["form"].errors["received_on"] == ["日期应在 1990-01-01 至 2100-12-31 之间。"]
    assert ReconsiderationCase.objects.count() == 0


def test_a_future_receipt_date_is_refused_on_the_form(cast, login):
    tomorrow = timezone.localdate() + timedelta(days=1)
    r = post_form(login(cast["bureau"]), received_on=f"{tomorrow:%Y-%m-%d}")
    assert r.status_code == 400
    assert r.context["form"].errors["received_on"] == ["收到申请日期不能晚于今天。"]
    assert ReconsiderationCase.objects.count() == 0
    assert post_form(login(cast["bureau"]), received_on=f"{timezone.localdate():%Y-%m-%d}").status_code == 302


def test_a_future_receipt_or_acceptance_date_is_refused_in_the_import(cast, login):
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    r = post_import(login(cast["bureau"]), 收到申请日期=tomorrow)
    assert r.status_code == 400
    assert (2, "收到申请日期", "收到申请日期不能晚于今天。") in r.context["result"].errors
    r = post_import(login(cast["bureau"]), 受理日期=tomorrow, 程序="普通程序")
    assert (2, "受理日期", "受理日期不能晚于今天。") in r.context["result"].errors
    assert ReconsiderationCase.objects.count() == 0


def test_9999_12_31_in_the_ledger_import_is_a_row_error(cast, login):
    r = post_import(login(cast["bureau"]), 受理日期="9999-12-31", 程序="普通程序")
    assert r.status_code == 400
    assert (2, "受理日期", DATE_RANGE_MESSAGE) in r.context["result"].errors
    assert ReconsiderationCase.objects.count() == 0


def test_a_negative_amount_is_refused_on_the_form_and_in_the_import(cast, login):
    client = login(cast["bureau"])
    r = post_form(client, amount="-0.01")
    assert r.status_code == 400
    assert r.context["form"].errors["amount"] == ["涉案金额不能为负数。"]
    r = post_import(client, **{"涉案金额（元）": -500})
    assert r.status_code == 400
    assert r.context["result"].errors == [(2, "涉案金额（元）", "涉案金额不能为负数。")]
    assert (ReconsiderationCase.objects.count(), Party.objects.count()) == (0, 0)
    assert post_form(client, amount="0").status_code == 302


def test_9999_12_31_on_a_transition_is_a_form_error(cast, login):
    from .factories import case_at, do

    case = case_at("accepted", org("demo-sfj"))
    r = do(login(cast["bureau"]), case, "schedule_hearing", on="2024-03-05", hearing_on="9999-12-31")
    assert r.status_code == 400
    assert r.context["form"].errors["hearing_on"] == [DATE_RANGE_MESSAGE]
    assert ReconsiderationCase.objects.get().hearing_on is None
