"""Local rules have a type and a range, are set only on units within the setter's scope, and say what they change
below (through the admin's real pages, signed in as the real users)."""

import pytest
from django.test import Client

from fazhi.core.models import AuditEvent, LocalRule, Org
from fazhi.core.rules import RULES, get_rule, rule_effect

PASSWORD = "Demo#2026pass"


def signed_in(username):
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def add_rule(client, org, key, value):
    return client.post("/admin/core/localrule/add/", {"org": org.pk, "key": key, "value": value, "basis": "测试"})


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "message"), [("4", "须在5至480之间"), ("481", "须在5至480之间"), ("abc", "须为整数"), ("-30", "须在5至480之间")])
def test_an_idle_timeout_outside_5_to_480_minutes_is_refused_with_a_chinese_message(cast, value, message):
    r = add_rule(signed_in("secadmin"), Org.objects.get(code="demo"), "session_timeout_minutes", value)
    assert r.status_code == 200
    page = r.content.decode()
    assert f"“无操作自动退出（分钟）”{message}" in page
    assert "成功添加" not in page
    assert not LocalRule.objects.exists()


@pytest.mark.django_db
def test_a_working_day_minimum_of_zero_is_refused_and_one_is_taken(cast):
    client, county = signed_in("bureau"), Org.objects.get(code="demo")
    r = add_rule(client, county, "legality_min_working_days", "0")
    assert "须在1至60之间" in r.content.decode()
    assert not LocalRule.objects.exists()
    r = add_rule(client, county, "legality_min_working_days", "1")
    assert r.status_code == 302
    assert get_rule(Org.objects.get(code="demo-d01"), "legality_min_working_days") == 1


@pytest.mark.django_db
def test_every_number_rule_declares_a_range_that_holds_its_default():
    for rule in RULES.values():
        if rule.kind is int:
            assert rule.maximum is not None, rule.key
            assert rule.minimum <= rule.default <= rule.maximum, rule.key
            assert rule.parse(rule.default) == rule.default


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["zj", "zj-city"])
def test_the_bureau_sets_no_rule_on_the_province_or_the_city(cast, code):
    r = add_rule(signed_in("bureau"), Org.objects.get(code=code), "normative_filing_days", "20")
    assert r.status_code == 200
    assert "只能由业务管理员在本人管理范围内的单位设置" in r.content.decode()
    assert not LocalRule.objects.exists()


@pytest.mark.django_db
def test_the_security_administrator_sets_security_rules_in_his_county_only_and_no_business_rule(cast):
    client = signed_in("secadmin")
    assert add_rule(client, Org.objects.get(code="zj"), "session_timeout_minutes", "20").status_code == 200
    assert add_rule(client, Org.objects.get(code="other"), "session_timeout_minutes", "20").status_code == 200
    assert add_rule(client, Org.objects.get(code="demo"), "normative_filing_days", "20").status_code == 200
    assert not LocalRule.objects.exists()
    assert add_rule(client, Org.objects.get(code="demo"), "session_timeout_minutes", "20").status_code == 302
    assert get_rule(Org.objects.get(code="demo-s01"), "session_timeout_minutes") == 20


@pytest.mark.django_db
def test_the_bureau_sets_no_security_rule(cast):
    assert add_rule(signed_in("bureau"), Org.objects.get(code="demo"), "session_timeout_minutes", "20").status_code in (200, 403)
    assert not LocalRule.objects.exists()


@pytest.mark.django_db
def test_a_rule_change_says_which_units_below_inherit_it_and_which_keep_their_own(cast):
    county = Org.objects.get(code="demo")
    township = Org.objects.get(code="demo-s01")
    LocalRule.objects.create(org=Org.objects.get(code="demo-d01"), key="todo_warning_days", value="3")
    below = Org.objects.filter(path__startswith=county.path).exclude(pk=county.pk).count()
    inherit, own = rule_effect(county, "todo_warning_days")
    assert [o.code for o in own] == ["demo-d01"] and len(inherit) == below - 1 and township in inherit
    client = signed_in("bureau")
    r = add_rule(client, county, "todo_warning_days", "10")
    assert r.status_code == 302
    rule = LocalRule.objects.get(org=county)
    page = client.get(f"/admin/core/localrule/{rule.pk}/change/").content.decode()
    assert f"继承它的{below - 1}个下级单位" in page and "1个下级单位有自己的设置，不受影响：示范县公安局" in page
    assert AuditEvent.objects.filter(action="setting_change", message__contains=f"下级继承{below - 1}个单位，自有设置1个").exists()
    assert get_rule(township, "todo_warning_days") == 10 and get_rule(Org.objects.get(code="demo-d01"), "todo_warning_days") == 3


@pytest.mark.django_db
def test_a_bad_value_stored_behind_the_platforms_back_falls_back_to_the_default(cast, client):
    LocalRule.objects.create(org=Org.objects.get(code="demo"), key="session_timeout_minutes", value="99999")
    assert get_rule(Org.objects.get(code="demo-s01"), "session_timeout_minutes") == 30
    client.force_login(cast["station1"])
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_within_a_request_a_units_rules_are_read_once_and_a_rule_changed_meanwhile_is_seen(cast, django_assert_num_queries):
    from fazhi.core.rules import rules_read_once

    county = Org.objects.get(code="demo")
    with rules_read_once():
        with django_assert_num_queries(1):
            assert get_rule(county, "session_timeout_minutes") == RULES["session_timeout_minutes"].default
            assert get_rule(county, "password_history") == RULES["password_history"].default
        LocalRule.objects.create(org=county, key="session_timeout_minutes", value="15", basis="测试")
        assert get_rule(county, "session_timeout_minutes") == 15
    assert get_rule(county, "session_timeout_minutes") == 15
