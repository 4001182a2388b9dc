from fazhi.core import registry


class PublicityEventsConfig(registry.RegistryConfig):
    name = "tests.plugin_registry"
    label = "publicity_events"
    verbose_name = "普法活动"
    nav = (
        registry.Nav("基层治理与公共法律服务", "普法活动", "publicityevent"),
    )
