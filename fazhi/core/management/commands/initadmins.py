"""``fazhi initadmins --org CODE``: the three administrator accounts of a new deployment (三员分立), each with
a one-time password printed once. Refused when administrator accounts already exist: from then on they are
managed on the platform (the security administrator grants administrator roles)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.models import Membership, Org, User
from fazhi.core.roles import ensure_roles
from fazhi.core.separation import ADMIN_KINDS
from fazhi.core.services import assign_roles, reset_password

ACCOUNTS = [("system_admin", "sysadmin", "系统管理员"), ("security_admin", "secadmin", "安全管理员"), ("auditor", "auditor", "安全审计员")]


class Command(BaseCommand):
    help = "新部署建立系统管理员、安全管理员、安全审计员三个账户，各打印一次性密码（只显示这一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="三员所在单位的机构代码（通常为司法局）")
        parser.add_argument("--prefix", default="", help="用户名前缀，例如 demo- 得到 demo-sysadmin")

    def handle(self, org, prefix, **options):
        unit = Org.objects.filter(code=org).first()
        if unit is None:
            raise CommandError(f"机构代码“{org}”不存在。")
        if Membership.objects.filter(roles__kind__in=ADMIN_KINDS).exists():
            raise CommandError("已有管理员账户：此后管理员角色由安全管理员在平台上授予，本命令不再使用。")
        with transaction.atomic():
            roles = ensure_roles()
            made = []
            for code, name, label in ACCOUNTS:
                username = f"{prefix}{name}"
                if User.objects.filter(username=username).exists():
                    raise CommandError(f"用户名“{username}”已被使用，请换用 --prefix。")
                user = User.objects.create(username=username, full_name=label, active_org=unit, is_staff=True)
                assign_roles(None, user, unit, [roles[code]])
                made.append((username, label, reset_password(None, user)))
        for username, label, password in made:
            self.stdout.write(f"{label}：{username}  一次性密码：{password}")
        self.stdout.write("一次性密码只显示这一次，请分别交给三名不同人员；各人登录后须立即修改密码。")
