from fazhi.core import registry


class NormativeConfig(registry.RegistryConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"
    nav = (
        registry.Nav("依法决策", "规范性文件", "normativedocument"),
        registry.Nav("依法决策", "规范性文件清理", "cleanupcampaign"),
    )
