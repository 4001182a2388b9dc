"""Idle timeout: a session with no request for longer than the local rule ``session_timeout_minutes``
(30 by default, inherited down the org tree) is logged out, sent to the login page and audited."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, LocalRule, Org

PASSWORD = "Demo#2026pass"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def real_login(client, username):
    r = client.post("/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, "login refused"


def is_logged_in(client):
    return "_auth_user_id" in client.session


def assert_timed_out(response, client, path="/"):
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_twenty_nine_minutes_without_a_request_keep_the_session(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        assert client.get("/").status_code == 200
        for _ in range(3):  # each request restarts the clock, so 87 minutes of steady work is fine
            t.shift(timedelta(minutes=29))
            assert client.get("/").status_code == 200
        assert is_logged_in(client)
    assert not AuditEvent.objects.filter(action=AuditAction.IDLE_TIMEOUT).exists()


@pytest.mark.django_db
def test_thirty_one_minutes_without_a_request_log_the_session_out_to_the_login_page(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        assert client.get("/advisers/").status_code == 200
        t.shift(timedelta(minutes=31))
        assert_timed_out(client.get("/advisers/"), client, "/advisers/")
        # The next request is anonymous: to the login page, with no second timeout event.
        r = client.get("/")
        assert r.status_code == 302
        assert r["Location"].startswith("/login/")
    event = AuditEvent.objects.get(action=AuditAction.IDLE_TIMEOUT)
    assert event.actor == cast["station1"]
    assert event.username == "station1"
    assert "30分钟" in event.message


@pytest.mark.django_db
def test_the_idle_period_counts_from_the_login_itself(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        t.shift(timedelta(minutes=31))
        assert_timed_out(client.get("/"), client)
    assert AuditEvent.objects.filter(action=AuditAction.IDLE_TIMEOUT, username="station1").count() == 1


@pytest.mark.django_db
def test_the_login_page_shows_why_the_session_ended(cast, client):
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        client.get("/")
        t.shift(timedelta(minutes=31))
        r = client.get("/", follow=True)
    assert r.redirect_chain[0][0].startswith("/login/")
    assert "长时间未操作" in r.content.decode()


@pytest.mark.django_db
def test_a_county_local_rule_of_ten_minutes_applies_to_users_below_the_county(cast, client):
    LocalRule.objects.create(org=Org.objects.get(code="demo"), key="session_timeout_minutes", value="10")
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")  # works at a township justice station, below the county
        client.get("/")
        t.shift(timedelta(minutes=9))
        assert client.get("/").status_code == 200
        t.shift(timedelta(minutes=11))
        assert_timed_out(client.get("/"), client)
    assert "10分钟" in AuditEvent.objects.get(action=AuditAction.IDLE_TIMEOUT).message


@pytest.mark.django_db
def test_a_county_local_rule_does_not_shorten_sessions_in_another_county(cast, client):
    LocalRule.objects.create(org=Org.objects.get(code="demo"), key="session_timeout_minutes", value="10")
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "outsider")
        client.get("/")
        t.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        assert is_logged_in(client)


@pytest.mark.django_db
def test_a_lower_org_rule_overrides_the_county_rule(cast, client):
    LocalRule.objects.create(org=Org.objects.get(code="demo"), key="session_timeout_minutes", value="10")
    LocalRule.objects.create(org=Org.objects.get(code="demo-s01"), key="session_timeout_minutes", value="20")
    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        client.get("/")
        t.shift(timedelta(minutes=15))
        assert client.get("/").status_code == 200
        t.shift(timedelta(minutes=21))
        assert_timed_out(client.get("/"), client)


@pytest.mark.django_db
def test_the_clock_is_stamped_at_most_once_a_minute_so_reads_do_not_write_the_session(cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.middleware import IdleTimeoutMiddleware

    def session_writes():
        with CaptureQueriesContext(connection) as q:
            assert client.get("/advisers/").status_code == 200
        return [x["sql"] for x in q.captured_queries if "django_session" in x["sql"] and x["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]

    with time_machine.travel(T0, tick=False) as t:
        real_login(client, "station1")
        stamped = client.session[IdleTimeoutMiddleware.KEY]
        t.shift(timedelta(seconds=59))
        assert session_writes() == []
        assert client.session[IdleTimeoutMiddleware.KEY] == stamped
        t.shift(timedelta(seconds=2))
        assert len(session_writes()) == 1
        assert client.session[IdleTimeoutMiddleware.KEY] == stamped + 61
        # Thirty minutes after that stamp (and 61 s after the login), the session is still alive; 31 minutes is not.
        t.shift(timedelta(minutes=30))
        assert client.get("/advisers/").status_code == 200
        t.shift(timedelta(minutes=31))
        assert_timed_out(client.get("/advisers/"), client, "/advisers/")
