"""fazhi audit verify | purge — the audit log's hash chain and its retention."""

import getpass
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core.audit import PurgeRefused, plan_purge, purge, verify_chain


def _os_user():
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class Command(BaseCommand):
    help = ("审计日志：fazhi audit verify 校验哈希链（有断点时退出码为1）；"
            "fazhi audit purge [--before 日期] [--yes] 清理早于保留期的审计日志（至少保留6个月）。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,purge}")
        sub.add_parser("verify", help="按顺序校验审计日志的 SM3 哈希链，报告第一处断点")
        p = sub.add_parser("purge", help="删除早于保留期的审计日志，并记入审计日志")
        p.add_argument("--before", help="删除该日（YYYY-MM-DD）之前的记录；默认：今天往前推保留期")
        p.add_argument("--yes", action="store_true", help="不再询问确认")

    def handle(self, subcommand, **options):
        if subcommand == "verify":
            return self.verify()
        return self.purge(options.get("before"), options.get("yes"))

    def verify(self):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"审计日志完整：{report.count}条")
            if report.count:
                self.stdout.write(f"最新一条的哈希（SM3）：{report.last_hash}")
            return
        e = report.broken
        self.stdout.write(f"审计日志不完整：第一处断点为编号 {e.pk}（{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}，"
                          f"{e.username or '无账户'}，{e.get_action_display()}）：{report.reason}。")
        self.stdout.write(f"此前{report.count - 1}条校验通过。")
        sys.exit(1)

    def purge(self, before, yes):
        if before is not None:
            try:
                before = date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before “{before}”不是有效日期，请写作 YYYY-MM-DD，如 2025-06-30。") from None
        try:
            plan = plan_purge(before)
        except PurgeRefused as e:
            raise CommandError(str(e)) from None
        if not plan.count:
            self.stdout.write(f"没有早于{plan.before:%Y-%m-%d}的审计日志，未删除任何记录。")
            return
        local = timezone.localtime
        self.stdout.write(f"将删除早于{plan.before:%Y-%m-%d}的审计日志{plan.count}条（编号 {plan.first_id}–{plan.last_id}，"
                          f"{local(plan.first_at):%Y-%m-%d}至{local(plan.last_at):%Y-%m-%d}；保留期{plan.retention}个月）。")
        if not yes:
            self.stdout.write("确认删除请输入 yes：", ending="")
            self.stdout.flush()
            try:
                answer = input()
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                self.stdout.write("已取消，未删除任何记录。")
                return
        try:
            event = purge(plan, detail={"os_user": _os_user()})
        except PurgeRefused as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"已删除{plan.count}条，清理本身已记入审计日志（编号 {event.pk}）。")
