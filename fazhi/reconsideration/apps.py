from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self):
        from fazhi.core import todos
        from fazhi.core.context_processors import register_nav

        from . import services

        todos.register(services.todos)
        register_nav("争议化解", "行政复议", "reconsideration:reconsiderationcase_list", "reconsideration.view_reconsiderationcase")
