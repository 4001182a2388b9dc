"""三员分立 by every route: the attacks of the security review re-run as tests.

The system administrator tried to give himself a business role in another unit through the role page, and to
edit his own role in the admin (kind → business, scope 全部, 可查看个人信息), then to export every case. And he
set another user's password in the admin to sign in as that user. None of it may work, by any route."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from fazhi.core.choices import AuditAction, DataScope, RoleKind
from fazhi.core.models import AuditEvent, Membership, Org, Role, User
from fazhi.core.separation import SeparationError
from fazhi.core.services import assign_roles, reset_password

PASSWORD = "Demo#2026pass"
NEW_PASSWORD = "Qingshi#River9"
ADMINISTRATORS = ["admin", "secadmin", "auditor"]
# Business pages an administrator must never reach, whatever roles he managed to change.
BUSINESS_PAGES = ["/advisers/", "/advisers/export/", "/reconsideration/", "/reconsideration/export/", "/indicators/dashboard/"]


def signed_in(username, password=PASSWORD):
    client = Client()
    r = client.post("/login/", {"username": username, "password": password})
    assert r.status_code == 302, f"{username} could not sign in"
    return client


def chosen(*roles):
    return ",".join(str(r.pk) for r in sorted(roles, key=lambda r: r.pk))


def post_roles(client, target, org, roles):
    """Preview, then confirm, as the page does."""
    url = f"/system/users/{target.pk}/roles/"
    data = {"org": org.pk, "roles": [r.pk for r in roles]}
    first = client.post(url, data)
    if first.status_code != 200:
        return first
    return client.post(url, {**data, "confirm": "1", "previewed": chosen(*roles)})


def roles_everywhere(user):
    return sorted(Membership.objects.filter(user=user).values_list("org__code", "roles__code").exclude(roles=None))


def role(code):
    return Role.objects.get(code=code)


def assert_no_business_data(username):
    client = signed_in(username)
    for url in BUSINESS_PAGES:
        assert client.get(url).status_code == 403, url


# ---- item 1: roles ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_system_administrator_cannot_give_himself_the_bureau_administrator_role_in_another_unit(cast):
    admin = cast["admin"]
    before = roles_everywhere(admin)
    client = signed_in("admin")
    for org_code in ("demo-d01", "demo-sfj", "demo"):
        for code in ("bureau_admin", "auditor"):
            r = post_roles(client, admin, Org.objects.get(code=org_code), [role(code)])
            assert r.status_code == 403
    assert roles_everywhere(admin) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGE, actor=admin).exists()
    assert_no_business_data("admin")


@pytest.mark.django_db
def test_the_system_administrator_cannot_edit_his_own_role_in_the_admin(cast):
    client = signed_in("admin")
    own = role("system_admin")
    r = client.post(
        f"/admin/core/role/{own.pk}/change/",
        {"code": own.code, "name": own.name, "kind": RoleKind.BUSINESS, "description": "", "data_scope": DataScope.ALL,
         "can_view_pii": "on", "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    assert r.status_code == 403
    own.refresh_from_db()
    assert (own.kind, own.data_scope, own.can_view_pii) == (RoleKind.SYSTEM_ADMIN, DataScope.UNIT, False)
    assert not own.permissions.filter(content_type__app_label="reconsideration").exists()
    assert_no_business_data("admin")


@pytest.mark.django_db
def test_the_three_administrator_roles_cannot_be_changed_by_anyone_by_the_model_either(cast):
    for code in ("system_admin", "security_admin", "auditor"):
        r = role(code)
        r.kind = RoleKind.BUSINESS
        with pytest.raises(SeparationError, match="由系统固定"), transaction.atomic():
            r.save()
        r = role(code)
        r.data_scope = DataScope.ALL
        with pytest.raises(SeparationError), transaction.atomic():
            r.save()
        with pytest.raises(SeparationError), transaction.atomic():
            r.permissions.add(Permission.objects.get(codename="view_reconsiderationcase"))
        with pytest.raises(SeparationError), transaction.atomic():
            r.permissions.clear()
        r.refresh_from_db()
        assert r.kind == code and r.data_scope == DataScope.UNIT


@pytest.mark.django_db
def test_a_standard_roles_kind_cannot_be_changed_on_the_role_page(cast, client):
    client = signed_in("admin")
    leader = role("leader")
    r = client.post(
        f"/admin/core/role/{leader.pk}/change/",
        {"code": "leader", "name": leader.name, "kind": RoleKind.AUDITOR, "description": "", "data_scope": leader.data_scope,
         "custom_orgs": list(leader.custom_orgs.values_list("pk", flat=True)),
         "permissions": list(leader.permissions.values_list("pk", flat=True))},
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "标准角色的类别不能修改。" in page
    leader.refresh_from_db()
    assert leader.kind == RoleKind.BUSINESS


@pytest.mark.django_db
def test_a_new_role_can_only_be_a_business_role(cast):
    client = signed_in("admin")
    r = client.post("/admin/core/role/add/", {"code": "shadow", "name": "影子管理员", "kind": RoleKind.AUDITOR, "data_scope": DataScope.UNIT})
    assert r.status_code == 200
    assert not Role.objects.filter(code="shadow").exists()
    with pytest.raises(SeparationError, match="自建角色只能是业务角色"), transaction.atomic():
        Role.objects.create(code="shadow", name="影子管理员", kind=RoleKind.SECURITY_ADMIN)


@pytest.mark.django_db
def test_nobody_changes_the_powers_of_a_role_he_holds(cast):
    from fazhi.core.separation import OWN_ROLE, role_edit_conflicts

    bureau_admin = role("bureau_admin")
    assert OWN_ROLE in role_edit_conflicts(cast["bureau"], bureau_admin, new_kind=RoleKind.BUSINESS, changed=["data_scope"])
    assert role_edit_conflicts(cast["admin"], bureau_admin, new_kind=RoleKind.BUSINESS, changed=["data_scope"]) == []


@pytest.mark.django_db
def test_the_system_administrator_cannot_change_an_administrator_accounts_roles(cast):
    client = signed_in("admin")
    for username in ("secadmin", "auditor"):
        target = cast[username]
        assert client.get(f"/system/users/{target.pk}/roles/").status_code == 403
        r = post_roles(client, target, Org.objects.get(code="demo-sfj"), [role("bureau_admin")])
        assert r.status_code == 403
    # The auditor's account itself is the security administrator's too (the security administrator's own account is
    # the system administrator's: somebody must be able to reset it).
    auditor = cast["auditor"]
    assert client.post(f"/admin/core/user/{auditor.pk}/change/", {"username": "x", "is_active": ""}).status_code == 403
    auditor.refresh_from_db()
    assert auditor.username == "auditor" and auditor.is_active


@pytest.mark.django_db
def test_the_system_administrator_is_not_offered_administrator_roles(cast):
    client = signed_in("admin")
    page = client.get(f"/system/users/{cast['dept1'].pk}/roles/").content.decode()
    assert "司法局管理员" in page
    for name in ("安全管理员", "安全审计员"):
        assert f"> {name}</label>" not in page and f">{name}</label>" not in page


@pytest.mark.django_db
def test_the_security_administrator_grants_an_administrator_role_to_a_fresh_account_and_it_is_audited(cast):
    fresh = User.objects.create(username="newaudit", full_name="新审计员")
    bureau = Org.objects.get(code="demo-sfj")
    client = signed_in("secadmin")
    r = post_roles(client, fresh, bureau, [role("auditor")])
    assert r.status_code == 302
    assert roles_everywhere(fresh) == [("demo-sfj", "auditor")]
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGE, actor=cast["secadmin"])
    assert event.detail["user"] == "newaudit" and event.detail["after"] == ["安全审计员"]


@pytest.mark.django_db
def test_the_security_administrator_gives_no_business_role_and_nothing_to_himself(cast):
    client = signed_in("secadmin")
    bureau = Org.objects.get(code="demo-sfj")
    fresh = User.objects.create(username="fresh", full_name="新人")
    r = post_roles(client, fresh, bureau, [role("bureau_admin")])
    assert r.status_code == 200 and "不在可用的选项中" in r.content.decode()
    assert client.get(f"/system/users/{cast['dept1'].pk}/roles/").status_code == 403
    me = cast["secadmin"]
    for code in ("auditor", "system_admin", "security_admin"):
        assert post_roles(client, me, Org.objects.get(code="demo-d01"), [role(code)]).status_code == 403
    assert roles_everywhere(fresh) == [] and roles_everywhere(me) == [("demo-sfj", "security_admin")]
    assert_no_business_data("secadmin")


@pytest.mark.django_db
def test_an_administrator_holds_no_other_role_in_any_unit_by_any_route(cast):
    auditor, dept = cast["auditor"], Org.objects.get(code="demo-d01")
    with pytest.raises(SeparationError, match="三员分立"):
        assign_roles(None, auditor, dept, [role("leader")])  # the console
    with pytest.raises(SeparationError, match="三员分立"):
        assign_roles(None, auditor, dept, [role("auditor")])  # the same role in a second unit
    membership = Membership.objects.create(user=auditor, org=dept)
    with pytest.raises(SeparationError, match="三员分立"), transaction.atomic():
        membership.roles.add(role("station_staff"))  # the model itself
    with pytest.raises(SeparationError, match="三员分立"), transaction.atomic():
        role("leader").membership_set.add(membership)  # from the role's side
    # and a business account does not get an administrator role on top of its business role
    with pytest.raises(SeparationError, match="三员分立"):
        assign_roles(None, cast["dept1"], Org.objects.get(code="demo-sfj"), [role("auditor")])
    assert roles_everywhere(auditor) == [("demo-sfj", "auditor")]
    assert roles_everywhere(cast["dept1"]) == [("demo-d01", "department_liaison")]


@pytest.mark.django_db
def test_after_every_role_change_the_administrators_can_make_they_still_reach_no_business_data(cast):
    """Each administrator makes every change his pages allow him; none of it opens business data to any of them."""
    bureau = Org.objects.get(code="demo-sfj")
    fresh = User.objects.create(username="fresh", full_name="新人")
    sec = signed_in("secadmin")
    assert post_roles(sec, fresh, bureau, [role("auditor")]).status_code == 302
    sys_admin = signed_in("admin")
    for code in [r.code for r in Role.objects.filter(kind=RoleKind.BUSINESS)]:
        post_roles(sys_admin, cast["dept1"], Org.objects.get(code="demo-d01"), [role(code)])
        for username in ADMINISTRATORS:
            post_roles(sys_admin, cast[username], bureau, [role(code)])
    for username in ADMINISTRATORS:
        assert_no_business_data(username)
        assert [k for _, k in roles_everywhere(cast[username])] == [{"admin": "system_admin", "secadmin": "security_admin"}.get(username, "auditor")]


# ---- item 2: passwords ---------------------------------------------------------------------------------------


def one_time_password_of(response):
    page = response.content.decode()
    assert 'data-testid="one-time-password"' in page
    return re.search(r"<strong>([^<]+)</strong>", page.split('data-testid="one-time-password"')[1]).group(1)


@pytest.mark.django_db
def test_the_admins_set_password_page_no_longer_sets_a_password(cast):
    client = signed_in("admin")
    target = cast["dept1"]
    before = User.objects.get(pk=target.pk).password
    r = client.post(f"/admin/core/user/{target.pk}/password/", {"password1": "Chosen#2026pw", "password2": "Chosen#2026pw"})
    assert r.status_code == 302 and r["Location"] == f"/system/users/{target.pk}/password/"
    assert User.objects.get(pk=target.pk).password == before
    assert client.get(f"/system/users/{target.pk}/password/").status_code == 200
    assert User.objects.get(pk=target.pk).password == before  # a GET resets nothing


@pytest.mark.django_db
def test_a_reset_gives_a_one_time_password_ends_the_users_sessions_and_is_audited(cast):
    victim = signed_in("dept1")
    assert victim.get("/advisers/").status_code == 200
    client = signed_in("admin")
    r = client.post(f"/system/users/{cast['dept1'].pk}/password/")
    assert r.status_code == 200
    assert r["Cache-Control"] == "no-store"
    password = one_time_password_of(r)
    user = User.objects.get(username="dept1")
    assert user.must_change_password and user.one_time_password_until > timezone.now()
    assert password not in user.password
    # the user's open session is gone
    assert victim.get("/advisers/").status_code == 302
    assert not any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert event.actor == cast["admin"] and event.detail["user"] == "dept1" and event.detail["sessions_ended"] == 1
    assert password not in str(event.detail) + event.message


@pytest.mark.django_db
def test_the_one_time_password_only_opens_the_forced_password_change(cast):
    password = reset_password(None, cast["dept1"])
    client = signed_in("dept1", password)
    for url in ("/", "/advisers/", "/advisers/export/", "/reconsideration/", "/indicators/", "/admin/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"] == "/password/", url
    r = client.post("/password/", {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302
    user = User.objects.get(username="dept1")
    assert not user.must_change_password and user.one_time_password_until is None
    assert client.get("/advisers/").status_code == 200


@pytest.mark.django_db
def test_an_expired_one_time_password_is_refused_at_sign_in(cast):
    password = reset_password(None, cast["dept1"])
    User.objects.filter(username="dept1").update(one_time_password_until=timezone.now() - timedelta(minutes=1))
    r = Client().post("/login/", {"username": "dept1", "password": password})
    assert r.status_code == 200
    assert "一次性密码已过期" in r.content.decode()


@pytest.mark.django_db
def test_nobody_resets_his_own_password_and_administrator_accounts_follow_the_two_person_rule(cast):
    admin, sec = signed_in("admin"), signed_in("secadmin")
    assert admin.post(f"/system/users/{cast['admin'].pk}/password/").status_code == 403
    assert sec.post(f"/system/users/{cast['secadmin'].pk}/password/").status_code == 403
    assert admin.post(f"/system/users/{cast['auditor'].pk}/password/").status_code == 403  # the security administrator's
    assert sec.post(f"/system/users/{cast['dept1'].pk}/password/").status_code == 403  # the system administrator's
    for username in ("bureau", "station1", "auditor", "leader"):
        assert signed_in(username).post(f"/system/users/{cast['dept1'].pk}/password/").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()
    assert sec.post(f"/system/users/{cast['auditor'].pk}/password/").status_code == 200
    assert admin.post(f"/system/users/{cast['secadmin'].pk}/password/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).count() == 2


@pytest.mark.django_db
def test_the_admin_cannot_untick_must_change_password_after_a_reset(cast):
    reset_password(None, cast["dept1"])
    client = signed_in("admin")
    target = User.objects.get(username="dept1")
    r = client.post(f"/admin/core/user/{target.pk}/change/", {"username": "dept1", "full_name": "赵强", "is_active": "on", "must_change_password": ""})
    assert r.status_code in (200, 302)
    target.refresh_from_db()
    assert target.must_change_password


@pytest.mark.django_db
def test_the_changepassword_command_gives_a_one_time_password_and_is_audited(cast):
    out = io.StringIO()
    call_command("changepassword", "dept1", stdout=out)
    password = re.search(r"一次性密码（只显示这一次）：(\S+)", out.getvalue()).group(1)
    user = User.objects.get(username="dept1")
    assert user.check_password(password) and user.must_change_password
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert event.username == "（服务器控制台）" and event.actor is None


@pytest.mark.django_db
def test_there_is_no_superuser_to_create(cast):
    with pytest.raises(CommandError, match="不设超级用户"):
        call_command("createsuperuser", "--noinput", "--username", "root")
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_initadmins_creates_the_three_accounts_once(db):
    from fazhi.demo import county as demo

    demo.build_orgs()
    out = io.StringIO()
    call_command("initadmins", "--org", "demo-sfj", stdout=out)
    assert sorted(roles_everywhere(User.objects.get(username="sysadmin"))) == [("demo-sfj", "system_admin")]
    assert roles_everywhere(User.objects.get(username="secadmin")) == [("demo-sfj", "security_admin")]
    assert len(re.findall(r"一次性密码：\S+", out.getvalue())) == 3
    with pytest.raises(CommandError, match="已有管理员账户"):
        call_command("initadmins", "--org", "demo-sfj", stdout=io.StringIO())


# ---- item 8: the password page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_old_passwords_on_the_password_page_count_toward_the_lockout_and_are_audited(cast, settings):
    client = signed_in("dept1")
    for _ in range(settings.FAZHI_LOCKOUT_FAILURES):
        r = client.post("/password/", {"old_password": "Wrong#2026pass", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="dept1", message="修改密码时原密码错误").count() == settings.FAZHI_LOCKOUT_FAILURES
    assert AuditEvent.objects.filter(action=AuditAction.LOCKOUT, username="dept1").exists()
    assert r.status_code == 302 and r["Location"] == "/login/"  # the session ends with the lock
    assert Client().post("/login/", {"username": "dept1", "password": PASSWORD}).status_code == 200  # locked
    assert User.objects.get(username="dept1").check_password(PASSWORD)
