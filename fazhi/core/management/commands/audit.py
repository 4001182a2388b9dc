"""fazhi audit verify — the audit log's hash chain."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from fazhi.core.audit import verify_chain


class Command(BaseCommand):
    help = "审计日志：fazhi audit verify 校验哈希链（有断点时退出码为1）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        sub.add_parser("verify", help="按顺序校验审计日志的 SM3 哈希链，报告第一处断点")

    def handle(self, subcommand, **options):
        return self.verify()

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
