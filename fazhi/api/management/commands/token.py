"""``fazhi token --user NAME [--expires 90d] [--read-only] [--name 用途]``: a new personal access token for a system
acting as NAME; the token is printed alone on the last line, this once (only its digest is stored)."""

import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.api.models import ApiToken
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import User

UNITS = {"d": "days", "h": "hours", "w": "weeks"}


def parse_expiry(text):
    m = re.fullmatch(r"(\d{1,4})([dhw])", text.strip())
    if not m or int(m.group(1)) == 0:
        raise CommandError(f"有效期“{text}”格式不正确，应写作 90d（天）、12h（小时）或 4w（周）。")
    return timezone.now() + timedelta(**{UNITS[m.group(2)]: int(m.group(1))})


class Command(BaseCommand):
    help = "为用户生成接口令牌（只显示一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="令牌代表的用户名")
        parser.add_argument("--expires", default="90d", help="有效期，如 90d、12h、4w（默认 90d）；never 为长期有效")
        parser.add_argument("--read-only", action="store_true", help="只读令牌：只能查询")
        parser.add_argument("--name", default="", help="用途说明，如“公安局执法办案系统”")

    def handle(self, *args, user, expires, read_only, name, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"用户“{user}”不存在。")
        if not account.is_active:
            raise CommandError(f"用户“{user}”已停用，不能生成令牌。")
        expires_at = None if expires == "never" else parse_expiry(expires)
        token, key = ApiToken.issue(account, name=name, read_only=read_only, expires_at=expires_at)
        record(None, AuditAction.SETTING_CHANGE, user=account, obj=token,
               message=f"为{account.username}生成接口令牌 {token.shown}…（{'只读' if read_only else '读写'}，"
                       f"{'长期有效' if expires_at is None else '有效期至' + timezone.localtime(expires_at).strftime('%Y-%m-%d %H:%M')}）")
        self.stdout.write(f"用户：{account.username}　{'只读' if read_only else '读写'}　"
                          f"{'长期有效' if expires_at is None else '有效期至 ' + timezone.localtime(expires_at).strftime('%Y-%m-%d %H:%M')}")
        self.stdout.write("令牌只显示这一次，请妥善保存：")
        self.stdout.write(key)
