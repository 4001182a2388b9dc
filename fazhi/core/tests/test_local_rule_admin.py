"""Local rules in the admin: security rules belong to the security administrator, the others to the bureau's
business administrator. A rule outside one's duty is refused on the form with the Chinese reason — the form
page again, nothing saved, no audit entry, and no "成功添加 … None" message for a rule that was not added."""

import pytest

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, LocalRule, Org

REFUSED = "该规则不属于您的管理范围。"


def add(client, key, value):
    return client.post("/admin/core/localrule/add/", {"org": Org.objects.get(code="demo").pk, "key": key, "value": value, "basis": ""})


@pytest.mark.parametrize("username, key", [("bureau", "session_timeout_minutes"), ("secadmin", "todo_warning_days")])
def test_a_rule_outside_ones_duty_is_refused_on_the_form_and_nothing_is_saved(username, key, cast, login):
    client = login(cast[username])
    r = add(client, key, "10")
    assert r.status_code == 200
    assert r.context["adminform"].form.errors["key"] == [REFUSED]
    page = r.content.decode()
    assert REFUSED in page
    assert "成功" not in page and "None" not in page
    assert not LocalRule.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SETTING_CHANGE).exists()
    follow = client.get("/admin/core/localrule/").content.decode()
    assert "成功" not in follow and "None" not in follow


@pytest.mark.parametrize("username, key", [("bureau", "todo_warning_days"), ("secadmin", "session_timeout_minutes")])
def test_a_rule_of_ones_own_duty_is_saved_and_audited(username, key, cast, login):
    client = login(cast[username])
    r = add(client, key, "10")
    assert r.status_code == 302
    assert list(LocalRule.objects.values_list("key", "value")) == [(key, "10")]
    assert AuditEvent.objects.filter(action=AuditAction.SETTING_CHANGE).count() == 1
    assert "成功添加" in client.get(r["Location"]).content.decode()


def test_a_security_rule_cannot_be_turned_into_a_business_rule_by_the_bureau(cast, login):
    rule = LocalRule.objects.create(org=Org.objects.get(code="demo"), key="session_timeout_minutes", value="10")
    client = login(cast["bureau"])
    r = client.post(f"/admin/core/localrule/{rule.pk}/change/", {"org": rule.org_id, "key": "todo_warning_days", "value": "3", "basis": ""})
    assert r.status_code == 200
    assert r.context["adminform"].form.errors["key"] == [REFUSED]
    rule.refresh_from_db()
    assert (rule.key, rule.value) == ("session_timeout_minutes", "10")


def test_a_bad_value_is_refused_with_the_rules_own_message(cast, login):
    r = add(login(cast["bureau"]), "todo_warning_days", "七天")
    assert r.status_code == 200
    assert "“待办提前提醒天数”须为整数。" in r.content.decode()
    assert not LocalRule.objects.exists()
