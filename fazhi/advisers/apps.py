from django.apps import AppConfig


class AdvisersConfig(AppConfig):
    name = "fazhi.advisers"
    label = "advisers"
    verbose_name = "法律顾问"

    def ready(self):
        from fazhi.core import todos
        from fazhi.core.context_processors import register_nav

        from . import services

        todos.register(services.todos)
        register_nav("依法决策", "法律顾问", "advisers:legaladviser_list", "advisers.view_legaladviser")
