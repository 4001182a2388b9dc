from django.apps import AppConfig


class LegalityConfig(AppConfig):
    name = "fazhi.legality"
    label = "legality"
    verbose_name = "合法性审查"

    def ready(self):
        from fazhi.core import todos
        from fazhi.core.context_processors import register_nav

        from . import services

        todos.register(services.todos)
        register_nav("依法决策", "合法性审查", "legality:reviewrequest_list", "legality.view_reviewrequest")
        register_nav("依法决策", "会议议题", "legality:meetingtopic_list", "legality.view_meetingtopic")
