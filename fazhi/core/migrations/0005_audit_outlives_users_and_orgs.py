"""The audit log outlives the accounts and units it names: ``actor`` and ``org`` no longer SET NULL on
delete (an UPDATE the append-only trigger refuses, so deleting a user or an org with events failed, e.g.
``fazhi demo --reset``) and carry no database constraint.

On SQLite, altering a column rebuilds the table and drops its triggers, so the append-only trigger of
migration 0002 is created again after the change (and again after the reverse change)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""


def append_only_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_numbering_and_workflow"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, append_only_again),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="org",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.org",
                verbose_name="当前单位",
            ),
        ),
        migrations.RunPython(append_only_again, migrations.RunPython.noop),
    ]
