import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import Org

from ._kinds import org_for, resource_for, user_for


class Command(BaseCommand):
    help = "导入 Excel：fazhi import KIND F.xlsx [--org CODE] [--user USERNAME]；任一行有错则不写入任何数据，退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("file")
        parser.add_argument("--org", help="“责任单位”列为空时使用的单位代码")
        parser.add_argument("--user", help="以该用户的身份和数据范围导入（默认：运维人员，不限范围）")

    def handle(self, kind, file, org=None, user=None, **options):
        resource = resource_for(kind)
        default_org = org_for(org)
        actor = user_for(user)
        if actor is not None:
            from fazhi.core.scope import orgs_for

            allowed = orgs_for(actor, resource.model, "add")
        else:
            allowed = Org.objects.filter(is_active=True)
        # Checked here: the resource reads any unreadable file as "not an .xlsx workbook".
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        result = resource.import_file(file, actor, default_org=default_org, allowed_orgs=allowed)
        if result.ok:
            record(None, AuditAction.IMPORT, user=actor, username=actor.username if actor else "命令行",
                   message=f"命令行导入{resource.title}{result.created}条（文件：{file}）", detail={"kind": kind, "created": result.created})
            self.stdout.write(f"导入成功：{resource.title}{result.created}条。")
            return
        record(None, AuditAction.IMPORT_REJECTED, user=actor, username=actor.username if actor else "命令行",
               message=f"命令行导入{resource.title}被拒：{len(result.errors)}处错误（文件：{file}）", detail={"kind": kind, "errors": len(result.errors)})
        self.stderr.write(f"导入失败：发现{len(result.errors)}处错误，未写入任何数据。")
        for row, column, message in result.errors:
            where = f"第{row}行" if row else "文件"
            self.stderr.write(f"  {where}「{column}」：{message}")
        sys.exit(1)
