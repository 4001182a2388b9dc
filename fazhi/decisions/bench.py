"""How the benchmark generator copies the major decision registry (:mod:`fazhi.core.bench`): a catalogue is in its
year; a decision in the year it was initiated, with its procedures; a contract in the year it was signed (or, not
yet signed, created)."""

from fazhi.core.bench import Spec

from .models import AdministrativeContract, DecisionCatalogue, MajorDecision, Procedure

SPECS = [
    Spec(DecisionCatalogue, key=("year",)),
    Spec(MajorDecision, key=("initiated_on",)),
    Spec(Procedure, parent="decision_id"),
    Spec(AdministrativeContract, key=("signed_on", "created_at")),
]
