from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core import submissions
from fazhi.core.models import Org
from fazhi.core.todos import todos_for


class Command(BaseCommand):
    help = "列出即将到期和已逾期的事项：fazhi remind [--org CODE] [--days N]（供 cron 每日运行；顺带清理过期的表单提交记录）"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="机构代码（含下级）；默认全部")
        parser.add_argument("--days", type=int, help="提前提醒天数（默认按地方规则，7天）")

    def handle(self, org=None, days=None, **options):
        target = None
        if org:
            target = Org.objects.filter(code=org).first()
            if target is None:
                raise CommandError(f"机构代码“{org}”不存在。")
        items = todos_for(None, horizon_days=days, org=target)
        today = timezone.localdate()
        overdue = [t for t in items if t.due < today]
        self.stdout.write(f"{target.name if target else '全部机构'}：{len(items)}项待办，其中已逾期{len(overdue)}项（{today:%Y-%m-%d}）")
        for t in items:
            left = (t.due - today).days
            flag = f"逾期{-left}天" if left < 0 else ("今日到期" if left == 0 else f"剩余{left}天")
            self.stdout.write(f"  [{flag}] {t.due:%Y-%m-%d} {t.kind} · {t.org} · {t.title}")
        # The daily run also forgets the form tokens older than a few days (core.submissions).
        purged = submissions.purge()
        if purged:
            self.stdout.write(f"已清理{submissions.KEEP.days}天前的表单提交记录{purged}条。")
