"""Transport-level safeguards: a Content-Security-Policy without inline scripts, no framing, no MIME
sniffing, CSRF on every POST, Argon2 password hashes, and an audit log that cannot be changed."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection, models, transaction
from django.test import Client

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, User

PASSWORD = "Demo#2026pass"
SIGNED_IN_PAGES = ["/", "/advisers/", "/admin/", "/password/"]


def signed_in(username, **kwargs):
    client = Client(**kwargs)
    r = client.post("/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, f"{username} could not sign in"
    return client


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def assert_safe_headers(response):
    directives = csp_directives(response)
    assert "script-src" in directives
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
def test_the_login_page_sends_the_security_headers(client):
    r = client.get("/login/")
    assert r.status_code == 200
    assert_safe_headers(r)


@pytest.mark.django_db
def test_signed_in_pages_send_the_security_headers_and_are_not_cached(cast):
    client = signed_in("bureau")
    for path in SIGNED_IN_PAGES:
        r = client.get(path)
        assert r.status_code == 200, path
        assert_safe_headers(r)
        assert "no-store" in r["Cache-Control"], path


@pytest.mark.django_db
def test_error_pages_and_redirects_send_the_security_headers_too(cast, client):
    assert_safe_headers(client.get("/"))  # redirect to the login page
    station = signed_in("station1")
    assert_safe_headers(station.get("/system/audit/"))  # 403
    assert_safe_headers(station.get("/advisers/999999/"))  # 404


@pytest.mark.django_db
def test_pages_carry_no_inline_script_that_the_policy_would_block(cast, client):
    pages = [client.get("/login/")]
    bureau = signed_in("bureau")
    pages += [bureau.get(path) for path in SIGNED_IN_PAGES]
    for r in pages:
        html = r.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], r.wsgi_request.path
        assert INLINE_HANDLER.findall(html) == [], r.wsgi_request.path


@pytest.mark.django_db
def test_a_login_post_without_a_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    r = client.post("/login/", {"username": "station1", "password": PASSWORD})
    assert r.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_login_post_with_the_csrf_token_is_accepted(cast):
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    r = client.post("/login/", {"username": "station1", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302


@pytest.mark.django_db
def test_a_signed_in_post_without_a_csrf_token_is_refused_and_changes_nothing(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["station1"])
    new = "Qingshi#River9"
    r = client.post("/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert r.status_code == 403
    user = User.objects.get(username="station1")
    assert user.check_password(PASSWORD)
    r = client.post("/advisers/new/", {"name": "张三"})
    assert r.status_code == 403


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(cast):
    assert all(user.password.startswith("argon2") for user in cast.values())
    client = signed_in("station1")
    new = "Qingshi#River9"
    client.post("/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    user = User.objects.get(username="station1")
    assert user.check_password(new)
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_login(cast):
    User.objects.filter(username="station1").update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    signed_in("station1")
    assert User.objects.get(username="station1").password.startswith("argon2")


@pytest.fixture
def event(db):
    return record(None, AuditAction.LOGIN, username="station1", message="登录成功")


def test_an_audit_event_cannot_be_saved_again(event):
    event.message = "篡改"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).message == "登录成功"


def test_an_audit_event_cannot_be_deleted(event):
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_updated_through_the_queryset(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(message="篡改")
    with pytest.raises(PermissionError), transaction.atomic():  # bulk_update runs in its own atomic block
        AuditEvent.objects.bulk_update([event], ["message"])
    assert AuditEvent.objects.get(pk=event.pk).message == "登录成功"


def test_the_database_refuses_an_update_that_bypasses_the_model(event):
    # A plain QuerySet skips the model's guard; the trigger of migration 0002 still refuses.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        models.QuerySet(model=AuditEvent).filter(pk=event.pk).update(message="篡改")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET message = %s WHERE id = %s", ["篡改", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).message == "登录成功"
