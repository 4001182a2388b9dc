"""The presets page: each rate's definition in words, the presets with their descriptions; a bureau
administrator chooses the presets for an org (its active org by default), which writes the local rule
``indicator_preset`` (audited) and changes the dashboard's rates and footnotes; everyone else reads."""

import pytest

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, LocalRule, Org

URL = "/indicators/presets/"


def tile(client, key, **params):
    r = client.get("/indicators/dashboard/", {"year": "2025", **params})
    return next(t for g in r.context["dash"].tiles for t in g["items"] if t["key"] == key), r


def test_everyone_reads_the_definitions_and_presets_but_only_the_bureau_administrator_may_change_them(demo, client):
    client.force_login(demo["leader"])
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200 and not r.context["editable"]
    assert 'data-testid="presets-form"' not in html and "口径由司法局管理员设置" in html
    row = next(x for x in r.context["rates"] if x["key"] == "reconsideration.correction_rate")
    assert (row["numerator"], row["denominator"], row["rounding"]) == ("直接纠错", "审结", "四舍五入，保留2位小数")
    for name in ("截断取值", "以受理数为分母", "协调调解率（含受理前调撤和终止）"):
        assert name in html
    assert client.post(URL, {"presets": ["truncate"]}).status_code == 403
    assert not LocalRule.objects.filter(key="indicator_preset").exists()
    client.force_login(demo["secadmin"])  # holds change_localrule, but for security rules only, and sees no business data
    assert client.post(URL, {"presets": ["truncate"]}).status_code == 403


def test_choosing_a_preset_writes_the_local_rule_for_the_active_org_and_changes_the_dashboards_rate(demo, client):
    client.force_login(demo["bureau"])
    before, _ = tile(client, "reconsideration.correction_rate", org="demo-sfj")
    assert before["display"].endswith(".00") or "." in before["display"]
    r = client.post(URL, {"presets": ["integer_percent"], "basis": "《示范县法治政府建设考核细则》"})
    assert r.status_code == 302 and r["Location"] == URL + "?org=demo-sfj"
    rule = LocalRule.objects.get(key="indicator_preset")
    assert (rule.org.code, rule.value, rule.basis) == ("demo-sfj", "integer_percent", "《示范县法治政府建设考核细则》")
    event = AuditEvent.objects.filter(action=AuditAction.SETTING_CHANGE).latest("at")
    assert event.username == "bureau" and event.detail == {"org": "demo-sfj", "key": "indicator_preset", "old": None, "new": "integer_percent"}
    after, r = tile(client, "reconsideration.correction_rate", org="demo-sfj")
    assert "." not in after["display"] and after["value"].decimals == 0
    assert after["numerator"] == before["numerator"] and after["denominator"] == before["denominator"]
    assert "（直接纠错）÷（审结）× 100%，四舍五入保留0位小数" in r.content.decode()
    # The county above the bureau keeps its own (default) definition.
    county, _ = tile(client, "reconsideration.correction_rate", org="demo")
    assert county["value"].decimals == 2


def test_a_denominator_preset_for_the_county_changes_the_rate_and_its_footnote(demo, client):
    client.force_login(demo["bureau"])
    before, _ = tile(client, "reconsideration.correction_rate", org="demo")
    client.post(URL + "?org=demo", {"presets": ["base_accepted", "truncate"]})
    assert LocalRule.objects.get(org__code="demo", key="indicator_preset").value == "truncate,base_accepted"
    after, r = tile(client, "reconsideration.correction_rate", org="demo")
    assert after["numerator"] == before["numerator"] and after["denominator"] != before["denominator"]
    assert after["denominator_label"] == "受理"
    assert "<strong>直接纠错率</strong> = （直接纠错）÷（受理）× 100%，截断保留2位小数" in r.content.decode()
    page = client.get(URL, {"org": "demo"})
    assert "现行口径：<span class=\"fw-semibold\">默认口径、截断取值、以受理数为分母</span>" in page.content.decode()
    # Below the county the rule is inherited, and the page says so.
    page = client.get(URL, {"org": "demo-d01"})
    assert page.context["inherited_from"] == Org.objects.get(code="demo")


@pytest.mark.parametrize("chosen,message", [
    (["base_accepted", "base_received"], "“以受理数为分母”和“以收到申请数为分母”都规定了“直接纠错率”的分母，只能选择其中一个。"),
    (["integer_percent", "one_decimal"], "“整数百分比”和“一位小数”都规定了各比率的保留位数，只能选择其中一个。"),
    (["half_down"], "预设“half_down”未定义。"),
])
def test_conflicting_or_unknown_presets_are_refused_in_chinese_and_nothing_is_written(demo, client, chosen, message):
    client.force_login(demo["bureau"])
    r = client.post(URL, {"presets": chosen})
    assert r.status_code == 200 and message in r.content.decode()
    assert not LocalRule.objects.filter(key="indicator_preset").exists()


def test_an_org_outside_the_scope_cannot_be_set(demo, client):
    client.force_login(demo["bureau"])
    assert client.post(URL + "?org=other", {"presets": ["truncate"]}).status_code == 404
