"""Scope with more than one side (``Model.sides``, :mod:`fazhi.core.models.registry`): a record is visible to the
units that are parties to it, each through its own data scope over the field that names it, under its
condition, doing only what its side allows; child rows come with their parent (``scope_parent``). The
reconsideration respondent's desk is proved in fazhi/reconsideration/tests/test_respondent.py."""

from datetime import date

import pytest

from fazhi.core.models import Membership, Org, Role, User
from fazhi.decisions.models import MajorDecision, Procedure
from fazhi.decisions.tests.factories import DecisionFactory, held
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.tests.factories import LawsuitFactory
from fazhi.reconsideration.tests.factories import case_at


def member(username, org_code, role_code="department_liaison"):
    """A user of ``org_code`` holding one standard role there."""
    unit = Org.objects.get(code=org_code)
    user = User.objects.create(username=username, full_name=username, must_change_password=False, active_org=unit)
    Membership.objects.create(user=user, org=unit).roles.set([Role.objects.get(code=role_code)])
    return user


@pytest.fixture
def township_case(county):
    """A lawsuit against the first township, defended by its justice station, and one against the second."""
    station1, station2 = Org.objects.get(code="demo-s01"), Org.objects.get(code="demo-s02")
    ours = LawsuitFactory(org=station1, defendant_org=station1.serves, complaint_received_on=date(2025, 4, 1))
    theirs = LawsuitFactory(org=station2, defendant_org=station2.serves, complaint_received_on=date(2025, 4, 1))
    return ours, theirs


def test_the_defendant_township_sees_the_case_its_station_defends(county, township_case, login):
    ours, theirs = township_case
    township = member("township1", ours.defendant_org.code)
    assert list(Lawsuit.objects.visible_to(township)) == [ours]
    assert list(Lawsuit.objects.owned_by(township)) == []
    assert list(Lawsuit.objects.visible_to(township, "change")) == []  # a side does not edit
    assert list(Lawsuit.objects.visible_to(township, "change", transition="file_defence")) == [ours]
    assert list(Lawsuit.objects.visible_to(township, "change", transition="judge")) == []
    client = login(township)
    assert client.get(f"/litigation/{ours.pk}/").status_code == 200
    assert [a["name"] for a in client.get(f"/litigation/{ours.pk}/").context["actions"]] == ["file_defence"]
    assert client.get(f"/litigation/{theirs.pk}/").status_code == 404
    assert client.get(f"/litigation/{ours.pk}/edit/").status_code == 404
    assert client.get(f"/litigation/{ours.pk}/do/judge/").status_code == 403
    assert client.post(f"/litigation/{ours.pk}/do/file_defence/", {"on": "2025-04-10"}).status_code == 302
    ours.refresh_from_db()
    assert ours.defence_filed_on == date(2025, 4, 10)


def test_the_co_defendant_side_holds_only_under_its_condition(county):
    """The reconsideration office is a side of the lawsuits in which the government is co-defendant for a
    decision it upheld (行政诉讼法第二十六条第二款), and of no other lawsuit about its cases."""
    bureau = Org.objects.get(code="demo-sfj")
    upheld = case_at("decided", bureau, received_on=date(2025, 1, 6), closed_on=date(2025, 2, 20))
    department = Org.objects.get(code="demo-d01")
    co_defended = LawsuitFactory(org=department, defendant_org=department, reconsideration_case=upheld, co_defendant_government=True,
                                 complaint_received_on=date(2025, 3, 3))
    alone = LawsuitFactory(org=department, defendant_org=department, reconsideration_case=upheld, complaint_received_on=date(2025, 3, 4))
    office_clerk = member("office1", "demo-sfj", "station_staff")  # 本单位 scope at the bureau
    assert list(Lawsuit.objects.visible_to(office_clerk)) == [co_defended]
    assert alone not in Lawsuit.objects.visible_to(office_clerk)


def test_child_rows_come_with_their_parent_and_its_sides(county):
    handling = Org.objects.get(code="demo-d02")
    decision = DecisionFactory(org=handling, executing_org=Org.objects.get(code="demo-d03"))
    procedure = held(decision, "hearing", date(2024, 4, 1))
    executor, stranger = member("exec1", "demo-d03"), member("other1", "demo-d04")
    assert list(MajorDecision.objects.visible_to(executor)) == [decision]
    assert list(Procedure.objects.visible_to(executor)) == [procedure]
    assert list(MajorDecision.objects.visible_to(stranger)) == []
    assert list(Procedure.objects.visible_to(stranger)) == []
    assert list(Procedure.objects.visible_to(executor, "change")) == []


def test_a_self_only_role_sees_no_record_as_a_side(county, township_case):
    ours, _ = township_case
    role = Role.objects.create(code="self_only", name="仅本人", kind="business", data_scope="self")
    role.permissions.set(Role.objects.get(code="department_liaison").permissions.all())
    township = member("self1", ours.defendant_org.code, "self_only")
    assert list(Lawsuit.objects.visible_to(township)) == []


def test_the_admin_roles_see_no_record_through_a_side(county, township_case, cast):
    for name in ("admin", "secadmin", "auditor"):
        assert list(Lawsuit.objects.visible_to(cast[name])) == []


def test_the_declared_sides_pass_the_system_check():
    from fazhi.core.checks import sides

    assert sides() == []


def test_a_side_naming_no_unit_or_no_transition_is_an_error(monkeypatch):
    from fazhi.core.checks import sides
    from fazhi.core.models import Side

    monkeypatch.setattr(Lawsuit, "sides", (Side("court", "法院"), Side("defendant_org", "被告", transitions=("answer",))))
    monkeypatch.setattr(Procedure, "scope_parent", "kind")
    messages = [(e.id, e.msg) for e in sides()]
    assert ("fazhi.E009", "litigation.Lawsuit 的当事方“法院”的字段 court 不是指向机构的外键。") in messages
    assert ("fazhi.E009", "litigation.Lawsuit 的当事方“被告”可办理的流转 answer 不存在。") in messages
    assert ("fazhi.E009", "decisions.Procedure 的 scope_parent（kind）不是指向台账记录的外键。") in messages
