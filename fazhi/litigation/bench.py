"""How the benchmark generator copies the litigation registry (:mod:`fazhi.core.bench`): a lawsuit is in the year
its complaint was received; its hearings go with it."""

from fazhi.core.bench import Spec

from .models import Hearing, Lawsuit

SPECS = [
    Spec(Lawsuit, key=("complaint_received_on",)),
    Spec(Hearing, parent="lawsuit_id"),
]
