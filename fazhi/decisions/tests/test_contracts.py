"""Administrative contracts: above the local threshold (rule ``contract_review_threshold``, 1,000,000 yuan by
default, set per org and inherited down the tree) a contract is signed only after its legality review has given
an opinion that does not find it unlawful; any review it is linked to must come before the signing. Each signed
contract is filed with the justice bureau within ``contract_filing_days`` (30) calendar days — the day of signing
not counted, a last day on a holiday moved to the next working day (民事诉讼法第八十五条) — and the deadline
shows in 我的待办."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fazhi.core.models import LocalRule
from fazhi.decisions.choices import ContractState
from fazhi.decisions.models import AdministrativeContract

from .factories import ContractFactory, at, do, org, review

pytestmark = pytest.mark.usefixtures("holidays")


@pytest.fixture
def liaison(cast, login):
    """The department liaison of 示范县公安局 (demo-d01), who registers the bureau's contracts."""
    return login(cast["dept1"])


def draft(amount, **fields):
    return ContractFactory(org=org("demo-d01"), amount=Decimal(amount), **fields)


def refused(response):
    assert response.status_code == 400
    return response.context["error"]


# ---------------------------------------------------------------- review before signing


def test_above_the_threshold_a_contract_cannot_be_signed_without_a_legality_review(liaison, county):
    c = draft("1000000.01")
    assert c.review_required
    assert refused(do(liaison, c, "sign", on="2024-06-03")) == (
        "合同金额1,000,000.01元，超过本地规定的1,000,000元，签订前须经合法性审查：请先关联已出具意见的合法性审查记录。")
    c.refresh_from_db()
    assert (c.state, c.signed_on) == (ContractState.DRAFT, None)


def test_at_the_threshold_no_review_is_required(liaison, county):
    c = draft("1000000")
    assert not c.review_required
    assert do(liaison, c, "sign", on="2024-06-03").status_code == 302
    c.refresh_from_db()
    assert (c.state, c.signed_on) == (ContractState.SIGNED, date(2024, 6, 3))


def test_the_contract_is_signed_only_once_the_opinion_is_out_and_not_before_it(liaison, county):
    pending = review(kind="administrative_contract", submitting="demo-d01", issued=False)
    c = draft("3500000", legality_review=pending)
    assert refused(do(liaison, c, "sign", on="2024-06-03")) == f"合法性审查（{pending.review_no}）尚未出具审查意见，不能签订。"

    issued = review(kind="administrative_contract", submitting="demo-d01", opinion_on=date(2024, 6, 5))
    c.legality_review = issued
    c.save()
    assert refused(do(liaison, c, "sign", on="2024-06-03")) == (
        "签订日期（2024-06-03）早于合法性审查意见出具日期（2024-06-05），合同须在出具审查意见后签订。")
    assert do(liaison, c, "sign", on="2024-06-05").status_code == 302
    c.refresh_from_db()
    assert (c.state, c.signed_on, c.filing_due) == (ContractState.SIGNED, date(2024, 6, 5), date(2024, 7, 5))


def test_a_contract_found_unlawful_cannot_be_signed_whatever_its_amount(liaison, county):
    unlawful = review(kind="administrative_contract", submitting="demo-d01", opinion_on=date(2024, 5, 20), conclusion="unlawful")
    c = draft("80000", legality_review=unlawful)
    assert refused(do(liaison, c, "sign", on="2024-06-03")) == f"合法性审查（{unlawful.review_no}）的结论为“不合法”，不能签订。"


def test_the_threshold_is_a_local_rule_inherited_down_the_tree(liaison, county):
    LocalRule.objects.create(org=org("demo"), key="contract_review_threshold", value="500000")
    c = draft("600000")
    assert c.review_required
    assert refused(do(liaison, c, "sign", on="2024-06-03")).startswith("合同金额600,000.00元，超过本地规定的500,000元")


def test_the_form_applies_the_same_rule_to_a_contract_entered_as_already_signed(liaison, county):
    r = liaison.post("/decisions/contracts/new/", {
        "org": org("demo-d01").pk, "title": "警用装备采购合同", "kind": "procurement", "counterparty_kind": "organisation",
        "counterparty_name": "浙江安泰保安服务有限公司", "amount": "1800000", "signed_on": "2024-06-03",
    })
    assert r.status_code == 400
    assert r.context["form"].errors["legality_review"] == [
        "合同金额1,800,000.00元，超过本地规定的1,000,000元，签订前须经合法性审查：请先关联已出具意见的合法性审查记录。"]
    assert not AdministrativeContract.objects.exists()


# ---------------------------------------------------------------- filing deadline


def test_the_filing_deadline_skips_the_national_day_holiday_and_shows_in_my_todos(login, cast, county):
    """Signed on Sunday 2024-09-01: 30 days end on 10-01, in the National Day holiday (10-01 to 10-07), so the
    deadline is Tuesday 10-08. On 09-30 it is still more than the 7-day warning away; on 10-05 it is listed."""
    c = draft("300000", signed_on=date(2024, 9, 1))
    assert c.filing_due == date(2024, 10, 8)
    with time_machine.travel(at(date(2024, 9, 30)), tick=False):
        todos = login(cast["dept1"]).get("/").context["todos"]
        assert [t.title for t in todos if t.kind == "行政协议"] == []
    with time_machine.travel(at(date(2024, 10, 5)), tick=False):
        liaison = login(cast["dept1"])
        todos = [t for t in liaison.get("/").context["todos"] if t.kind == "行政协议"]
        assert [(t.title, t.due) for t in todos] == [(f"{c.title}：合同备案", date(2024, 10, 8))]
        assert todos[0].url == f"/decisions/contracts/{c.pk}/"
        assert "备案期限 10-08（剩3天）" in liaison.get("/decisions/contracts/").content.decode()
    with time_machine.travel(at(date(2024, 10, 8)), tick=False):
        liaison = login(cast["dept1"])
        assert do(liaison, c, "file", on="2024-10-08").status_code == 302
        assert [t for t in liaison.get("/").context["todos"] if t.kind == "行政协议"] == []
    c.refresh_from_db()
    assert c.filed_on_time


def test_the_spring_festival_moves_a_deadline_across_the_new_year(county):
    # 2024-12-30 + 30 days = 2025-01-29, the second day of the 2025 Spring Festival break (01-28 to 02-04).
    assert draft("300000", signed_on=date(2024, 12, 30)).filing_due == date(2025, 2, 5)


def test_the_filing_period_is_a_local_rule(county):
    LocalRule.objects.create(org=org("demo-d01"), key="contract_filing_days", value="15")
    assert draft("300000", signed_on=date(2024, 6, 3)).filing_due == date(2024, 6, 18)


def test_a_late_filing_counts_as_filed_but_not_on_time(liaison, county):
    import io
    import json

    from django.core.management import call_command

    draft("300000", signed_on=date(2024, 3, 1), filed_on=date(2024, 3, 20))
    draft("300000", signed_on=date(2024, 3, 1), filed_on=date(2024, 4, 20))
    draft("300000", signed_on=date(2024, 3, 1))
    out = io.StringIO()
    call_command("indicators", "--org", "demo", "--year", "2024", "--only", "contracts.", "--format", "json", stdout=out)
    v = {x["key"]: x for x in json.loads(out.getvalue())["values"]}
    assert [v[f"contracts.{k}"]["value"] for k in ("signed", "filed", "filed_on_time")] == [3, 2, 1]
    assert (v["contracts.filing_rate"]["value"], v["contracts.filing_on_time_rate"]["value"]) == ("66.67", "33.33")


# ---------------------------------------------------------------- record checks


def test_record_checks_name_the_contracts_signed_before_their_review_or_without_it(county):
    from fazhi.indicators.checks import run

    late = review(kind="administrative_contract", submitting="demo-d01", opinion_on=date(2024, 6, 20))
    # Written directly (as an old ledger might hold them): the workflow and the form would refuse both.
    early = AdministrativeContract.objects.bulk_create([
        AdministrativeContract(org=org("demo-d01"), title="先签后审的协议", counterparty_name="某公司", amount=Decimal(300000),
                               state="signed", signed_on=date(2024, 6, 3), legality_review=late, filed_on=date(2024, 6, 10)),
        AdministrativeContract(org=org("demo-d01"), title="未审即签的协议", counterparty_name="某公司", amount=Decimal(5000000),
                               state="signed", signed_on=date(2024, 6, 3), review_required=True, filed_on=date(2024, 6, 10)),
    ])
    findings = {f.rule: [text for _, text in f.records] for f in run(org("demo"), date(2024, 1, 1), date(2024, 12, 31)) if f.rule.startswith("contracts.")}
    assert findings == {"contracts.signed_before_review": ["先签后审的协议"], "contracts.signed_without_review": ["未审即签的协议"]}
    assert len(early) == 2
