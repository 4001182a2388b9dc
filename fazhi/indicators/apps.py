from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from fazhi.core.context_processors import business_user, register_nav

        from .definitions import date_order_checks, register_checks

        autodiscover_modules("indicators")
        register_checks(*date_order_checks())
        register_nav("工作台", "数据看板", "indicators:dashboard", business_user)
        register_nav("工作台", "一致性检查", "indicators:checks", business_user)
        register_nav("工作台", "指标口径", "indicators:presets", business_user)
        register_nav("工作台", "基期数据", "indicators:baselines", "indicators.view_baseline")
