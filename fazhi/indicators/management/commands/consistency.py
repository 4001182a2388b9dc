import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Org
from fazhi.indicators import checks
from fazhi.indicators.engine import year_period
from fazhi.indicators.models import Baseline


class Command(BaseCommand):
    help = "一致性检查：fazhi consistency --org CODE --year Y；运行各项分项之和等式和单条记录规则，有问题时退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int, required=True)

    def handle(self, org, year, **options):
        target = Org.objects.filter(code=org).first()
        if target is None:
            raise CommandError(f"机构代码“{org}”不存在。")
        start, end = year_period(year)
        baselines = {b.key: b.value for b in Baseline.objects.filter(org=target, year=year)}
        findings = checks.run(target, start, end, baselines=baselines)
        if not findings:
            self.stdout.write(f"{target.name} {year}年：全部检查通过。")
            return
        self.stdout.write(f"{target.name} {year}年：发现{len(findings)}个问题。")
        for f in findings:
            source = "（基期数据）" if f.source == "baseline" else ""
            self.stdout.write(f"  [{f.rule}] {f.label}{source}：{f.message}")
            for pk, text in f.records[:20]:
                self.stdout.write(f"      #{pk} {text}")
        sys.exit(1)
