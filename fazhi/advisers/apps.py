from fazhi.core import registry


class AdvisersConfig(registry.RegistryConfig):
    name = "fazhi.advisers"
    label = "advisers"
    verbose_name = "法律顾问"
    nav = (
        registry.Nav("依法决策", "法律顾问", "legaladviser"),
    )
