"""Personal data at rest (个人信息保护法 Art. 51, 等保2.0 8.1.4.8): ID numbers, phone numbers and addresses are
stored SM4-encrypted in the live and the history tables, found by a keyed SM3 blind index, re-encrypted by
``fazhi keys rotate``, and kept encrypted in the audit log and the error workbooks; the keys never reach the
database."""

import base64
import io
import json
import os
import re
import stat

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import load_workbook

from fazhi.core import crypto
from fazhi.core.audit import record
from fazhi.core.checks import data_keys
from fazhi.core.choices import AuditAction
from fazhi.core.excel import error_workbook_path
from fazhi.core.models import AuditEvent, Org, User
from fazhi.reconsideration.models import Party, ReconsiderationCase
from fazhi.reconsideration.tests.factories import (
    GOOD_ID,
    ApplicantFactory,
    CaseFactory,
    id_number,
    ledger_row,
    ledger_workbook,
    upload,
)

PHONE = "13905791234"
ADDRESS = "示范县城关镇解放路12号"


@pytest.fixture
def keys(settings, tmp_path, monkeypatch):
    """A key file of the test's own (the suite's is left alone)."""
    monkeypatch.delenv("FAZHI_DATA_KEY", raising=False)
    settings.FAZHI_DATA_KEY_FILE = tmp_path / "data_keys.json"
    crypto.reload()
    yield settings.FAZHI_DATA_KEY_FILE
    crypto.reload()


def raw(table, column, where="1=1", params=()):
    with connection.cursor() as c:
        c.execute(f"SELECT {column} FROM {table} WHERE {where}", params)  # noqa: S608 — test's own names
        return [r[0] for r in c.fetchall()]


def applicant(cast, **kwargs):
    case = CaseFactory(org=Org.objects.get(code="demo-sfj"))
    return ApplicantFactory(case=case, address=ADDRESS, **kwargs)


@pytest.mark.django_db
def test_an_id_number_phone_and_address_are_ciphertext_in_the_table_and_its_history_and_plain_to_the_model(cast, keys):
    party = applicant(cast)
    party.phone = "13905790000"
    party.save()  # a second history row
    for table in ("reconsideration_party", "reconsideration_historicalparty"):
        for column in ("id_number", "phone", "address"):
            for value in raw(table, column):
                assert value.startswith(f"sm4${crypto.ring().current.id}$"), (table, column, value)
                assert GOOD_ID not in value and "1390579" not in value and "解放路" not in value
    fresh = Party.objects.get(pk=party.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (GOOD_ID, "13905790000", ADDRESS)
    assert [h.phone for h in fresh.history.order_by("history_id")] == [PHONE, "13905790000"]


@pytest.mark.django_db
def test_the_same_value_encrypts_differently_each_time_but_has_one_blind_index(cast, keys):
    a, b = applicant(cast), applicant(cast)
    stored = raw("reconsideration_party", "id_number")
    assert len(set(stored)) == 2  # a fresh nonce per value
    indexes = raw("reconsideration_party", "id_number_index")
    assert indexes[0] == indexes[1] == crypto.blind_index(GOOD_ID) and len(indexes[0]) == 64
    assert crypto.blind_index(GOOD_ID.lower()) == crypto.blind_index(f" {GOOD_ID} ")  # x/X and spaces
    assert set(Party.objects.filter(id_number_index__in=crypto.blind_indexes(GOOD_ID))) == {a, b}


@pytest.mark.django_db
def test_an_equality_or_substring_lookup_on_an_encrypted_field_is_refused_rather_than_silently_empty(cast, keys):
    applicant(cast)
    with pytest.raises(FieldError, match="加密存储"):
        list(Party.objects.filter(id_number=GOOD_ID))
    with pytest.raises(FieldError):
        list(Party.objects.filter(phone__icontains="1390"))
    assert Party.objects.filter(address="").count() == 0  # "is it empty" still works


@pytest.mark.django_db
def test_a_whole_id_number_typed_in_the_list_search_finds_its_case_and_a_part_of_one_does_not(cast, keys, login):
    party = applicant(cast)
    other = CaseFactory(org=Org.objects.get(code="demo-sfj"))
    ApplicantFactory(case=other, id_number=id_number("33072619900101001"))
    client = login(cast["bureau"])
    page = client.get("/reconsideration/", {"q": GOOD_ID.lower()})
    assert page.status_code == 200
    assert list(page.context["page"].object_list) == [party.case]
    part = client.get("/reconsideration/", {"q": GOOD_ID[:10]})
    assert part.status_code == 200 and list(part.context["page"].object_list) == []
    assert other in ReconsiderationCase.objects.all()


@pytest.mark.django_db
def test_a_changed_byte_in_a_stored_value_is_refused_not_decrypted_into_another_value(cast, keys):
    party = applicant(cast)
    stored = raw("reconsideration_party", "phone", "id = %s", [party.pk])[0]
    prefix, body = stored.rsplit("$", 1)
    flipped = bytearray(base64.b64decode(body))
    flipped[14] ^= 1
    forged = prefix + "$" + base64.b64encode(bytes(flipped)).decode()
    with pytest.raises(crypto.DecryptionError, match="已被改动"):
        crypto.decrypt(forged)
    with pytest.raises(crypto.DecryptionError, match="不在密钥环中"):
        crypto.decrypt(stored.replace(crypto.ring().current.id, "k-unknown"))


@pytest.mark.django_db
def test_the_key_file_is_made_on_first_use_readable_by_its_owner_only_and_no_key_reaches_the_database(cast, keys):
    assert not keys.exists()
    party = applicant(cast)
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o600
    secret = json.loads(keys.read_text())["keys"][crypto.ring().current.id]
    with connection.cursor() as c:
        for table in connection.introspection.table_names(c):
            c.execute(f"SELECT * FROM {table}")  # noqa: S608
            assert secret not in repr(c.fetchall()), table
    assert Party.objects.get(pk=party.pk).id_number == GOOD_ID


@pytest.mark.django_db
def test_a_key_in_fazhi_data_key_is_used_instead_of_the_file_and_a_malformed_one_is_a_chinese_system_check_error(cast, keys, monkeypatch):
    monkeypatch.setenv("FAZHI_DATA_KEY", "prod1:" + "ab" * 32)
    crypto.reload()
    party = applicant(cast)
    assert raw("reconsideration_party", "id_number", "id = %s", [party.pk])[0].startswith("sm4$prod1$")
    assert not keys.exists()
    assert data_keys() == []
    monkeypatch.setenv("FAZHI_DATA_KEY", "prod1:abcd")
    crypto.reload()
    errors = data_keys()
    assert [e.id for e in errors] == ["fazhi.E001"] and "应为64位十六进制数" in errors[0].msg


@pytest.mark.django_db
def test_keys_rotate_re_encrypts_every_table_in_batches_keeps_the_old_key_and_search_finds_throughout(cast, keys, capsys):
    parties = [applicant(cast, id_number=id_number(f"330726199001010{n:02d}")) for n in range(7)]
    cast["dept1"].phone = "13811112222"
    cast["dept1"].save()
    old = crypto.ring().current.id
    call_command("keys", "rotate", "--batch", "3")
    out = capsys.readouterr().out
    new = crypto.ring().current.id
    assert new != old and set(crypto.ring().keys) == {old, new}
    assert "reconsideration.Party：7行" in out and "reconsideration.HistoricalParty：7行" in out and "core.User：1行" in out
    for table, column in (("reconsideration_party", "id_number"), ("reconsideration_historicalparty", "address"), ("core_user", "phone")):
        values = [v for v in raw(table, column) if v]
        assert values and all(v.startswith(f"sm4${new}$") for v in values), table
    assert crypto.usage() == {new: 7 * 3 * 2 + 1}
    for p in parties:
        assert list(Party.objects.filter(id_number_index__in=crypto.blind_indexes(p.id_number))) == [p]
    assert [(p.id_number, p.phone, p.address) for p in Party.objects.order_by("pk")] == [(p.id_number, PHONE, ADDRESS) for p in parties]
    assert User.objects.get(pk=cast["dept1"].pk).phone == "13811112222"
    event = AuditEvent.objects.get(action=AuditAction.KEY_ROTATE)
    assert event.detail["from"] == old and event.detail["to"] == new and event.detail["rows"] == 7 * 2 + 1


@pytest.mark.django_db
def test_an_interrupted_rotation_is_resumed_and_an_old_key_is_forgotten_only_when_no_value_uses_it(cast, keys, monkeypatch):
    parties = [applicant(cast, id_number=id_number(f"330726199001010{n:02d}")) for n in range(4)]
    old = crypto.ring().current.id
    real = crypto.reencrypt

    def killed_after_one_row(model, batch=500, progress=None):
        rows = list(crypto.stale(model, crypto.ring().current.id).order_by("pk")[:1])
        for row in rows:
            for f in crypto.index_fields(model):
                setattr(row, f.attname, crypto.blind_index(getattr(row, f.source)))
        model._base_manager.bulk_update(rows, [f.name for f in crypto.encrypted_fields(model) + crypto.index_fields(model)])
        return len(rows)

    monkeypatch.setattr(crypto, "reencrypt", killed_after_one_row)
    call_command("keys", "rotate", stdout=io.StringIO())  # stops after one row a table, as if killed
    new = crypto.ring().current.id
    assert crypto.usage()[old] > 0
    for p in parties:  # the search finds old-key and new-key rows alike
        assert Party.objects.filter(id_number_index__in=crypto.blind_indexes(p.id_number)).count() == 1
    with pytest.raises(CommandError, match="仍有.*项数据由密钥"):
        call_command("keys", "forget", old)
    with pytest.raises(CommandError, match="是当前密钥"):
        call_command("keys", "forget", new)
    monkeypatch.setattr(crypto, "reencrypt", real)
    call_command("keys", "rotate", "--resume", stdout=io.StringIO())
    assert crypto.ring().current.id == new and set(crypto.usage()) == {new}
    call_command("keys", "forget", old, stdout=io.StringIO())
    assert set(json.loads(keys.read_text())["keys"]) == {new}
    assert [p.id_number for p in Party.objects.order_by("pk")] == [p.id_number for p in parties]


@pytest.mark.django_db
def test_rows_written_in_clear_before_are_encrypted_by_the_migration_step(cast, keys):
    party = applicant(cast)
    with connection.cursor() as c:
        c.execute("UPDATE reconsideration_party SET id_number = %s, phone = %s, id_number_index = '' WHERE id = %s", [GOOD_ID, PHONE, party.pk])
        c.execute("UPDATE core_user SET phone = %s WHERE id = %s", [PHONE, cast["dept1"].pk])
    assert Party.objects.get(pk=party.pk).id_number == GOOD_ID  # a value in clear still reads
    assert crypto.usage()[""] == 3  # two values of the party, one of the user
    from django.apps import apps

    for label in ("reconsideration", "core"):
        crypto.encrypt_existing(label)(apps, None)
    assert "" not in crypto.usage()
    assert raw("reconsideration_party", "id_number_index", "id = %s", [party.pk]) == [crypto.blind_index(GOOD_ID)]
    assert User.objects.get(pk=cast["dept1"].pk).phone == PHONE


@pytest.mark.django_db
def test_the_error_workbook_of_a_rejected_import_is_encrypted_on_disk_and_downloads_readable(cast, keys, login):
    client = login(cast["bureau"])
    content = ledger_workbook([ledger_row(), ledger_row(申请人身份证号="33072619850615123X")])
    r = client.post("/reconsideration/import/", {"file": upload(content)})
    assert r.status_code == 400
    name = r.context["result"].error_file
    on_disk = error_workbook_path(name).read_bytes()
    assert on_disk.startswith(crypto.FILE_MAGIC) and GOOD_ID.encode() not in on_disk and b"PK" not in on_disk[:8]
    assert stat.S_IMODE(os.stat(error_workbook_path(name)).st_mode) == 0o600
    download = client.get(f"/reconsideration/import/errors/{name.removesuffix('.xlsx')}/")
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content)))["数据"].iter_rows(values_only=True))
    assert GOOD_ID in rows[1]
    assert not ReconsiderationCase.objects.exists()


@pytest.mark.django_db
def test_an_id_or_mobile_number_reaching_the_audit_log_is_stored_encrypted_and_shown_masked(cast, keys, login):
    applicant(cast)
    client = login(cast["bureau"])
    assert client.get("/reconsideration/export/", {"q": GOOD_ID}).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert GOOD_ID not in json.dumps(event.detail) and crypto.decrypt(event.detail["filters"]["q"]) == GOOD_ID
    note = record(None, AuditAction.PII_VIEW, user=cast["bureau"], message=f"核对 {PHONE} 与 {GOOD_ID}")
    assert PHONE not in raw("core_auditevent", "message", "id = %s", [note.pk])[0]
    assert note.shown_message == f"核对 139****1234 与 {GOOD_ID[:6]}********{GOOD_ID[-4:]}"
    assert re.fullmatch(r"[0-9a-f]{64}", note.hash)
    auditor = login(cast["auditor"])
    page = auditor.get("/system/audit/").content.decode()
    assert "139****1234" in page and PHONE not in page


def _field_at(model, path):
    from django.db.models.fields.related import ForeignObjectRel, RelatedField

    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if isinstance(field, (RelatedField, ForeignObjectRel)):
            model = field.related_model
    return field


def test_no_admin_page_or_registry_list_searches_an_encrypted_field_which_would_fail():
    from django.contrib import admin
    from django.urls import get_resolver

    from fazhi.core.fields import EncryptedCharField
    from fazhi.core.forms import RegistryFilterSet

    get_resolver().url_patterns  # noqa: B018 — imports every registry's views and filter sets
    searched = [(m, f.lstrip("^=@")) for m, a in admin.site._registry.items() for f in a.search_fields]
    pending = list(RegistryFilterSet.__subclasses__())
    while pending:
        fs = pending.pop()
        pending += fs.__subclasses__()
        searched += [(fs._meta.model, f) for f in fs.search_fields]
    assert len(searched) > 20
    assert [(m._meta.label, f) for m, f in searched if isinstance(_field_at(m, f), EncryptedCharField)] == []


@pytest.mark.django_db
def test_the_admins_account_search_answers_without_an_error(cast, login):
    page = login(cast["admin"]).get("/admin/core/user/", {"q": "138"})
    assert page.status_code == 200
