"""三员分立: the system administrator, the security administrator and the auditor see no business data;
only the auditor reads and exports the audit log; only the system administrator manages accounts and
assigns roles, with a preview of the combined access before saving, and never an administrator role
together with a business role."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import load_workbook

from fazhi.advisers.choices import AdviserKind
from fazhi.advisers.models import LegalAdviser
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Membership, Org, Role, User
from fazhi.core.separation import system_change
from fazhi.core.services import assign_roles

PASSWORD = "Demo#2026pass"
ADMINISTRATORS = ["admin", "secadmin", "auditor"]
SEPARATION_MESSAGE = "管理员角色不能与业务角色同时授予同一账户（三员分立）。"


def signed_in(username):
    """A client signed in through the real login page."""
    client = Client()
    r = client.post("/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, f"{username} could not sign in"
    return client


@pytest.fixture
def advisers(cast):
    """Legal advisers of the bureau, of station 1 and of a department: real business rows."""
    rows = []
    for code, name in [("demo-sfj", "郑海燕"), ("demo-s01", "孙建国"), ("demo-d01", "韩晓明")]:
        rows.append(
            LegalAdviser.objects.create(
                org=Org.objects.get(code=code),
                kind=AdviserKind.LEGAL_ADVISER,
                name=name,
                firm="浙江示范律师事务所",
                contract_start=date(2026, 1, 1),
                contract_end=date(2026, 12, 31),
            )
        )
    return rows


def body(response):
    # Consuming the stream closes the response the way the test client expects.
    return b"".join(response.streaming_content) if response.streaming else response.content


# ---- no business data for the three administrators ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", ADMINISTRATORS)
def test_administrators_get_403_on_the_legal_adviser_list_detail_and_export(advisers, username):
    client = signed_in(username)
    assert client.get("/advisers/").status_code == 403
    for adviser in advisers:
        assert client.get(f"/advisers/{adviser.pk}/").status_code in (403, 404)
    r = client.get("/advisers/export/")
    assert r.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ADMINISTRATORS)
def test_administrators_see_no_legal_adviser_through_the_scope(cast, advisers, username):
    user = cast[username]
    for action in ("view", "change", "delete"):
        assert not LegalAdviser.objects.visible_to(user, action).exists()


@pytest.mark.django_db
def test_the_business_cast_does_see_the_rows_so_the_administrators_empty_scope_is_not_vacuous(cast, advisers):
    assert LegalAdviser.objects.visible_to(cast["bureau"]).count() == 3
    assert [a.name for a in LegalAdviser.objects.visible_to(cast["station1"])] == ["孙建国"]
    assert signed_in("station1").get(f"/advisers/{advisers[1].pk}/").status_code == 200


@pytest.mark.django_db
def test_an_administrator_role_granted_a_business_permission_still_sees_no_business_data(cast, advisers):
    role = Role.objects.get(code="system_admin")
    # No person can do this (the three roles are fixed, test_separation.py); the system's own set-up stands in for
    # a database changed behind the platform's back, and the scope must still hold.
    with system_change():
        role.permissions.add(Permission.objects.get(content_type__app_label="advisers", codename="view_legaladviser"))
    admin = cast["admin"]
    admin.refresh_from_db()
    assert admin.has_perm("advisers.view_legaladviser")
    assert not LegalAdviser.objects.visible_to(admin).exists()
    client = signed_in("admin")
    r = client.get("/advisers/")
    assert r.status_code == 200
    assert "郑海燕" not in r.content.decode()
    assert client.get(f"/advisers/{advisers[0].pk}/").status_code == 404


# ---- the audit log: the auditor only -------------------------------------------------------------


@pytest.mark.django_db
def test_the_auditor_opens_the_audit_log(cast):
    client = signed_in("auditor")
    r = client.get("/system/audit/")
    assert r.status_code == 200
    assert "登录成功" in r.content.decode()


@pytest.mark.django_db
def test_the_auditor_exports_the_audit_log_and_the_export_is_audited(cast):
    client = signed_in("auditor")
    r = client.get("/system/audit/export/")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(body(r)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "账户", "地址", "当前单位", "事件")
    assert any(row[1] == "auditor" and row[4] == "登录" for row in rows[1:])
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == cast["auditor"]
    assert event.detail["model"] == "core.AuditEvent"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["station1", "bureau", "admin", "secadmin", "leader"])
def test_others_get_403_on_the_audit_log_and_its_export(cast, username):
    client = signed_in(username)
    assert client.get("/system/audit/").status_code == 403
    assert client.get("/system/audit/export/").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# ---- accounts and roles: the system administrator ----------------------------------------------


@pytest.mark.django_db
def test_the_system_administrator_opens_the_user_admin_and_the_role_assignment_page(cast):
    client = signed_in("admin")
    assert client.get("/admin/core/user/").status_code == 200
    assert client.get(f"/admin/core/user/{cast['dept1'].pk}/change/").status_code == 200
    r = client.get(f"/system/users/{cast['dept1'].pk}/roles/")
    assert r.status_code == 200
    assert "分配单位和角色" in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["secadmin", "auditor", "bureau", "station1"])
def test_no_one_else_can_assign_roles(cast, username):
    client = signed_in(username)
    target = cast["dept1"]
    r = client.get(f"/system/users/{target.pk}/roles/")
    assert r.status_code == 403
    leader = Role.objects.get(code="leader")
    dept = Org.objects.get(code="demo-d01")
    r = client.post(
        f"/system/users/{target.pk}/roles/",
        {"org": dept.pk, "roles": [leader.pk], "confirm": "1", "previewed": str(leader.pk)},
    )
    assert r.status_code == 403
    assert set(Membership.objects.get(user=target, org=dept).roles.values_list("code", flat=True)) == {
        "department_liaison"
    }


def role_changes(cast):
    """Role changes made by the system administrator (building the cast writes some of its own)."""
    return AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGE, actor=cast["admin"])


def roles_of(user, org):
    return set(Membership.objects.get(user=user, org=org).roles.values_list("code", flat=True))


def chosen(*roles):
    return ",".join(str(r.pk) for r in sorted(roles, key=lambda r: r.pk))


@pytest.mark.django_db
def test_assigning_roles_previews_the_union_first_and_saves_only_the_confirmed_selection(cast):
    client = signed_in("admin")
    target, dept = cast["dept1"], Org.objects.get(code="demo-d01")
    liaison, leader, station = (
        Role.objects.get(code=c) for c in ("department_liaison", "leader", "station_staff")
    )
    url = f"/system/users/{target.pk}/roles/"

    # First POST: a preview of the union of scopes and permissions; nothing saved.
    r = client.post(url, {"org": dept.pk, "roles": [liaison.pk, leader.pk], "title": "法制科"})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-testid="role-preview"' in page
    assert "本单位" in page and "自定：示范县人民政府（含下级）" in page  # both scopes, as a union
    assert "功能权限" in page and "法律顾问" in page
    assert f'name="previewed" value="{chosen(liaison, leader)}"' in page
    assert roles_of(target, dept) == {"department_liaison"}
    assert not role_changes(cast).exists()

    # A confirming POST with a changed selection is previewed again, not saved.
    r = client.post(
        url,
        {
            "org": dept.pk,
            "roles": [liaison.pk, station.pk],
            "title": "法制科",
            "confirm": "1",
            "previewed": chosen(liaison, leader),
        },
    )
    assert r.status_code == 200
    assert 'data-testid="role-preview"' in r.content.decode()
    assert f'name="previewed" value="{chosen(liaison, station)}"' in r.content.decode()
    assert roles_of(target, dept) == {"department_liaison"}
    assert not role_changes(cast).exists()

    # The confirming POST with the previewed selection saves and is audited.
    r = client.post(
        url,
        {
            "org": dept.pk,
            "roles": [liaison.pk, leader.pk],
            "title": "法制科",
            "confirm": "1",
            "previewed": chosen(liaison, leader),
        },
    )
    assert r.status_code == 302
    assert r["Location"] == f"/admin/core/user/{target.pk}/change/"
    assert roles_of(target, dept) == {"department_liaison", "leader"}
    event = role_changes(cast).get()
    assert event.detail["user"] == "dept1"
    assert event.detail["before"] == ["部门联络员"]
    assert sorted(event.detail["after"]) == sorted(["部门联络员", "领导（只读）"])


@pytest.mark.django_db
def test_assigning_roles_in_a_new_org_creates_the_membership_after_confirmation(cast):
    client = signed_in("admin")
    target, station_org = cast["dept1"], Org.objects.get(code="demo-s03")
    station = Role.objects.get(code="station_staff")
    url = f"/system/users/{target.pk}/roles/"
    client.post(url, {"org": station_org.pk, "roles": [station.pk]})
    assert not Membership.objects.filter(user=target, org=station_org).exists()
    r = client.post(
        url, {"org": station_org.pk, "roles": [station.pk], "confirm": "1", "previewed": chosen(station)}
    )
    assert r.status_code == 302
    assert roles_of(target, station_org) == {"station_staff"}
    assert role_changes(cast).get().detail["new_membership"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "codes"),
    [("admin", ("system_admin", "station_staff")), ("admin", ("auditor", "leader")), ("secadmin", ("security_admin", "auditor")),
     ("secadmin", ("auditor", "leader"))],
)
def test_neither_administrator_page_offers_an_administrator_role_with_another_role(cast, actor, codes):
    client = signed_in(actor)
    target = cast["dept1"] if actor == "admin" else User.objects.create(username="newbie", full_name="新人")
    dept = Org.objects.get(code="demo-d01")
    roles = [Role.objects.get(code=c) for c in codes]
    url = f"/system/users/{target.pk}/roles/"
    for data in (
        {"org": dept.pk, "roles": [r.pk for r in roles]},
        {"org": dept.pk, "roles": [r.pk for r in roles], "confirm": "1", "previewed": chosen(*roles)},
    ):
        r = client.post(url, data)
        assert r.status_code == 200
        page = r.content.decode()
        assert "不在可用的选项中" in page or "三员分立" in page
        assert 'data-testid="role-preview"' not in page
    assert not Membership.objects.filter(user=target, org=dept, roles__in=roles).exists() or target.username == "dept1"
    if target.username == "dept1":
        assert roles_of(target, dept) == {"department_liaison"}
    assert not role_changes(cast).exists()


@pytest.mark.django_db
def test_the_role_service_refuses_an_administrator_role_with_a_business_role(cast):
    roles = [Role.objects.get(code="system_admin"), Role.objects.get(code="station_staff")]
    dept = Org.objects.get(code="demo-d01")
    with pytest.raises(ValueError, match="三员分立"):
        assign_roles(None, cast["dept1"], dept, roles)
    assert roles_of(cast["dept1"], dept) == {"department_liaison"}
