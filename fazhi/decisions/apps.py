from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "依法决策"

    def ready(self):
        from fazhi.core import todos
        from fazhi.core.context_processors import register_nav

        from . import services

        todos.register(services.todos)
        register_nav("依法决策", "决策事项目录", "decisions:decisioncatalogue_list", "decisions.view_decisioncatalogue")
        register_nav("依法决策", "重大行政决策", "decisions:majordecision_list", "decisions.view_majordecision")
        register_nav("依法决策", "行政协议", "decisions:administrativecontract_list", "decisions.view_administrativecontract")
