"""Bad values on the litigation intake form, its appeal step and its ledger import: a date outside 1990–2100
and a receipt date in the future are Chinese form or row errors, and nothing is written."""

from datetime import date, timedelta

from django.utils import timezone

from fazhi.core.validators import DATE_RANGE_MESSAGE
from fazhi.litigation.choices import Result
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.tests.factories import LawsuitFactory, ledger_row, ledger_workbook, org, upload


def form_data(**overrides):
    data = {
        "org": org("demo-d01").pk, "court": "示范县人民法院", "case_no": "（2024）浙0726行初12号", "trial_level": "",
        "plaintiff": "王小明", "defendant_org": org("demo-d01").pk, "act": "行政处罚决定", "act_kind": "penalty",
        "complaint_received_on": "2024-03-05", "filed_on": "2024-03-01", "note": "",
    }
    data.update(overrides)
    return data


def test_the_valid_form_data_of_these_tests_is_accepted(cast, login):
    assert login(cast["section"]).post("/litigation/new/", form_data()).status_code == 302
    assert Lawsuit.objects.count() == 1


def test_9999_12_31_as_the_receipt_date_on_the_litigation_form_is_a_form_error(cast, login):
    r = login(cast["section"]).post("/litigation/new/", form_data(complaint_received_on="9999-12-31"))
    assert r.status_code == 400
    assert r.context["form"].errors["complaint_received_on"] == [DATE_RANGE_MESSAGE]
    assert Lawsuit.objects.count() == 0


def test_a_filing_date_in_1989_is_refused(cast, login):
    r = login(cast["section"]).post("/litigation/new/", form_data(filed_on="1989-06-30"))
    assert r.status_code == 400
    assert r.context["form"].errors["filed_on"] == ["日期应在 1990-01-01 至 2100-12-31 之间。"]
    assert Lawsuit.objects.count() == 0


def test_a_future_receipt_date_is_refused_on_the_form_and_in_the_import(cast, login):
    client = login(cast["section"])
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    r = client.post("/litigation/new/", form_data(complaint_received_on=tomorrow))
    assert r.status_code == 400
    assert r.context["form"].errors["complaint_received_on"] == ["收到起诉状副本日期不能晚于今天。"]
    r = client.post("/litigation/import/", {"file": upload(ledger_workbook([ledger_row("（2024）浙0726行初12号", 收到起诉状日期=tomorrow)]))})
    assert r.status_code == 400
    assert (2, "收到起诉状日期", "收到起诉状副本日期不能晚于今天。") in r.context["result"].errors
    assert Lawsuit.objects.count() == 0


def test_9999_12_31_in_the_ledger_import_is_a_row_error(cast, login):
    rows = [ledger_row("（2024）浙0726行初12号", 收到起诉状日期="9999-12-31")]
    r = login(cast["section"]).post("/litigation/import/", {"file": upload(ledger_workbook(rows))})
    assert r.status_code == 400
    assert (2, "收到起诉状日期", DATE_RANGE_MESSAGE) in r.context["result"].errors
    assert Lawsuit.objects.count() == 0


def test_9999_12_31_as_the_appeal_receipt_date_is_a_form_error(cast, login):
    case = LawsuitFactory(org=org("demo-d01"), result=Result.REJECTED, closed_on=date(2024, 5, 30))
    r = login(cast["section"]).post(f"/litigation/{case.pk}/do/appeal/", {
        "on": "2024-06-10", "appellant": "plaintiff", "court": "示范市中级人民法院", "case_no": "（2024）浙07行终35号",
        "complaint_received_on": "9999-12-31",
    })
    assert r.status_code == 400
    assert r.context["form"].errors["complaint_received_on"] == [DATE_RANGE_MESSAGE]
    assert Lawsuit.objects.count() == 1
