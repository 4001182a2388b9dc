from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction

from ._kinds import org_for, resource_for, user_for


class Command(BaseCommand):
    help = "导出 Excel：fazhi export KIND [--org CODE] [--year Y] -o F.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("--org", help="单位代码（含下级）")
        parser.add_argument("--year", type=int, help="按年份筛选（登记日期所在年份）")
        parser.add_argument("--user", help="按该用户的数据范围导出，个人信息按其角色脱敏")
        parser.add_argument("--unmask", action="store_true", help="导出完整个人信息（记入审计日志；指定 --user 时须其角色允许）")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, kind, output, org=None, year=None, user=None, unmask=False, **options):
        resource = resource_for(kind)
        model = resource.model
        actor = user_for(user)
        qs = model.objects.visible_to(actor) if actor is not None and hasattr(model.objects, "visible_to") else model.objects.all()
        scope_org = org_for(org)
        if scope_org is not None:
            field = "path" if model.__name__ == "Org" else "org__path"
            qs = qs.filter(**{f"{field}__startswith": scope_org.path})
        if year:
            date_field = getattr(model, "year_field", None)
            if date_field is None:
                raise CommandError(f"{resource.title}不支持按年份筛选。")
            qs = qs.filter(**{f"{date_field}__year": year})
        unmasked = unmask
        if unmask and actor is not None:
            from fazhi.core.scope import can_view_pii

            if not can_view_pii(actor):
                raise CommandError(f"用户“{actor.username}”的角色不能导出完整个人信息。")
        count = resource.export(qs.order_by("pk"), output, unmasked=unmasked)
        record(None, AuditAction.EXPORT, user=actor, username=actor.username if actor else "命令行",
               message=f"命令行导出{resource.title}{count}条" + ("（含完整个人信息）" if unmasked else ""), detail={"kind": kind, "count": count, "org": org, "year": year})
        self.stdout.write(f"已导出{resource.title}{count}条：{output}")
