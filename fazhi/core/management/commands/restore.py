"""``fazhi restore --yes FILE``: put the database and the uploaded files back as a backup of ``fazhi backup``
holds them. The archive is checked completely before anything is replaced; the current data is backed up first
(--pre-backup-dir); the audit event of the restore is written afterwards, into the restored database."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import record
from fazhi.core.backup import (
    CONSOLE,
    ENGINE_LABEL,
    BackupError,
    check_compatible,
    describe_manifest,
    describe_tables,
    human_size,
    read_archive,
    restore,
    staging_dir,
)
from fazhi.core.choices import AuditAction


class Command(BaseCommand):
    help = ("用 fazhi backup 生成的备份替换当前数据库中的全部数据和全部附件文件（须加 --yes 确认）。"
            "先校验备份，不通过则不作任何改动；恢复前自动备份当前数据。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件 fazhi-backup-….tar.gz（同目录须有其 .sha256 校验文件）")
        parser.add_argument("--yes", action="store_true", help="确认用备份替换当前全部数据")
        parser.add_argument("--pre-backup-dir", default=str(Path(settings.VAR_DIR) / "backups"),
                            help="恢复前当前数据的备份写入的目录（默认 var/backups）")

    def handle(self, file, yes=False, pre_backup_dir=None, **options):
        try:
            staging_folder = staging_dir()
        except BackupError as e:
            raise CommandError(str(e)) from e
        with staging_folder as work:
            staging = Path(work)
            try:
                manifest = read_archive(file, staging)
                check_compatible(manifest, staging)
            except BackupError as e:
                raise CommandError(str(e)) from e
            if not yes:
                raise CommandError(
                    f"备份文件校验通过：{describe_manifest(manifest)}。\n"
                    "恢复将用这份备份替换当前数据库中的全部数据和附件目录中的全部文件，平台回到备份时的状态，"
                    "备份之后录入、上传的内容都不再存在。恢复前请停止平台服务；恢复前会自动把当前数据另存一份到 "
                    f"{pre_backup_dir}。\n确认后加 --yes 再次运行：fazhi restore --yes {file}")
            try:
                restored = restore(manifest, staging, pre_backup_dir)
            except BackupError as e:
                raise CommandError(str(e)) from e
        name = Path(file).name
        pre = restored.pre_backup
        created = datetime.fromisoformat(manifest["created_at"])
        record(None, AuditAction.RESTORE, username=CONSOLE,
               message=f"从备份 {name}（备份时间 {created:%Y-%m-%d %H:%M:%S}）恢复数据库和附件文件",
               detail={"file": str(Path(file).resolve()), "backup_created_at": manifest["created_at"],
                       "fazhi_version": manifest.get("fazhi_version"), "migrated": restored.migrated,
                       "pre_restore_backup": str(pre.path) if pre else None})
        self.stdout.write(f"已从 {name} 恢复（{describe_manifest(manifest)}）。")
        agrees = "，与备份清单一致" if restored.tables == manifest["tables"] else ""
        if not agrees and not restored.migrated:
            differ = sorted(t for t in set(restored.tables) | set(manifest["tables"])
                            if restored.tables.get(t) != manifest["tables"].get(t))
            self.stderr.write(f"注意：恢复后以下表的行数与备份清单不同：{'、'.join(differ[:10])}。")
        self.stdout.write(f"恢复后的 {ENGINE_LABEL[manifest['database']['engine']]} 数据库："
                          f"{describe_tables(restored.tables)}{agrees}；附件等文件 {restored.media_files} 个"
                          f"（{human_size(restored.media_bytes)}）。")
        if restored.migrated:
            self.stdout.write("备份早于当前程序版本，已执行数据库迁移（fazhi migrate）。")
        if pre:
            self.stdout.write(f"恢复前的数据（含此后的审计记录）已另存为 {pre.path}。")
