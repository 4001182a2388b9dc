"""``fazhi backup [-o DIR]``: one consistent, checksummed backup of the database and the uploaded files (see
fazhi/core/backup.py). For cron, daily; docs/运维手册.md gives the schedule, the retention and the off-site copy."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import record
from fazhi.core.backup import CONSOLE, BackupError, create_backup, describe_manifest, human_size
from fazhi.core.choices import AuditAction


class Command(BaseCommand):
    help = ("备份数据库和附件文件：在目录 DIR（默认 var/backups）写入 fazhi-backup-日期-时间.tar.gz 及其 .sha256 校验文件"
            "（供 cron 每日运行）。")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", default=str(Path(settings.VAR_DIR) / "backups"), help="备份目录（不存在时建立）")

    def handle(self, output, **options):
        try:
            backup = create_backup(output)
        except BackupError as e:
            raise CommandError(str(e)) from e
        media = sum(1 for f in backup.manifest["files"] if f["path"].startswith("media/"))
        record(None, AuditAction.BACKUP, username=CONSOLE,
               message=f"备份数据库和附件文件：{backup.path.name}（{human_size(backup.size)}）",
               detail={"file": str(backup.path), "size": backup.size, "sha256": backup.sha256, "media_files": media,
                       "engine": backup.manifest["database"]["engine"], "created_at": backup.manifest["created_at"]})
        self.stdout.write(f"{backup.path}（{human_size(backup.size)}）")
        self.stdout.write(f"校验文件：{backup.path.name}.sha256（SHA-256 {backup.sha256}）")
        self.stdout.write(describe_manifest(backup.manifest) + "。")
