from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fazhi.api"
    label = "api"
    verbose_name = "接口"

    def ready(self):
        from fazhi.core.context_processors import business_user, register_nav

        register_nav("工作台", "我的接口令牌", "api_tokens:mine", business_user)
        register_nav("系统管理", "接口令牌", "api_tokens:all", "api.view_apitoken")
        self.name_enums()

    @staticmethod
    def name_enums():
        """Each set of choices in the schema named after the model and field that hold it, where fields of one name
        hold different sets (a party's 类型 and an adviser's 类型): ``PartyKindEnum``, not ``Kind692Enum``."""
        from django.apps import apps
        from django.conf import settings

        by_name = {}
        for model in apps.get_models():
            if not model.__module__.startswith("fazhi.") or model.__name__.startswith("Historical"):
                continue  # a field history repeats its model's choices
            for field in model._meta.concrete_fields:
                if field.choices:
                    values = tuple(sorted(str(v) for v, _label in field.flatchoices))
                    by_name.setdefault(field.name, {}).setdefault(values, (model, field))
        overrides = {}
        for name, sets in by_name.items():
            if len(sets) > 1:
                for model, field in sets.values():
                    camel = "".join(part.capitalize() for part in name.split("_"))
                    overrides[f"{model.__name__}{camel}Enum"] = list(field.flatchoices)
        settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(overrides)
