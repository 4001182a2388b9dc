"""Every create, edit and delete through the generic registry views writes an audit event naming the record
(type, id, repr), in the transaction that changes it; an edit names the fields changed, never their values
(a phone number is personal information). Proven on the template registry, so every registry has it."""

import json

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.advisers.tests.test_views import form_data, org
from fazhi.core.audit import verify_chain
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent


def only_event(action):
    [event] = AuditEvent.objects.filter(action=action)
    return event


def current_values(client, obj):
    """The edit form as the page offers it (what a user who changes nothing posts back)."""
    form = client.get(f"/advisers/{obj.pk}/edit/").context["form"]
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_creating_a_record_writes_an_audit_event_naming_it(cast, login):
    r = login(cast["station1"]).post("/advisers/new/", form_data(org("demo-s01").pk, name="钱学法"))
    assert r.status_code == 302
    obj = LegalAdviser.objects.get()
    event = only_event(AuditAction.CREATE)
    assert (event.actor, event.org.code) == (cast["station1"], "demo-s01")
    assert (event.object_type, event.object_id, event.object_repr) == ("advisers.LegalAdviser", str(obj.pk), str(obj))
    assert event.message == f"新增法律顾问“{obj}”"
    assert verify_chain().ok


def test_a_refused_create_writes_no_event(cast, login):
    r = login(cast["station1"]).post("/advisers/new/", form_data(org("demo-s01").pk, contract_end="2023-01-01"))
    assert r.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_editing_a_record_writes_an_audit_event_with_the_changed_field_names_but_not_their_values(cast, login):
    obj = LegalAdviserFactory(org=org("demo-s01"), name="钱学法", firm="浙江正衡律师事务所", phone="13900000001")
    client = login(cast["bureau"])
    data = {**current_values(client, obj), "firm": "浙江天册律师事务所", "phone": "13900000002"}
    r = client.post(f"/advisers/{obj.pk}/edit/", data)
    assert r.status_code == 302
    event = only_event(AuditAction.UPDATE)
    assert event.actor == cast["bureau"]
    assert (event.object_type, event.object_id) == ("advisers.LegalAdviser", str(obj.pk))
    assert event.detail == {"fields": ["firm", "phone"]}
    assert event.message == "修改法律顾问“钱学法（浙江天册律师事务所）”：执业机构、联系电话"
    written = json.dumps([event.message, event.object_repr, event.detail], ensure_ascii=False)
    assert "13900000001" not in written and "13900000002" not in written


def test_saving_a_record_unchanged_is_still_audited(cast, login):
    obj = LegalAdviserFactory(org=org("demo-s01"))
    client = login(cast["bureau"])
    assert client.post(f"/advisers/{obj.pk}/edit/", current_values(client, obj)).status_code == 302
    event = only_event(AuditAction.UPDATE)
    assert event.detail == {"fields": []} and event.message.endswith("：无字段变化")


def test_an_invalid_edit_writes_no_event(cast, login):
    obj = LegalAdviserFactory(org=org("demo-s01"))
    r = login(cast["station1"]).post(f"/advisers/{obj.pk}/edit/", form_data(org("demo-s01").pk, contract_end="2023-01-01"))
    assert r.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_deleting_a_record_writes_an_audit_event_naming_it(cast, login):
    obj = LegalAdviserFactory(org=org("demo-s02"), name="待删除")
    pk, label = obj.pk, str(obj)
    assert login(cast["bureau"]).post(f"/advisers/{pk}/delete/").status_code == 302
    assert not LegalAdviser.objects.filter(pk=pk).exists()
    event = only_event(AuditAction.DELETE)
    assert (event.object_type, event.object_id, event.object_repr) == ("advisers.LegalAdviser", str(pk), label)
    assert event.detail == {"pk": pk, "model": "advisers.LegalAdviser"}
    assert event.message == f"删除法律顾问“{label}”"
    assert verify_chain().ok


def test_a_refused_delete_writes_no_event(cast, login):
    obj = LegalAdviserFactory(org=org("demo-s02"))
    assert login(cast["station1"]).post(f"/advisers/{obj.pk}/delete/").status_code == 403  # no delete right
    assert login(cast["bureau"]).post(f"/advisers/{obj.pk + 1}/delete/").status_code == 404  # no such record
    assert LegalAdviser.objects.filter(pk=obj.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()
