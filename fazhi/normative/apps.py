from django.apps import AppConfig


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"

    def ready(self):
        from fazhi.core import todos
        from fazhi.core.context_processors import register_nav

        from . import services

        todos.register(services.todos)
        register_nav("依法决策", "规范性文件", "normative:normativedocument_list", "normative.view_normativedocument")
        register_nav("依法决策", "规范性文件清理", "normative:cleanupcampaign_list", "normative.view_cleanupcampaign")
