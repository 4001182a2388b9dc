from fazhi.core import registry


class OversightConfig(registry.RegistryConfig):
    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "法治督察与工作台账"
    nav = (
        registry.Nav("法治督察", "工作台账", "ledgerentry"),
    )
