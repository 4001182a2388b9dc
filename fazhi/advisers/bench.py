"""How the benchmark generator copies the legal adviser registry (:mod:`fazhi.core.bench`): an adviser is in the
year its contract starts."""

from fazhi.core.bench import Spec

from .models import LegalAdviser

SPECS = [
    Spec(LegalAdviser, key=("contract_start",)),
]
