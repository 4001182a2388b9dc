"""Fill the statutory period table (行政复议法 and 行政诉讼法 time limits) on a new database."""

from django.db import migrations


def forwards(apps, schema_editor):
    from fazhi.core.periods import statutory_periods

    Period = apps.get_model("core", "Period")
    for spec in statutory_periods():
        Period.objects.get_or_create(key=spec["key"], defaults={k: v for k, v in spec.items() if k != "key"})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
