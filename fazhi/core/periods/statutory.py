"""Statutory periods: the ones each registry declares (``periods.py``), seeded into the Period table where staff
may amend them, and the length and unit of a period key as the deadlines count it."""

from __future__ import annotations

import time

from django.db import transaction

from .calendar import CALENDAR_CACHE_SECONDS

_period_cache: tuple[dict[str, tuple[int, str]], float] | None = None


def clear_period_cache():
    """Forget the cached period table (``clear_calendar_cache`` calls it too)."""
    global _period_cache
    _period_cache = None


class PeriodNotFound(LookupError):
    """No period with this key, neither in the Period table nor in :func:`statutory_periods`."""

    def __init__(self, key):
        self.key = key
        super().__init__(f"未找到代码为“{key}”的法定期限，请先在“法定期限”中维护。")




#: The statutory periods every registry declares in its ``periods.py`` (``PERIODS``: key, label, length, unit,
#: basis, note); keys are stable identifiers (``<registry>.<what>``). :func:`seed_periods` writes them into the
#: Period table, where staff may amend them.
def statutory_periods():
    from .. import registry

    return registry.periods()


def _statutory(key):
    return next((p for p in statutory_periods() if p["key"] == key), None)



def seed_periods():
    """Create every period of :func:`statutory_periods` that the table lacks; a period staff have edited
    (a local rule or a new law) is left as it is. Returns the number created."""
    from ..models import Period

    created = 0
    with transaction.atomic():
        for spec in statutory_periods():
            _, was_created = Period.objects.get_or_create(
                key=spec["key"], defaults={k: v for k, v in spec.items() if k != "key"}
            )
            created += was_created
    clear_period_cache()
    return created


def period_spec(period):
    """``(length, unit)`` of a Period instance or a period key.

    A key is looked up in the Period table (cached like the calendar); a key the table does not hold
    yet falls back to :func:`statutory_periods`; an unknown key raises :class:`PeriodNotFound`.
    """
    if not isinstance(period, str):
        return period.length, period.unit
    global _period_cache
    cached = _period_cache
    if cached is not None and time.monotonic() - cached[1] < CALENDAR_CACHE_SECONDS:
        table = cached[0]
    else:
        from ..models import Period

        rows = Period.objects.values_list("key", "length", "unit")
        table = {key: (length, unit) for key, length, unit in rows}
        _period_cache = (table, time.monotonic())
    if period in table:
        return table[period]
    spec = _statutory(period)
    if spec is not None:
        return spec["length"], spec["unit"]
    raise PeriodNotFound(period)
