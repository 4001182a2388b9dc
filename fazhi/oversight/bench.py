"""How the benchmark generator copies the work ledger (:mod:`fazhi.core.bench`): an entry is in the year it
happened; its figures go with it."""

from fazhi.core.bench import Spec

from .models import LedgerEntry, LedgerFigure

SPECS = [
    Spec(LedgerEntry, key=("happened_on",)),
    Spec(LedgerFigure, parent="entry_id"),
]
