from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self):
        from . import checks, periods, signals  # noqa: F401

        periods.connect_signals()
