from django.apps import AppConfig


class AdvisersConfig(AppConfig):
    name = "fazhi.advisers"
    label = "advisers"
    verbose_name = "法律顾问"

    def ready(self):
        from fazhi.core import todos

        from . import services

        todos.register(services.todos)
