from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core.models import Org
from fazhi.core.passwords import PasswordPolicyValidator
from fazhi.demo import county as demo


class Command(BaseCommand):
    help = "建立示范县：机构、演示账户和各业务登记簿的数据（可重复运行，结果不变）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", help=f"演示账户的密码（默认 {demo.DEFAULT_PASSWORD}）")
        parser.add_argument("--reset", action="store_true", help="先删除示范县的全部数据再重建")

    def handle(self, password=None, reset=False, **options):
        from django.core.exceptions import ValidationError

        if password:
            try:
                PasswordPolicyValidator().validate(password)
            except ValidationError as e:
                raise CommandError("密码不符合要求：" + "".join(e.messages)) from None
        from fazhi.core.periods import CalendarDataMissing, seed_holidays, seed_periods

        seed_periods()
        today = timezone.localdate()
        for year in range(2023, today.year + 2):
            try:
                seed_holidays(year)
            except CalendarDataMissing:
                if year <= today.year:
                    self.stderr.write(f"注意：{year}年节假日数据缺失，请在“节假日”中人工维护。")
        if reset:
            demo.reset()
            self.stdout.write("已清除示范县原有数据。")
        result = demo.build(password=password, today=today)
        self.stdout.write(self.style.SUCCESS(f"示范县已就绪（新增法律顾问记录{result['advisers']}条、行政复议案件{result['reconsideration']}件、行政应诉案件{result['litigation']}件）。"))
        self.stdout.write("\n机构代码：")
        for org in Org.objects.filter(path__startswith=result["county"].path).order_by("path"):
            self.stdout.write(f"  {'  ' * (org.depth - 2)}{org.code:<10} {org.name}")
        self.stdout.write("\n演示账户（密码：" + (password or demo.DEFAULT_PASSWORD) + "）：")
        for username, (name, _roles, org_code, title) in demo.ACCOUNTS.items():
            self.stdout.write(f"  {username:<9} {name:<6} {Org.objects.get(code=org_code).name} · {title}")
