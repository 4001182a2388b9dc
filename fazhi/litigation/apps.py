from fazhi.core import registry


class LitigationConfig(registry.RegistryConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
    nav = (
        registry.Nav("争议化解", "行政应诉", "lawsuit"),
    )
