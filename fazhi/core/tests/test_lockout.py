"""Lockout: 5 failed logins within 15 minutes lock the account for 15 minutes; an address is throttled (a
growing wait), never locked, so that an office behind one NAT address is not locked out; the security
administrator can lift a lock; every failure, lockout and unlock is audited; the client's address is read from
X-Forwarded-For only behind a trusted proxy.

Every login here goes through the real login page (POST /login/)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Lockout, LoginAttempt

PASSWORD = "Demo#2026pass"
WRONG = "Wrong#2026pass"
LOCKED_MESSAGE = "登录失败次数过多，账户已锁定"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def post_login(client, username, password, ip):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def assert_refused_as_locked(response, client):
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert not is_logged_in(client)


def assert_logged_in(response, client):
    assert response.status_code == 302, response.content.decode()[:500]
    assert is_logged_in(client)


def fail_account(client, traveller, username, n=5, step=timedelta(minutes=1)):
    """``n`` failures of one account, each from its own address so that only the account rule counts."""
    for i in range(n):
        r = post_login(client, username, WRONG, f"10.1.0.{i + 1}")
        assert r.status_code == 200
        assert not is_logged_in(client)
        if i < n - 1:
            traveller.shift(step)


@pytest.mark.django_db
def test_five_failed_logins_within_fifteen_minutes_lock_the_account(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        t.shift(timedelta(minutes=1))
        assert_refused_as_locked(post_login(client, "station1", PASSWORD, "10.9.9.9"), client)
    assert Lockout.objects.filter(username="station1").count() == 1


@pytest.mark.django_db
def test_four_failed_logins_do_not_lock_the_account(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1", n=4)
        t.shift(timedelta(minutes=1))
        assert_logged_in(post_login(client, "station1", PASSWORD, "10.9.9.9"), client)
    assert not Lockout.objects.exists()


@pytest.mark.django_db
def test_a_locked_account_does_not_lock_other_accounts(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        t.shift(timedelta(minutes=1))
        assert_logged_in(post_login(client, "station2", PASSWORD, "10.9.9.9"), client)


@pytest.mark.django_db
def test_five_failures_from_one_address_throttle_it_for_a_second_but_lock_no_one_behind_it(cast, client):
    ip = "10.2.0.1"
    with time_machine.travel(T0, tick=False) as t:
        for username in ["station1", "station2", "dept1", "leader", "nobody"]:
            assert post_login(client, username, WRONG, ip).status_code == 200
            t.shift(timedelta(minutes=2))
        # Right after the fifth failure, the address waits a second …
        t.shift(-timedelta(minutes=2))
        r = post_login(client, "bureau", PASSWORD, ip)
        assert "本地址登录失败次数较多，请1秒后再试。" in r.content.decode() and not is_logged_in(client)
        # … and then the colleague at the next desk, behind the same address, signs in.
        t.shift(timedelta(seconds=1))
        assert_logged_in(post_login(client, "bureau", PASSWORD, ip), client)
    assert not Lockout.objects.exists()


@pytest.mark.django_db
def test_each_further_failure_from_an_address_doubles_its_wait_up_to_a_minute(cast, settings):
    from fazhi.core.auth import address_wait

    ip = "10.2.0.9"
    with time_machine.travel(T0, tick=False) as t:
        client = Client()
        waits = []
        for i in range(12):
            post_login(client, f"nobody{i}", WRONG, ip)  # each its own name, so that no account lock intervenes
            waits.append(address_wait(ip))
            t.shift(timedelta(seconds=waits[-1]))
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert settings.FAZHI_THROTTLE_MAX_SECONDS == 60
    assert not Lockout.objects.filter(username="").exists()


@pytest.mark.django_db
def test_a_throttled_attempt_is_not_tried_and_not_counted(cast, client):
    ip = "10.2.0.5"
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            post_login(client, "nobody", WRONG, ip)
        post_login(client, "station1", PASSWORD, ip)  # refused before the password is tried
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="station1").count() == 0


@pytest.mark.django_db
def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(cast, settings):
    import ipaddress

    settings.FAZHI_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.1/32"), ipaddress.ip_network("10.0.1.0/24")]
    client = Client()

    def fail_from(remote, forwarded):
        client.post("/login/", {"username": "nobody", "password": WRONG}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        return AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("-id").first().ip

    assert fail_from("10.0.0.1", "203.0.113.9") == "203.0.113.9"
    # the client wrote its own header; the proxy appended the real address
    assert fail_from("10.0.0.1", "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    # two proxies in a row
    assert fail_from("10.0.0.1", "203.0.113.7, 10.0.1.5") == "203.0.113.7"
    # not through a trusted proxy: the header is the client's own words
    assert fail_from("198.51.100.7", "1.1.1.1") == "198.51.100.7"
    assert fail_from("10.0.0.1", "not-an-address") == "10.0.0.1"
    assert LoginAttempt.objects.filter(ip="1.1.1.1").count() == 0


@pytest.mark.django_db
def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(cast, client):
    ip = "10.3.0.1"
    with time_machine.travel(T0, tick=False) as t:
        for _ in range(5):  # at minutes 0, 4, 8, 12, 16: never five within one 15-minute window
            assert post_login(client, "station1", WRONG, ip).status_code == 200
            t.shift(timedelta(minutes=4))
        assert_logged_in(post_login(client, "station1", PASSWORD, ip), client)
    assert not Lockout.objects.exists()


@pytest.mark.django_db
def test_the_lock_lifts_after_fifteen_minutes(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        t.shift(timedelta(minutes=14, seconds=59))
        assert_refused_as_locked(post_login(client, "station1", PASSWORD, "10.9.9.9"), client)
        t.shift(timedelta(seconds=2))
        assert_logged_in(post_login(client, "station1", PASSWORD, "10.9.9.9"), client)


@pytest.mark.django_db
def test_each_failure_and_the_lockout_write_audit_events(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="station1")
    assert failures.count() == 5
    assert set(failures.values_list("ip", flat=True)) == {f"10.1.0.{i}" for i in range(1, 6)}
    lockouts = AuditEvent.objects.filter(action=AuditAction.LOCKOUT, username="station1")
    assert lockouts.count() == 1
    assert "锁定" in lockouts.get().message


@pytest.mark.django_db
def test_a_refused_login_while_locked_does_not_extend_the_lock(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        until = Lockout.objects.get().until
        t.shift(timedelta(minutes=5))
        post_login(client, "station1", WRONG, "10.9.9.9")
    assert Lockout.objects.get().until == until


@pytest.mark.django_db
def test_security_administrator_lifts_a_lock_through_the_admin_action_and_it_is_audited(cast, client):
    admin_client = Client()
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        lock = Lockout.objects.get(username="station1")
        t.shift(timedelta(minutes=1))
        assert_logged_in(post_login(admin_client, "secadmin", PASSWORD, "10.8.0.1"), admin_client)
        assert admin_client.get("/admin/core/lockout/").status_code == 200
        r = admin_client.post("/admin/core/lockout/", {"action": "lift", "_selected_action": [lock.pk]})
        assert r.status_code == 302
        lock.refresh_from_db()
        assert lock.until <= timezone.now()
        assert lock.lifted_by == cast["secadmin"]
        # Well inside the 15 minutes, the account can sign in again.
        t.shift(timedelta(minutes=1))
        assert_logged_in(post_login(client, "station1", PASSWORD, "10.9.9.9"), client)
    unlock = AuditEvent.objects.get(action=AuditAction.UNLOCK)
    assert unlock.actor == cast["secadmin"]
    assert "station1" in unlock.message


@pytest.mark.django_db
def test_a_lifted_lock_starts_a_fresh_count(cast, client):
    admin_client = Client()
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        admin_client.force_login(cast["secadmin"])
        admin_client.post(
            "/admin/core/lockout/", {"action": "lift", "_selected_action": [Lockout.objects.get().pk]}
        )
        t.shift(timedelta(minutes=1))
        assert post_login(client, "station1", WRONG, "10.1.1.1").status_code == 200
        assert_logged_in(post_login(client, "station1", PASSWORD, "10.1.1.2"), client)
    assert Lockout.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "auditor", "bureau"])
def test_only_the_security_administrator_can_lift_a_lock(cast, client, username):
    other = Client()
    with time_machine.travel(T0, tick=False) as t:
        fail_account(client, t, "station1")
        lock = Lockout.objects.get()
        other.force_login(cast[username])
        r = other.post("/admin/core/lockout/", {"action": "lift", "_selected_action": [lock.pk]})
        assert r.status_code in (302, 403)
        if r.status_code == 302:  # not staff: sent to the login page
            assert r["Location"].startswith("/admin/login/") or r["Location"].startswith("/login/")
        lock.refresh_from_db()
        assert lock.until > timezone.now()
        assert lock.lifted_by is None
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCK).exists()
