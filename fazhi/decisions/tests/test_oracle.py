"""Published figures (shared/ORACLE.md) rebuilt as records and read back through
``fazhi indicators --org … --year 2023 --only decisions. --format json``.

* seed 004, 五华县司法局 2023: "重大行政决策3项；风险评估14次；征求意见20次；听证3场；专家评审13次".
  The report gives the totals only; the records spread them over the three decisions (each with its own legality
  review and executive meeting), and the counts come back as published.
* 20, 柳州城中区 2023: "重大行政决策1件 … 合同70余份" (reviewed by the legal advisers): one decision and
  72 contracts ("70余" is a lower bound), every one reviewed before signing."""

import io
import json
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command

from fazhi.decisions.choices import ProcedureKind

from .factories import ContractFactory, DecisionFactory, held, org, review


def indicators(prefix, org_code="demo", year=2023):
    out = io.StringIO()
    call_command("indicators", "--org", org_code, "--year", str(year), "--only", prefix, "--format", "json", stdout=out)
    return {v["key"].removeprefix(prefix): v for v in json.loads(out.getvalue())["values"]}


def wuhua_2023():
    """Three decisions of 2023 handled by three departments; (consultations, hearings, expert reviews, risk
    assessments) per decision add up to the report's 20, 3, 13 and 14."""
    plan = [("demo-d04", 8, 1, 5, 6), ("demo-d05", 7, 1, 4, 5), ("demo-d10", 5, 1, 4, 3)]
    for i, (code, consultations, hearings, experts, risks) in enumerate(plan):
        d = DecisionFactory(org=org(code), initiated_on=date(2023, 2, 1) + timedelta(days=30 * i), technical=True, stability_risk=True)
        day = d.initiated_on
        for kind, n in ((ProcedureKind.PUBLIC_PARTICIPATION, consultations), (ProcedureKind.HEARING, hearings), (ProcedureKind.EXPERT_REVIEW, experts), (ProcedureKind.RISK_ASSESSMENT, risks)):
            for _ in range(n):
                day += timedelta(days=3)
                held(d, kind, day, **({"experts": 5} if kind == ProcedureKind.EXPERT_REVIEW else {"risk_controllable": True} if kind == ProcedureKind.RISK_ASSESSMENT else {}))
        held(d, ProcedureKind.LEGALITY_REVIEW, day + timedelta(days=20))
        held(d, ProcedureKind.COLLECTIVE_DECISION, day + timedelta(days=30))
        d.mark_decided(day + timedelta(days=30))
        d.state, d.party_reported_on, d.published_on = "published", d.decided_on, d.decided_on + timedelta(days=10)
        d.save()
        assert d.decided_on.year == 2023


def test_wuhua_2023_decisions_and_procedures_come_back_as_published(county):
    wuhua_2023()
    v = indicators("decisions.")
    published = {"decided": 3, "risk_assessments": 14, "consultations": 20, "hearings": 3, "expert_reviews": 13}
    assert {k: v[k]["value"] for k in published} == published
    assert (v["legality_reviews"]["value"], v["collective_decisions"]["value"], v["procedures"]["value"]) == (3, 3, 56)
    assert (v["completeness_rate"]["value"], v["completeness_rate"]["numerator"], v["completeness_rate"]["denominator"]) == ("100.00", 3, 3)
    assert v["experts"]["value"] == 65 and v["experts"]["unit"] == "人次"
    kinds = {i["label"]: i["count"] for i in v["procedures_by_kind"]["items"]}
    assert sum(kinds.values()) == v["procedures"]["value"]
    # The same figures for one department only (its subtree), and none for another county.
    d04 = indicators("decisions.", "demo-d04")
    assert (d04["decided"]["value"], d04["consultations"]["value"], d04["risk_assessments"]["value"]) == (1, 8, 6)
    assert indicators("decisions.", "demo", 2024)["procedures"]["value"] == 0


def test_the_procedure_identity_holds_for_wuhua(county):
    from fazhi.indicators.checks import run

    wuhua_2023()
    findings = [f for f in run(org("demo"), date(2023, 1, 1), date(2023, 12, 31)) if f.rule.startswith("decisions.")]
    assert findings == []


def test_chengzhong_2023_one_decision_and_seventy_odd_contracts_reviewed(county):
    d = DecisionFactory(org=org("demo-d03"), initiated_on=date(2023, 3, 1))
    for kind, on in ((ProcedureKind.PUBLIC_PARTICIPATION, date(2023, 3, 20)), (ProcedureKind.LEGALITY_REVIEW, date(2023, 5, 10)), (ProcedureKind.COLLECTIVE_DECISION, date(2023, 5, 25))):
        held(d, kind, on)
    d.state = "decided"
    d.mark_decided(date(2023, 5, 25))
    d.save()
    for i in range(72):
        signed = date(2023, 1, 10) + timedelta(days=4 * i)
        r = review(kind="administrative_contract", submitting="demo-d03", opinion_on=signed - timedelta(days=3), title=f"合同{i}")
        ContractFactory(org=org("demo-d03"), signed_on=signed, legality_review=r, amount=Decimal(200_000 + 50_000 * i),
                        filed_on=signed + timedelta(days=10))
    assert indicators("decisions.")["decided"]["value"] == 1
    c = indicators("contracts.")
    assert (c["signed"]["value"], c["reviewed"]["value"], c["review_rate"]["value"]) == (72, 72, "100.00")
    # 200,000 … 3,750,000 yuan: those above 1,000,000 (i ≥ 17) needed the review; all had it.
    assert (c["review_required"]["value"], c["required_review_rate"]["value"]) == (55, "100.00")
    assert Decimal(c["amount"]["value"]) == Decimal(72 * 200_000 + 50_000 * sum(range(72)))  # PostgreSQL keeps the two decimals
    assert (c["filed"]["value"], c["filed_on_time"]["value"], c["filing_on_time_rate"]["value"]) == (72, 72, "100.00")
