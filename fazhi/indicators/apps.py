from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
