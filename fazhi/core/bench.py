"""How the benchmark generator (``bench/generate.py``) copies a registry's rows into the benchmark province.

A registry declares, in its own ``bench.py``, one :class:`Spec` per model it holds, parents before children::

    SPECS = [
        Spec(Record, key=("received_on",)),    # a root row: its first date set puts it in a year
        Spec(RecordRow, parent="record_id"),   # a child row: in the year of its parent
    ]

The generator reads the registries' ``SPECS`` in registry order (``INSTALLED_APPS``), then clones the workflow
log of every row it cloned. A model without a spec is not generated (its table stays as the demo county left it).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """How one model is cloned. ``key``: the dates (or year) that put a root row in a year, the first that is set
    counts; ``parent``: the FK attname whose target decides a child row's year (the parent's spec comes first);
    ``generic``: the workflow log (content type + object id), cloned for the rows cloned before it."""

    model: type
    key: tuple = ()
    parent: str = ""
    generic: bool = False

