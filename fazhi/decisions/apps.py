from fazhi.core import registry


class DecisionsConfig(registry.RegistryConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "依法决策"
    nav = (
        registry.Nav("依法决策", "决策事项目录", "decisioncatalogue"),
        registry.Nav("依法决策", "重大行政决策", "majordecision"),
        registry.Nav("依法决策", "行政协议", "administrativecontract"),
    )
