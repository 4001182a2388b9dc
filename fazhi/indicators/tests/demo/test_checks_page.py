"""The consistency checks page: the demo county passes every check for 2023–2025; each part-sum identity,
broken on purpose through baselines, is found and named; a crafted record set breaks an identity and a record
rule, and the findings link to the records."""

from datetime import date

import pytest

from fazhi.core.models import Org
from fazhi.indicators import definitions
from fazhi.indicators.models import Baseline
from fazhi.reconsideration.choices import Outcome
from fazhi.reconsideration.models import ReconsiderationCase

URL = "/indicators/checks/"
IDENTITIES = [c for c in definitions.CHECKS.values() if c.kind == "identity"]


def findings(response):
    return {row["finding"].rule: row for row in response.context["rows"]}


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_demo_county_passes_every_check(demo, client, year):
    """Every registry's identities and record rules, over the published years of the shop window (late
    filings, unreviewed topics and overdue cases of the current year are left in the demo for 我的待办)."""
    client.force_login(demo["bureau"])
    r = client.get(URL, {"org": "demo", "year": year})
    assert r.status_code == 200
    found = [row["finding"] for row in r.context["rows"]]
    assert found == [], [f.message for f in found]
    assert all(rule["ok"] for rule in r.context["rules"])
    assert f"示范县人民政府 {year}年：全部检查通过。" in r.content.decode()


@pytest.mark.parametrize("identity", IDENTITIES, ids=[c.key for c in IDENTITIES])
def test_an_identity_broken_through_baselines_is_found(demo, client, identity):
    """Every term 0 but the first on the left, 1: Σ left = 1 exceeds Σ right = 0, which breaks "=" and "<="."""
    bureau = Org.objects.get(code="demo-sfj")
    for i, key in enumerate(dict.fromkeys(identity.left_keys + identity.right_keys)):
        Baseline.objects.create(org=bureau, year=2021, key=key, value=1 if i == 0 else 0, source="测试")
    client.force_login(demo["bureau"])
    r = client.get(URL, {"org": "demo-sfj", "year": 2021})
    found = findings(r)
    assert identity.key in found
    f = found[identity.key]["finding"]
    assert f.source == "baseline" and f.label == identity.label
    assert f"{'应等于' if identity.relation == '=' else '不应超过'}" in f.message
    html = r.content.decode()
    assert f'data-rule="{identity.key}"' in html and "基期数据" in html
    assert found[identity.key]["baseline_url"] == "/indicators/baselines/?org=demo-sfj&year=2021"


def test_pujiang_2021_closed_99_against_outcomes_adding_up_to_100(demo, client):
    """ORACLE.md §B: 浦江 2021 published 审结99 while its outcomes add up to 100."""
    bureau = Org.objects.get(code="demo-sfj")
    figures = {"closed": 99, "upheld": 69, "request_rejected": 6, "revoked": 1, "declared_unlawful": 2, "terminated": 22}
    for o in Outcome:
        Baseline.objects.create(org=bureau, year=2021, key="reconsideration." + o.value, value=figures.get(o.value, 0), source="《浦江县2021年报告》")
    Baseline.objects.create(org=bureau, year=2021, key="reconsideration.closed", value=99, source="《浦江县2021年报告》")
    client.force_login(demo["bureau"])
    r = client.get(URL, {"org": "demo-sfj", "year": 2021})
    f = findings(r)["reconsideration.closing_identity"]["finding"]
    assert f.message.startswith("审结99 = 99，应等于 维持69 + 驳回复议请求6")
    assert f.message.endswith("= 100")
    assert "发现 1 个问题。" in r.content.decode()


def test_a_case_closed_without_acceptance_breaks_the_flow_identity_and_a_record_rule(demo, client):
    bureau = Org.objects.get(code="demo-sfj")
    case = ReconsiderationCase.objects.filter(org=bureau, received_on__year=2025, closed_on__year=2025, outcome=Outcome.UPHELD).first()
    ReconsiderationCase.objects.filter(pk=case.pk).update(accepted_on=None)
    client.force_login(demo["bureau"])
    r = client.get(URL, {"org": "demo", "year": case.received_on.year})
    found = findings(r)
    flow = found["reconsideration.flow_identity"]
    assert flow["finding"].source == "records"
    assert {t["label"] for t in flow["terms"]} == {"上年结转", "期内受理", "审结", "期末未审结"}
    assert all(t["url"].startswith("/indicators/records/?") and "org=demo" in t["url"] for t in flow["terms"])
    record = found["reconsideration.decision_without_acceptance"]
    assert record["records"] == [{"text": str(case), "url": f"/reconsideration/{case.pk}/"}]
    html = r.content.decode()
    assert f'href="/reconsideration/{case.pk}/"' in html


def test_checks_keep_the_users_scope(demo, client):
    client.force_login(demo["station1"])
    assert client.get(URL, {"org": "demo", "year": 2025}).status_code == 404
    r = client.get(URL, {"year": 2025})
    assert r.context["org"].code == "demo-s01" and r.context["rows"] == []
    # The year defaults to the last full year.
    assert r.context["year"] == date(2026, 1, 1).year - 1
