"""First login: an account that must change its password is sent to /password/ from every page until it
does; the change is audited; accounts created through the admin must change their password."""

import re

import pytest
from django.test import Client

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, User

PASSWORD = "Demo#2026pass"
NEW_PASSWORD = "Qingshi#River9"
PAGES = ["/", "/advisers/", "/admin/", "/admin/core/holiday/", "/system/audit/"]


def real_login(client, username, password=PASSWORD):
    r = client.post("/login/", {"username": username, "password": password})
    assert r.status_code == 302, "login refused"
    return r


@pytest.fixture
def newcomer(cast):
    """The bureau administrator (staff, with business data and admin pages) before the first password change."""
    user = cast["bureau"]
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    return user


@pytest.mark.django_db
def test_signing_in_lands_on_the_password_change_page(newcomer, client):
    r = client.post("/login/", {"username": "bureau", "password": PASSWORD}, follow=True)
    assert r.redirect_chain[-1] == ("/password/", 302)
    assert r.status_code == 200
    assert "须先修改密码" in r.content.decode()


@pytest.mark.django_db
def test_every_page_redirects_to_the_password_change_page_until_the_password_is_changed(newcomer, client):
    real_login(client, "bureau")
    for path in PAGES:
        r = client.get(path)
        assert (r.status_code, r.get("Location")) == (302, "/password/"), path
    assert client.get("/password/").status_code == 200


@pytest.mark.django_db
def test_posting_to_a_registry_is_redirected_too(newcomer, client):
    real_login(client, "bureau")
    r = client.post("/advisers/new/", {"name": "张三"})
    assert r.status_code == 302
    assert r["Location"] == "/password/"


@pytest.mark.django_db
def test_the_account_can_still_sign_out(newcomer, client):
    real_login(client, "bureau")
    r = client.post("/logout/")
    assert r.status_code == 302
    assert r["Location"] != "/password/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_after_changing_the_password_pages_open(newcomer, client):
    real_login(client, "bureau")
    r = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert r.status_code == 302
    assert r["Location"] != "/password/"
    for path in PAGES[:4]:  # the bureau administrator has no right to the audit log (三员分立)
        assert client.get(path).status_code == 200, path
    assert client.get("/system/audit/").status_code == 403


@pytest.mark.django_db
def test_changing_the_password_clears_the_flag_keeps_the_session_and_is_audited(newcomer, client):
    real_login(client, "bureau")
    client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is False
    assert newcomer.password_changed_at is not None
    assert newcomer.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still signed in after the change
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGE)
    assert event.actor == newcomer
    assert event.username == "bureau"


@pytest.mark.django_db
def test_a_refused_change_keeps_the_account_on_the_password_page(newcomer, client):
    real_login(client, "bureau")
    r = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "weak", "new_password2": "weak"}
    )
    assert r.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is True
    assert client.get("/")["Location"] == "/password/"
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE).exists()


@pytest.mark.django_db
def test_an_account_created_in_the_admin_has_no_usable_password_until_a_reset_gives_a_one_time_one(cast, client):
    real_login(client, "admin")
    r = client.post("/admin/core/user/add/", {"username": "newclerk", "full_name": "新职员", "password1": "Xinzhi#2026a", "password2": "Xinzhi#2026a"})
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(username="newclerk")
    assert user.must_change_password is True
    assert not user.has_usable_password()  # the password the administrator typed was not taken
    assert AuditEvent.objects.filter(action=AuditAction.USER_CHANGE, object_id=str(user.pk), actor=cast["admin"]).exists()
    assert Client().post("/login/", {"username": "newclerk", "password": "Xinzhi#2026a"}).status_code == 200

    r = client.post(f"/system/users/{user.pk}/password/")
    password = re.search(r'<strong>([^<]+)</strong>', r.content.decode().split('data-testid="one-time-password"')[1]).group(1)
    clerk = Client()
    r = clerk.post("/login/", {"username": "newclerk", "password": password}, follow=True)
    assert r.redirect_chain[-1] == ("/password/", 302)
    assert clerk.get("/")["Location"] == "/password/"


def test_the_one_time_password_meets_the_password_policy():
    from django.contrib.auth.password_validation import validate_password

    from fazhi.core.passwords import one_time_password

    passwords = {one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for p in passwords:
        validate_password(p, User(username="newclerk"))
