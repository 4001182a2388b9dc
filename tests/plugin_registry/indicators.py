"""Indicators of 普法活动: the events held in the period (by ``held_on``), of each kind, and their audience."""

from django.db.models import Q

from fazhi.indicators.definitions import Breakdown, Count, Identity, Sum, register, register_checks

from .choices import EventKind
from .models import PublicityEvent

PREFIX = "publicity_events."

register(
    Count(PREFIX + "held", "举办普法活动", PublicityEvent, date_field="held_on", unit="场",
          description="举办日期在期内的普法活动场次"),
    *[Count(f"{PREFIX}held.{kind.value}", f"举办{kind.label}", PublicityEvent, date_field="held_on",
            filter=Q(kind=kind.value), unit="场") for kind in EventKind],
    Sum(PREFIX + "audience", "普法活动受众", PublicityEvent, "audience", date_field="held_on", unit="人次"),
    Breakdown(PREFIX + "by_kind", "普法活动形式分布", PublicityEvent, "held_on", "kind", PREFIX + "held",
              choices=dict(EventKind.choices)),
)

register_checks(
    Identity(PREFIX + "held_identity", "活动场次 = 各形式之和", PREFIX + "held",
             tuple(f"{PREFIX}held.{kind.value}" for kind in EventKind)),
)
