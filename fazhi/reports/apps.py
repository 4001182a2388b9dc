from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "法治政府建设年度报告"

    def ready(self):
        from fazhi.core.context_processors import register_nav

        from . import checks  # noqa: F401

        register_nav("法治督察", "年度报告", "reports:index", "reports.view_reportdraft")
