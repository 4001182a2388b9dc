"""How the benchmark generator copies 普法活动 (:mod:`fazhi.core.bench`): an event is in the year it was held."""

from fazhi.core.bench import Spec

from .models import PublicityEvent

SPECS = [
    Spec(PublicityEvent, key=("held_on",)),
]
