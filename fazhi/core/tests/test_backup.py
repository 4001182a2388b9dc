"""``fazhi backup`` and ``fazhi restore`` on the real test database (SQLite file or PostgreSQL, whichever
FAZHI_DATABASE_URL names): a round trip brings every row and every uploaded file back exactly, a damaged or
foreign archive is refused and changes nothing, and a restore without --yes only explains itself."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Org
from fazhi.oversight.tests.factories import DOCX, PDF, LedgerEntryFactory, attach, org

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(county):
    """The county, three ledger entries of a department, one uploaded attachment, one audit event."""
    entries = [LedgerEntryFactory(org=org("demo-d01")) for _ in range(3)]
    attachment = attach(entries[0], content=PDF, name="县政府常务会议纪要.pdf")
    record(None, AuditAction.CREATE, username="dept1", message="登记台账3条")
    return entries, attachment


@pytest.fixture
def backups(tmp_path_factory):
    return tmp_path_factory.mktemp("backups")  # not under MEDIA_ROOT (tmp_path)


@pytest.fixture
def pre(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-restore")


def contents():
    """Every row of every table except the audit log, table by table."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model is not AuditEvent:
            rows[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list())
    return rows


def audit_log():
    return list(AuditEvent.objects.order_by("id").values_list("id", "action", "message"))


def media():
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def state():
    return contents(), audit_log(), media()


def back_up(directory):
    out = io.StringIO()
    call_command("backup", "-o", str(directory), stdout=out)
    archives = sorted(Path(directory).glob("fazhi-backup-*.tar.gz"))
    assert len(archives) == 1
    return archives[0], out.getvalue()


def restore(archive, *args, pre_dir):
    out = io.StringIO()
    call_command("restore", *args, str(archive), "--pre-backup-dir", str(pre_dir), stdout=out)
    return out.getvalue()


def change_everything(entries, attachment):
    """Add rows, delete rows, change a row, delete the uploaded file and upload another."""
    LedgerEntryFactory(org=org("demo-s01"), title="新增的台账")
    entries[1].delete()
    Org.objects.filter(code="demo-d01").update(name="改过名的部门")
    attachment.delete()  # the row, and its file once committed
    attach(entries[2], content=DOCX, name="实施方案.docx")
    record(None, AuditAction.DELETE, username="dept1", message="删除台账")


def rewrite(archive, change):
    """Rebuild ``archive`` with ``change(name, data) -> data`` applied to its members, and a fresh .sha256: an
    archive whose whole-file checksum agrees, so only the manifest can catch what changed."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    Path(f"{archive}.sha256").write_text(f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n")


def manifest_of(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_the_test_database_is_a_real_file_or_a_postgresql_server():
    assert connection.vendor == "postgresql" or Path(connection.settings_dict["NAME"]).is_file()


def test_a_restored_backup_brings_back_every_row_and_the_uploaded_file_exactly(data, backups, pre):
    entries, attachment = data
    rows, events, files = state()
    assert attachment.file.name in files
    archive, printed = back_up(backups)
    assert archive.name.startswith("fazhi-backup-") and Path(f"{archive}.sha256").is_file()
    assert archive.stat().st_mode & 0o777 == Path(f"{archive}.sha256").stat().st_mode & 0o777 == 0o600
    assert f"{archive}（" in printed and ("KB）" in printed or "MB）" in printed)
    backup_event = AuditEvent.objects.order_by("id").last()
    assert backup_event.action == AuditAction.BACKUP and archive.name in backup_event.message
    assert backup_event.username == "（服务器控制台）" and backup_event.detail["sha256"] in Path(f"{archive}.sha256").read_text()

    manifest = manifest_of(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert (("core", manifest["migrations"]["core"]),) == tuple(n for n in MigrationLoader(None).graph.leaf_nodes() if n[0] == "core")
    assert manifest["tables"]["oversight_ledgerentry"] == 3
    assert {f["path"] for f in manifest["files"]} >= {f"media/{attachment.file.name}"}
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed[f"media/{attachment.file.name}"] == hashlib.sha256(PDF).hexdigest()

    change_everything(entries, attachment)
    assert contents() != rows and media() != files

    printed = restore(archive, "--yes", pre_dir=pre)
    assert contents() == rows
    assert media() == files
    after = audit_log()
    assert after[:-1] == events  # the backup's own event came after the backup
    assert after[-1][1] == AuditAction.RESTORE and archive.name in after[-1][2]
    assert "备份时间" in printed and "与备份清单一致" in printed and "附件等文件 1 个" in printed


def test_a_mistaken_restore_is_undone_with_the_backup_it_made_of_the_data_before(data, backups, pre):
    entries, attachment = data
    archive, _ = back_up(backups)
    change_everything(entries, attachment)
    rows, files = contents(), media()
    changed_events = audit_log()
    restore(archive, "--yes", pre_dir=pre)
    assert contents() != rows
    (before_restore,) = pre.glob("fazhi-backup-*.tar.gz")
    restore(before_restore, "--yes", pre_dir=pre)
    assert contents() == rows and media() == files
    assert audit_log()[: len(changed_events)] == changed_events  # the events written after the backup are back


def flip_one_byte(path, at=None):
    data = bytearray(path.read_bytes())
    at = len(data) // 2 if at is None else at
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def assert_refused(archive, pre, *words, args=("--yes",)):
    before = state()
    with pytest.raises(CommandError) as refused:
        restore(archive, *args, pre_dir=pre)
    message = str(refused.value)
    for word in words:
        assert word in message
    assert state() == before
    assert not list(pre.iterdir())  # not even the backup of the current data was made
    assert not [p for p in Path(settings.MEDIA_ROOT).iterdir() if p.name.startswith(".fazhi-")]
    return message


def test_an_archive_with_one_byte_flipped_is_refused_and_nothing_changes(data, backups, pre):
    entries, attachment = data
    archive, _ = back_up(backups)
    change_everything(entries, attachment)
    flip_one_byte(archive)
    message = assert_refused(archive, pre, "校验和", "不符", "未作任何改动")
    assert archive.name in message


def test_a_member_that_differs_from_the_manifest_is_refused_even_when_the_whole_file_checksum_agrees(data, backups, pre):
    _, attachment = data
    archive, _ = back_up(backups)
    member = f"media/{attachment.file.name}"
    rewrite(archive, lambda name, blob: blob[:-1] + b"X" if name == member else blob)
    assert_refused(archive, pre, "与清单不一致", member)


def test_a_file_smuggled_into_the_archive_is_refused(data, backups, pre):
    archive, _ = back_up(backups)
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(archive, "w:gz") as tar:
        for member, blob in members:
            tar.addfile(member, io.BytesIO(blob))
        extra = tarfile.TarInfo("media/../../outside.txt")
        extra.size = 3
        tar.addfile(extra, io.BytesIO(b"bad"))
    Path(f"{archive}.sha256").write_text(f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n")
    assert_refused(archive, pre, "不允许的成员")
    assert not (Path(settings.MEDIA_ROOT).parent / "outside.txt").exists()


def test_an_archive_without_its_checksum_file_is_refused(data, backups, pre):
    archive, _ = back_up(backups)
    Path(f"{archive}.sha256").unlink()
    assert_refused(archive, pre, "找不到校验文件", ".sha256")


def test_a_backup_of_the_other_database_engine_is_refused(data, backups, pre):
    archive, _ = back_up(backups)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def foreign(name, blob):
        if name != "manifest.json":
            return blob
        manifest = json.loads(blob)
        manifest["database"]["engine"] = other
        return json.dumps(manifest).encode()

    rewrite(archive, foreign)
    assert_refused(archive, pre, "不能恢复到不同类型的数据库")


def test_a_backup_of_a_newer_fazhi_is_refused(data, backups, pre):
    archive, _ = back_up(backups)

    def newer(name, blob):
        if name != "manifest.json":
            return blob
        manifest = json.loads(blob)
        manifest["migrations"]["core"] = "0099_from_the_future"
        return json.dumps(manifest).encode()

    rewrite(archive, newer)
    assert_refused(archive, pre, "core.0099_from_the_future", "较新")


def test_a_restore_without_yes_checks_the_archive_explains_that_all_data_is_replaced_and_changes_nothing(data, backups, pre):
    entries, attachment = data
    archive, _ = back_up(backups)
    change_everything(entries, attachment)
    message = assert_refused(archive, pre, "校验通过", "替换当前数据库中的全部数据", "--yes", args=())
    assert "备份时间" in message


def test_a_backup_is_not_written_inside_the_media_folder(data):
    with pytest.raises(CommandError, match="不能位于附件目录"):
        call_command("backup", "-o", str(Path(settings.MEDIA_ROOT) / "backups"), stdout=io.StringIO())
    assert not (Path(settings.MEDIA_ROOT) / "backups").exists()


AUDIT_DELETE_TRIGGER = {
    "sqlite": (
        ["""CREATE TRIGGER test_auditevent_no_delete BEFORE DELETE ON core_auditevent
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;"""],
        ["DROP TRIGGER IF EXISTS test_auditevent_no_delete"],
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%auditevent_no_%'",
    ),
    "postgresql": (
        ["""CREATE FUNCTION test_auditevent_refuse_delete() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit events are append-only: DELETE refused'; END; $$ LANGUAGE plpgsql""",
         """CREATE TRIGGER test_auditevent_no_delete BEFORE DELETE ON core_auditevent
            FOR EACH ROW EXECUTE FUNCTION test_auditevent_refuse_delete()""",
         """CREATE TRIGGER test_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
            FOR EACH STATEMENT EXECUTE FUNCTION test_auditevent_refuse_delete()"""],
        ["DROP TRIGGER IF EXISTS test_auditevent_no_delete ON core_auditevent",
         "DROP TRIGGER IF EXISTS test_auditevent_no_truncate ON core_auditevent",
         "DROP FUNCTION IF EXISTS test_auditevent_refuse_delete()"],
        "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%auditevent_no_%'",
    ),
}


@pytest.fixture
def audit_refuses_delete(data):
    """The audit table refuses UPDATE (migration 0002) and, here, DELETE and TRUNCATE as well (as the audit
    hash-chain branch's migration makes it); dropped again before the test database is flushed."""
    create, drop, count = AUDIT_DELETE_TRIGGER[connection.vendor]
    with connection.cursor() as cursor:
        for sql in create:
            cursor.execute(sql)
    yield count
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)


def test_a_restore_drops_the_audit_events_written_after_the_backup_without_a_delete_the_triggers_would_refuse(
    data, audit_refuses_delete, backups, pre
):
    with connection.cursor() as cursor:
        cursor.execute(audit_refuses_delete)
        triggers = cursor.fetchone()[0]
        with pytest.raises(Exception, match="append-only"):
            cursor.execute("DELETE FROM core_auditevent")
    assert triggers >= 2  # UPDATE and DELETE (and TRUNCATE on PostgreSQL)
    events = audit_log()
    archive, _ = back_up(backups)
    record(None, AuditAction.LOGIN, username="station1", message="登录成功")
    restore(archive, "--yes", pre_dir=pre)
    assert [e[1] for e in audit_log()] == [e[1] for e in events] + [AuditAction.RESTORE]
    with connection.cursor() as cursor:
        cursor.execute(audit_refuses_delete)
        assert cursor.fetchone()[0] == triggers  # and the triggers are back with the table


@pytest.fixture
def newer_table():
    yield "test_newer_feature"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS test_newer_feature")


def test_a_table_made_after_the_backup_is_gone_after_the_restore_even_when_it_refers_to_a_restored_table(
    data, newer_table, backups, pre
):
    rows = contents()
    archive, _ = back_up(backups)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {newer_table} (id integer PRIMARY KEY, org_id bigint NOT NULL REFERENCES core_org (id))")
        cursor.execute(f"INSERT INTO {newer_table} VALUES (1, {org('demo-d01').pk})")
    restore(archive, "--yes", pre_dir=pre)
    assert newer_table not in connection.introspection.table_names()
    assert contents() == rows
