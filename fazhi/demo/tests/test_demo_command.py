"""``fazhi demo``: the synthetic demo county is deterministic and idempotent, prints what a visitor needs to
log in, and ``--reset`` rebuilds it from scratch."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.choices import OrgKind
from fazhi.core.models import Membership, Org, User
from fazhi.demo import county as demo

pytestmark = pytest.mark.django_db

# A fixed day, so that the years the demo covers and its contracts ending "soon" do not depend on the clock.
TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def run_demo(*args):
    out = io.StringIO()
    call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """Everything the demo writes, by natural keys (never by primary keys)."""
    return {
        "orgs": sorted(Org.objects.values_list("code", "name", "kind", "path", "parent__code", "serves__code")),
        "users": sorted(User.objects.values_list("username", "full_name", "active_org__code")),
        "memberships": sorted(Membership.objects.values_list("user__username", "org__code", "roles__code")),
        "advisers": sorted(
            LegalAdviser.objects.values_list("org__code", "name", "kind", "firm", "license_no", "phone", "contract_start", "contract_end", "fee")
        ),
    }


def test_running_the_demo_twice_changes_nothing():
    run_demo()
    first = snapshot()
    assert first["advisers"]
    second_output = run_demo()
    assert snapshot() == first
    assert "新增法律顾问记录0条" in second_output


def test_the_demo_is_the_same_on_every_machine():
    run_demo()
    first = snapshot()
    run_demo("--reset")
    assert snapshot() == first


def test_the_demo_prints_the_org_codes_and_the_logins():
    out = run_demo()
    for code in ("demo", "demo-sfj", "demo-s01", "demo-s10", "demo-d01", "demo-d15", "demo-t01", "demo-t10"):
        assert f" {code} " in out
    assert "演示账户（密码：Demo#2026pass）" in out
    for username in demo.ACCOUNTS:
        assert f"  {username} " in out
    assert "陈晓东" in out


def test_the_demo_accounts_log_in_with_the_demo_password(client):
    run_demo()
    assert User.objects.get(username="station1").check_password(demo.DEFAULT_PASSWORD)
    r = client.post("/login/", {"username": "station1", "password": demo.DEFAULT_PASSWORD})
    assert r.status_code == 302


def test_the_demo_county_has_fifteen_departments_and_ten_townships_each_with_a_station():
    run_demo()
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
    run_demo()
    years = set(LegalAdviser.objects.values_list("contract_start__year", flat=True))
    assert years == {2023, 2024, 2025, 2026}
    for year in (2023, 2024, 2025, 2026):
        per_year = LegalAdviser.objects.filter(contract_start__year=year)
        assert per_year.values("org").distinct().count() >= 20, year  # government, bureau, departments, townships
    assert LegalAdviser.objects.filter(kind="government_lawyer").exists()
    assert not LegalAdviser.objects.filter(contract_start__gt=TODAY.date()).exists()


def test_the_demo_always_has_contracts_ending_within_the_fortnight():
    run_demo()
    today = TODAY.date()
    ending = LegalAdviser.objects.filter(contract_end__gte=today, contract_end__lte=today.replace(day=today.day + 14))
    assert {"郑海燕", "孙建国", "韩晓明"} <= set(ending.values_list("name", flat=True))


def test_reset_removes_what_was_added_and_restores_what_was_removed():
    run_demo()
    first = snapshot()
    LegalAdviserFactory(org=Org.objects.get(code="demo-s01"), name="手工添加")
    LegalAdviser.objects.filter(org__code="demo-d01").delete()
    station1 = User.objects.get(username="station1")
    station1.full_name = "改过的名字"
    station1.save()

    out = run_demo("--reset")
    assert "已清除示范县原有数据。" in out
    assert snapshot() == first


def test_reset_works_after_the_demo_has_been_used(client):
    run_demo()
    first = snapshot()
    client.post("/login/", {"username": "station1", "password": demo.DEFAULT_PASSWORD})
    client.post("/login/", {"username": "bureau", "password": "wrong-password"})
    client.get("/advisers/export/")
    run_demo("--reset")
    assert snapshot() == first


def test_reset_keeps_orgs_and_records_outside_the_demo_county():
    run_demo()
    other = Org.objects.create(code="nb", name="邻县人民政府", kind=OrgKind.GOVERNMENT, parent=Org.objects.get(code="zj-city"))
    LegalAdviserFactory(org=other, name="邻县顾问")
    run_demo("--reset")
    assert LegalAdviser.objects.filter(name="邻县顾问", org__code="nb").exists()


def test_a_password_against_the_policy_is_refused():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("demo", "--password", "123", stdout=io.StringIO())
    assert not Org.objects.filter(code="demo").exists()
