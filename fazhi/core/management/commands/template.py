from django.core.management.base import BaseCommand

from ._kinds import resource_for


class Command(BaseCommand):
    help = "下载导入模板：fazhi template KIND -o F.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, kind, output, **options):
        resource = resource_for(kind)
        resource.template(output)
        self.stdout.write(f"已生成{resource.title}导入模板：{output}")
