"""``fazhi report --org CODE --year Y --format docx|html|md -o PATH [--frozen [--frozen-version N]]``

Writes a unit's annual report. Without ``--frozen`` it is the live draft (created from the records when the
unit has none yet); with ``--frozen`` the latest frozen version (or version N), and a Chinese error when the
report has not been frozen."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Org
from fazhi.reports import builder, exporters, services
from fazhi.reports.models import ReportDraft


class Command(BaseCommand):
    help = "输出法治政府建设年度报告：fazhi report --org CODE --year Y --format docx|html|md -o PATH [--frozen]"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="报告单位的机构代码，如 demo")
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        parser.add_argument("--format", choices=list(exporters.FORMATS), default="docx", help="docx（公文格式）、html 或 md")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")
        parser.add_argument("--frozen", action="store_true", help="输出已定稿的版本（默认最新一版）")
        parser.add_argument("--frozen-version", dest="frozen_version", type=int, help="与 --frozen 同用：输出第几版（默认最新一版）")
        parser.add_argument("--base-url", default="", help="HTML、Markdown 中数字链接的网址前缀，如 https://fazhi.example.gov.cn")

    def handle(self, org, year, format, output, frozen=False, frozen_version=None, base_url="", **options):
        unit = Org.objects.filter(code=org).first()
        if unit is None:
            raise CommandError(f"机构代码“{org}”不存在。")
        if frozen:
            draft = ReportDraft.objects.filter(org=unit, year=year).first()
            versions = draft.frozen_versions.all() if draft is not None else None
            version = None
            if versions is not None:
                version = versions.filter(version=frozen_version).first() if frozen_version else versions.order_by("-version").first()
            if version is None:
                which = f"第{frozen_version}版" if frozen_version else "任何版本"
                raise CommandError(f"{unit.name}{year}年度的报告尚未定稿（没有{which}），请先在“年度报告”页面定稿，或去掉 --frozen 输出草稿。")
            report = builder.render_frozen(version)
        else:
            try:
                draft, created = services.get_or_create_draft(unit, year)
            except Exception as e:  # noqa: BLE001 — a ValidationError's Chinese messages, or a bad year
                raise CommandError("；".join(getattr(e, "messages", [str(e)]))) from None
            if created:
                self.stderr.write(f"{unit.name}{year}年度还没有报告草稿，已根据登记记录生成。")
            report = builder.render_draft(draft)
        path = Path(output)
        if path.parent and not path.parent.exists():
            raise CommandError(f"输出目录“{path.parent}”不存在。")
        path.write_bytes(exporters.export(report, format, base_url=base_url))
        what = f"定稿第{report.frozen.version}版" if report.frozen is not None else "草稿"
        self.stdout.write(self.style.SUCCESS(f"已输出{report.title}（{what}，{len(report.references())}处数据引用）：{path}"))
