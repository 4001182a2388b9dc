"""How the benchmark generator copies the reconsideration registry (:mod:`fazhi.core.bench`): a case is in the year
it was received; its parties, clock stops and opinion letters go with it."""

from fazhi.core.bench import Spec

from .models import ClockStop, OpinionLetter, Party, ReconsiderationCase

SPECS = [
    Spec(ReconsiderationCase, key=("received_on",)),
    Spec(Party, parent="case_id"),
    Spec(ClockStop, parent="case_id"),
    Spec(OpinionLetter, parent="case_id"),
]
