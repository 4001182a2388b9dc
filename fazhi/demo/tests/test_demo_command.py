"""``fazhi demo``: the synthetic demo county is deterministic and idempotent, prints what a visitor needs to
log in, and ``--reset`` rebuilds it from scratch, even after it has been used.

Building the demo takes seconds, so the module builds it once, inside a transaction rolled back at the
end; each test runs in a savepoint inside it (as Django's ``TestCase.setUpTestData`` does)."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.choices import AuditAction, OrgKind
from fazhi.core.models import AuditEvent, Membership, Org, User
from fazhi.demo import county as demo

# A fixed day, so that the years the demo covers and its contracts ending "soon" do not depend on the clock.
TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def run_demo(*args):
    out = io.StringIO()
    call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """Everything the demo writes about orgs, accounts and legal advisers, by natural keys (never by pk)."""
    return {
        "orgs": sorted(Org.objects.values_list("code", "name", "kind", "path", "parent__code", "serves__code")),
        "users": sorted(User.objects.values_list("username", "full_name", "active_org__code", "is_active")),
        "memberships": sorted(Membership.objects.values_list("user__username", "org__code", "roles__code")),
        "advisers": sorted(
            LegalAdviser.objects.values_list("org__code", "name", "kind", "firm", "license_no", "phone", "contract_start", "contract_end", "fee")
        ),
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo as ``fazhi demo`` builds it on TODAY: {"output": what it printed, "snapshot": snapshot()}."""
    with django_db_blocker.unblock(), time_machine.travel(TODAY, tick=False), pytest.MonkeyPatch.context() as mp:
        for name, value in (("time_cost", 1), ("memory_cost", 64), ("parallelism", 1)):
            mp.setattr(Argon2PasswordHasher, name, value)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = run_demo()
            yield {"output": output, "snapshot": snapshot()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _frozen_day(built, db):
    with time_machine.travel(TODAY, tick=False):
        yield


def test_running_the_demo_again_changes_nothing(built):
    assert built["snapshot"]["advisers"]
    assert snapshot() == built["snapshot"]
    output = run_demo()
    assert snapshot() == built["snapshot"]
    assert "新增法律顾问记录0条" in output


def test_the_demo_prints_the_org_codes_and_the_logins(built):
    out = built["output"]
    for code in ("demo", "demo-sfj", "demo-s01", "demo-s10", "demo-d01", "demo-d15", "demo-t01", "demo-t10"):
        assert f" {code} " in out
    assert "演示账户（密码：Demo#2026pass）" in out
    for username in demo.ACCOUNTS:
        assert f"  {username} " in out
    assert "陈晓东" in out


def test_the_demo_accounts_log_in_with_the_demo_password(client):
    assert User.objects.get(username="station1").check_password(demo.DEFAULT_PASSWORD)
    r = client.post("/login/", {"username": "station1", "password": demo.DEFAULT_PASSWORD})
    assert r.status_code == 302


def test_the_demo_county_has_fifteen_departments_and_ten_townships_each_with_a_station():
    county = Org.objects.get(code="demo")
    in_county = Org.objects.subtree(county)
    assert in_county.filter(kind=OrgKind.DEPARTMENT).count() == 15
    townships = list(in_county.filter(kind=OrgKind.TOWNSHIP))
    assert len(townships) == 10
    stations = in_county.filter(kind=OrgKind.STATION)
    assert stations.count() == 10
    assert {s.serves for s in stations.select_related("serves")} == set(townships)
    assert all(s.parent.code == "demo-sfj" for s in stations.select_related("parent"))


def test_the_demo_has_legal_advisers_in_every_year_from_2023():
    years = set(LegalAdviser.objects.values_list("contract_start__year", flat=True))
    assert years == {2023, 2024, 2025, 2026}
    for year in (2023, 2024, 2025, 2026):
        per_year = LegalAdviser.objects.filter(contract_start__year=year)
        assert per_year.values("org").distinct().count() >= 20, year  # government, bureau, departments, townships
    assert LegalAdviser.objects.filter(kind="government_lawyer").exists()
    assert not LegalAdviser.objects.filter(contract_start__gt=TODAY.date()).exists()


def test_the_demo_always_has_contracts_ending_within_the_fortnight():
    today = TODAY.date()
    ending = LegalAdviser.objects.filter(contract_end__gte=today, contract_end__lte=today + timedelta(days=14))
    assert {"郑海燕", "孙建国", "韩晓明"} <= set(ending.values_list("name", flat=True))


def test_reset_rebuilds_the_same_county_after_it_has_been_used_and_changed(built, client):
    LegalAdviserFactory(org=Org.objects.get(code="demo-s01"), name="手工添加")
    LegalAdviser.objects.filter(org__code="demo-d01").delete()
    station1 = User.objects.get(username="station1")
    station1.full_name = "改过的名字"
    station1.save()
    Org.objects.create(code="demo-t11", name="示范县新区街道办事处", kind=OrgKind.TOWNSHIP, parent=Org.objects.get(code="demo"))
    neighbour = Org.objects.create(code="nb", name="邻县人民政府", kind=OrgKind.GOVERNMENT, parent=Org.objects.get(code="zj-city"))
    LegalAdviserFactory(org=neighbour, name="邻县顾问")
    # Using the demo writes audit events that name its accounts and units.
    client.post("/login/", {"username": "station1", "password": demo.DEFAULT_PASSWORD})
    client.post("/switch-org/", {"org": Org.objects.get(code="demo-s01").pk})
    client.get("/advisers/export/")
    client.post("/login/", {"username": "bureau", "password": "wrong-password"})
    events = sorted(AuditEvent.objects.values_list("id", "username", "action", "actor_id", "org_id"))
    assert any(action == AuditAction.EXPORT and actor for _, _, action, actor, _ in events)

    out = run_demo("--reset")

    assert "已清除示范县原有数据。" in out
    after = snapshot()
    assert [a for a in after["advisers"] if a[0] != "nb"] == built["snapshot"]["advisers"]
    assert [a[:2] for a in after["advisers"] if a[0] == "nb"] == [("nb", "邻县顾问")]
    assert [o for o in after["orgs"] if o[0] != "nb"] == built["snapshot"]["orgs"]
    assert after["users"] == built["snapshot"]["users"]
    assert after["memberships"] == built["snapshot"]["memberships"]
    # The audit log is untouched, and still append-only.
    assert sorted(AuditEvent.objects.filter(id__lte=events[-1][0]).values_list("id", "username", "action", "actor_id", "org_id")) == events
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:  # the trigger refuses it
        cursor.execute("UPDATE core_auditevent SET message = 'changed'")


def test_a_password_against_the_policy_is_refused_and_changes_nothing(built):
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("demo", "--password", "123", "--reset", stdout=io.StringIO())
    assert snapshot() == built["snapshot"]
