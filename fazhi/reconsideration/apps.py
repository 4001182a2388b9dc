from fazhi.core import registry


class ReconsiderationConfig(registry.RegistryConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
    nav = (
        registry.Nav("争议化解", "行政复议", "reconsiderationcase"),
    )
