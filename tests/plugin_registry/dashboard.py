"""普法活动 on the 数据看板: the events held and the share of each kind."""

from fazhi.indicators.panels import Panels, ShareChart

DASHBOARD = Panels(
    tiles=("publicity_events.held", "publicity_events.held.lecture"),
    shares=(ShareChart("publicity_events.by_kind", "pie", 300),),
)
