"""The management areas every bureau starts with (a list each bureau can extend)."""

from django.db import migrations

AREAS = [
    ("public_security", "公安"), ("market", "市场监管"), ("natural_resources", "自然资源"), ("housing", "住建"),
    ("transport", "交通"), ("comprehensive", "综合执法"), ("human_resources", "人社"), ("environment", "生态环境"),
    ("agriculture", "农业农村"), ("health", "卫生健康"), ("education", "教育"), ("emergency", "应急管理"),
    ("township", "乡镇（街道）"), ("other", "其他"),
]


def forwards(apps, schema_editor):
    ManagementArea = apps.get_model("reconsideration", "ManagementArea")
    for i, (code, name) in enumerate(AREAS):
        ManagementArea.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})


class Migration(migrations.Migration):
    dependencies = [("reconsideration", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
