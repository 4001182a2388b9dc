"""``fazhi createsuperuser`` is refused: fazhi has no superuser (三员分立). ``fazhi initadmins`` creates the
three administrator accounts of a new deployment instead."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "fazhi 不设超级用户（三员分立）；新部署请用 fazhi initadmins 建立三员账户。"

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")

    def handle(self, *args, **options):
        raise CommandError(
            "fazhi 不设超级用户：系统管理员、安全管理员、安全审计员三员分立，任何账户都不能同时拥有全部权限。"
            "新部署请运行 `fazhi initadmins --org 机构代码` 建立三员账户。"
        )
