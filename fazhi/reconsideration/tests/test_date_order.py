"""The case's date orders (``ReconsiderationCase.date_order``, fazhi.core.dates), stated once and kept everywhere:
an order broken is refused with its Chinese message by the intake form (against the stored date), by a
transition, by a ledger row of the Excel import, and reported by the consistency check; a declaration naming a
field that is not a date field fails ``fazhi check``."""

from datetime import date

import pytest
from django.core.management import call_command

from fazhi.core.checks import date_orders as date_order_check
from fazhi.core.dates import DateOrder
from fazhi.core.workflow import not_before
from fazhi.indicators import checks
from fazhi.indicators.engine import year_period
from fazhi.reconsideration.models import ReconsiderationCase

from .factories import case_at, do, ledger_row, ledger_workbook, org, upload
from .test_bad_values import form_data

pytestmark = pytest.mark.usefixtures("holidays")


@pytest.fixture
def accepted(county):
    return case_at("accepted", org("demo-sfj"), received_on=date(2024, 9, 27), accepted_on=date(2024, 10, 8))


def test_the_intake_form_refuses_a_receipt_date_after_the_stored_acceptance(cast, login, accepted):
    r = login(cast["bureau"]).post(f"/reconsideration/{accepted.pk}/edit/", form_data(received_on="2024-10-09"))
    assert r.status_code == 400
    assert r.context["form"].errors["received_on"] == ["受理日期不能早于收到申请日期。"]
    assert ReconsiderationCase.objects.get(pk=accepted.pk).received_on == date(2024, 9, 27)


def test_a_transition_dated_before_the_earlier_date_of_its_order_is_refused(cast, login, accepted):
    r = do(login(cast["section"]), accepted, "decide", on=date(2024, 10, 7), outcome="upheld", decision_no="示政复决〔2024〕9号")
    assert r.status_code == 400
    assert "日期不能早于受理日期（2024-10-08）。" in r.content.decode()
    assert ReconsiderationCase.objects.get(pk=accepted.pk).closed_on is None


def test_an_import_row_serving_before_the_decision_is_refused(cast, login):
    row = ledger_row(受理日期="2024-03-06", 程序="普通程序", 结案方式="维持", 审结日期="2024-03-29", 决定书文号="示政复决〔2024〕6号",
                     送达日期="2024-03-28")
    r = login(cast["bureau"]).post("/reconsideration/import/", {"file": upload(ledger_workbook([row]))})
    assert r.status_code == 400
    assert r.context["result"].errors == [(2, "送达日期", "送达日期不能早于审结日期。")]
    assert not ReconsiderationCase.objects.exists()


def test_the_consistency_check_reports_a_case_closed_before_its_acceptance(county, capsys):
    case = case_at("decided", org("demo-sfj"), received_on=date(2024, 3, 1), accepted_on=date(2024, 3, 6))
    ReconsiderationCase.objects.filter(pk=case.pk).update(closed_on=date(2024, 3, 5))  # as a bad old import might have left it
    found = {f.rule: f for f in checks.run(org("demo"), *year_period(2024)) if f.rule.startswith("reconsideration.")}
    assert set(found) == {"reconsideration.closed_before_accepted"}
    finding = found["reconsideration.closed_before_accepted"]
    assert (finding.label, finding.message, [pk for pk, _ in finding.records]) == ("审结日期早于受理日期", "审结日期早于受理日期：1条记录", [case.pk])
    with pytest.raises(SystemExit):
        call_command("consistency", org="demo", year=2024)
    assert "  [reconsideration.closed_before_accepted] 审结日期早于受理日期：审结日期早于受理日期：1条记录" in capsys.readouterr().out


def test_an_order_naming_a_field_that_is_not_a_date_fails_the_system_check(monkeypatch):
    assert date_order_check() == []
    monkeypatch.setattr(ReconsiderationCase, "date_order", (DateOrder("closed_on", "act"), DateOrder("decided_on", "received_on")))
    errors = date_order_check()
    assert {e.id for e in errors} == {"fazhi.E010"}
    assert [e.msg for e in errors] == [
        "reconsideration.ReconsiderationCase 的日期顺序（closed_on 不早于 act）中的 act 不是该模型的日期字段。",
        "reconsideration.ReconsiderationCase 的日期顺序（decided_on 不早于 received_on）中的 decided_on 不是该模型的日期字段。",
    ]


def test_a_guard_naming_a_date_no_order_ends_on_is_a_programming_error(county):
    case = case_at("received", org("demo-sfj"))
    with pytest.raises(LookupError):
        not_before(case, date(2024, 3, 2), sets="hearing_on")
    assert not_before(case, date(2024, 2, 29), sets="accepted_on") == "日期不能早于收到申请日期（2024-03-01）。"
    assert not_before(case, date(2024, 3, 1), sets="accepted_on") is None
