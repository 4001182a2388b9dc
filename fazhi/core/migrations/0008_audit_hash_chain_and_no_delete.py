"""The audit log's hash chain, and DELETE refused by the database.

1. ``prev_hash`` and ``hash`` (SM3, GB/T 32905) on every event; the events already written are chained in id
   order (the UPDATE trigger of 0002 is lifted for that one pass and put back).
2. A trigger refuses DELETE (and, on PostgreSQL, TRUNCATE) unless the deleting transaction has unlocked it:
   on PostgreSQL the transaction-local setting ``fazhi.audit_delete = 'on'``, on SQLite a row in the guard
   table ``core_auditevent_delete_guard`` (inserted and removed inside the deleting transaction, so no other
   connection ever sees it). ``core.audit.deletion_allowed`` does that, for ``fazhi audit purge`` only (and for
   the test runner's flush, see conftest.py).

On SQLite, adding a NOT NULL column rebuilds the table and drops its triggers, so the UPDATE trigger is created
again here (and again after the reverse change, as 0005 does)."""

import json
from datetime import UTC

from cryptography.hazmat.primitives import hashes
from django.db import migrations, models

GENESIS = "0" * 64


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def chain_hash(prev_hash, event):
    """A frozen copy of ``core.models.audit.chain_hash`` as of this migration (a migration does not import code
    that may change after it); the migration's test checks that the two agree."""
    at = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = [
        at, event.actor_id, event.username, event.ip or None, event.org_id, event.action, event.object_type,
        event.object_id, event.object_repr, event.message, _plain(event.detail or {}),
    ]
    digest = hashes.Hash(hashes.SM3())
    digest.update(prev_hash.encode("ascii"))
    digest.update(json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
    return digest.finalize().hex()


SQLITE_UPDATE = """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""
SQLITE_DELETE = [
    "CREATE TABLE IF NOT EXISTS core_auditevent_delete_guard (reason varchar(100) NOT NULL)",
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM core_auditevent_delete_guard)
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
]
SQLITE_DELETE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete",
    "DROP TABLE IF EXISTS core_auditevent_delete_guard",
]
POSTGRES_DELETE = [
    """CREATE OR REPLACE FUNCTION core_auditevent_refuse_delete() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('fazhi.audit_delete', true), '') = 'on' THEN RETURN OLD; END IF;
         RAISE EXCEPTION 'audit events are append-only: DELETE refused';
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_delete();""",
    """CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_refuse_delete();""",
]
POSTGRES_DELETE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete ON core_auditevent;",
    "DROP FUNCTION IF EXISTS core_auditevent_refuse_delete();",
]


def update_trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UPDATE)


def chain_existing_events(apps, schema_editor):
    """Chain the events already written, oldest id first."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update;")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update;")
    prev = GENESIS
    batch = []
    with schema_editor.connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            digest = chain_hash(prev, event)
            batch.append((prev, digest, event.pk))
            prev = digest
            if len(batch) >= 2000:
                cursor.executemany("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", batch)
                batch = []
        if batch:
            cursor.executemany("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", batch)
    if postgres:
        schema_editor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update;")
    else:
        schema_editor.execute(SQLITE_UPDATE)


def refuse_delete(apps, schema_editor):
    for sql in POSTGRES_DELETE if schema_editor.connection.vendor == "postgresql" else SQLITE_DELETE:
        schema_editor.execute(sql)


def allow_delete(apps, schema_editor):
    for sql in POSTGRES_DELETE_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_DELETE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_password_history_and_sessions'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, update_trigger_again),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='哈希（SM3）'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='前一条哈希（SM3）'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('login', '登录'), ('logout', '退出'), ('login_failed', '登录失败'), ('lockout', '账户锁定'), ('unlock', '解除锁定'), ('password_change', '修改密码'), ('password_reset', '重置密码'), ('session_end', '结束会话'), ('idle_timeout', '超时退出'), ('org_switch', '切换单位'), ('role_change', '角色变更'), ('permission_change', '权限分配'), ('user_change', '账户变更'), ('export', '导出'), ('import', '导入'), ('import_rejected', '导入被拒'), ('pii_view', '查看个人信息'), ('create', '新增'), ('update', '修改'), ('delete', '删除'), ('transition', '流程操作'), ('setting_change', '设置变更'), ('report_freeze', '报告定稿'), ('download', '下载附件'), ('audit_purge', '清理审计日志')], db_index=True, max_length=30, verbose_name='事件'),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.RunPython(refuse_delete, allow_delete),
    ]
