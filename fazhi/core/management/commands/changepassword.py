"""``fazhi changepassword USERNAME``: the operator's password reset, the same as the reset page — a one-time
password, shown once, good only for its holder's own change; the account's sessions end; audited. (This
replaces Django's command of the same name, which let the operator choose a password he could then use.)"""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import User
from fazhi.core.services import reset_password


class Command(BaseCommand):
    help = "重置账户密码：生成一次性密码（只显示一次，仅能用于本人登录后修改密码），结束该账户全部会话，并记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        password = reset_password(None, user)
        self.stdout.write(f"已重置 {username} 的密码。一次性密码（只显示这一次）：{password}")
        self.stdout.write("本人须用它登录并立即修改密码；该账户原有会话已全部结束，本次重置已记入审计日志。")
