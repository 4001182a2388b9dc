from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fazhi.api"
    label = "api"
    verbose_name = "接口"

    def ready(self):
        from fazhi.core.context_processors import business_user, register_nav

        register_nav("工作台", "我的接口令牌", "api_tokens:mine", business_user)
        register_nav("系统管理", "接口令牌", "api_tokens:all", "api.view_apitoken")
