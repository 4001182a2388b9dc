from fazhi.core import registry


class LegalityConfig(registry.RegistryConfig):
    name = "fazhi.legality"
    label = "legality"
    verbose_name = "合法性审查"
    nav = (
        registry.Nav("依法决策", "合法性审查", "reviewrequest"),
        registry.Nav("依法决策", "会议议题", "meetingtopic"),
    )
