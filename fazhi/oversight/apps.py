from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "法治督察与工作台账"

    def ready(self):
        from fazhi.core.context_processors import register_nav

        register_nav("法治督察", "工作台账", "oversight:ledgerentry_list", "oversight.view_ledgerentry")
