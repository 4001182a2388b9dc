import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Org, User
from fazhi.indicators import definitions
from fazhi.indicators.engine import Engine, Scope, year_period


class Command(BaseCommand):
    help = "计算指标：fazhi indicators --org CODE --year Y [--preset NAME[,NAME…]] [--only PREFIX] [--format text|json] [--user USERNAME]"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码（默认含下级）")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--preset", help="指标口径预设，逗号分隔；默认按该机构的地方规则")
        parser.add_argument("--only", default="", help="只计算该前缀的指标：某登记簿的应用标签加“.”")
        parser.add_argument("--unit-only", action="store_true", help="只计本单位，不含下级")
        parser.add_argument("--user", help="按该用户的数据范围计算")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, org, year, preset=None, only="", unit_only=False, user=None, format="text", **options):
        target = Org.objects.filter(code=org).first()
        if target is None:
            raise CommandError(f"机构代码“{org}”不存在。")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户“{user}”不存在。")
        start, end = year_period(year)
        try:
            engine = Engine(Scope(target, not unit_only, actor), start, end, preset)
        except KeyError as e:
            raise CommandError(str(e.args[0])) from None
        keys = [k for k in definitions.REGISTRY if k.startswith(only)]
        if not keys:
            raise CommandError(f"没有以“{only}”开头的指标。")
        values = engine.evaluate(keys)
        if format == "json":
            payload = {
                "org": target.code,
                "org_name": target.name,
                "year": year,
                "subtree": not unit_only,
                "presets": [p.name for p in engine.presets],
                "values": [v.as_dict() for v in values.values()],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{target.name}{'（含下级）' if not unit_only else ''} {year}年 · 口径：{'、'.join(p.label for p in engine.presets)}")
        for v in values.values():
            if v.kind == "count":
                self.stdout.write(f"  {v.key:<48} {v.label}：{v.value}{v.unit}")
            elif v.kind in ("sum", "average", "max"):
                self.stdout.write(f"  {v.key:<48} {v.label}：{v.display()}")
            elif v.kind == "rate":
                shown = "—（分母为0）" if v.value is None else f"{v.value}%"
                self.stdout.write(f"  {v.key:<48} {v.label}：{shown} = {v.numerator}/{v.denominator}  [{v.definition}]")
            else:
                items = "；".join(f"{i['label']} {i['count']}件（{i['share'] if i['share'] is not None else '—'}%）" for i in v.items) or "无"
                self.stdout.write(f"  {v.key:<48} {v.label}：{items}")
