"""``fazhi purge_temp``: delete the error workbooks of rejected imports and other temporary files older than the
local rule ``temp_file_days`` (7 by default; the value set on the top unit of the tree). For cron, daily."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import Org
from fazhi.core.rules import get_rule


def temporary_files():
    """Error workbooks (MEDIA_ROOT/imports) and temporary workbooks left in VAR_DIR by an interrupted export."""
    yield from (p for p in (Path(settings.MEDIA_ROOT) / "imports").glob("*") if p.is_file())
    yield from (p for p in Path(settings.VAR_DIR).glob("tmp*.xlsx") if p.is_file())


def purge(days=None, now=None):
    """Delete temporary files older than ``days``; returns the number deleted."""
    if days is None:
        days = get_rule(Org.objects.filter(parent=None).order_by("path").first(), "temp_file_days")
    cutoff = (now or time.time()) - days * 86400
    deleted = 0
    for path in temporary_files():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted, days


class Command(BaseCommand):
    help = "删除超过保留天数（地方规则“临时文件保留天数”，默认7天）的导入错误报告等临时文件（供 cron 每日运行）。"

    def handle(self, **options):
        deleted, days = purge()
        if deleted:
            record(None, AuditAction.DELETE, username="（服务器控制台）", message=f"清理{days}天前的临时文件{deleted}个")
        self.stdout.write(f"已删除{days}天前的临时文件{deleted}个。")
