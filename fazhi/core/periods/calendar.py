"""The working-day calendar: the Holiday table read once per process, and counting working days.

Working days come from the ``Holiday`` table (seeded from ``chinese-calendar`` by :func:`seed_holidays`,
editable by staff): Monday–Friday unless a ``holiday`` row exists for the date, Saturday and Sunday
only when a ``workday`` row (调休上班) exists. The table is read once into an in-process cache
(:func:`get_calendar`), reset by the ``post_save``/``post_delete`` receivers that :func:`connect_signals`
connects, and in any case re-read after ``CALENDAR_CACHE_SECONDS`` so that other worker processes pick
up a staff edit."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ..choices import HolidayKind

ONE_DAY = timedelta(days=1)

#: Seconds after which a process re-reads the holiday table even without a signal (another worker
#: process may have changed it; signals only reach the process that saved the row).
CALENDAR_CACHE_SECONDS = 300

@dataclass(frozen=True)
class WorkingCalendar:
    """An immutable view of the holiday table.

    ``holidays``: dates on which no one works (a statutory holiday on a weekday, or a named day of a
    holiday break). ``workdays``: weekend dates that are working days (调休上班). ``years``: the years
    that have at least one row — a year without any row has most likely not been entered yet.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def from_dates(cls, holidays=(), workdays=()):
        holidays, workdays = frozenset(holidays), frozenset(workdays)
        return cls(holidays, workdays, frozenset(d.year for d in holidays | workdays))

    @classmethod
    def from_db(cls):
        from ..models import Holiday

        holidays, workdays = set(), set()
        for day, kind in Holiday.objects.values_list("date", "kind"):
            (workdays if kind == HolidayKind.WORKDAY else holidays).add(day)
        return cls.from_dates(holidays, workdays)

    def covers(self, year):
        """Whether the holiday table has any row for ``year`` (if not, only weekends are known)."""
        return year in self.years

    def is_working_day(self, d):
        """Mon–Fri unless a statutory holiday; Sat/Sun only when a make-up working day (调休上班)."""
        if d.weekday() >= 5:
            return d in self.workdays
        return d not in self.holidays

    def next_working_day(self, d):
        """``d`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def add_working_days(self, d, n):
        """The ``n``-th working day after ``d`` (``d`` itself not counted). A negative ``n`` counts
        backwards: the ``|n|``-th working day before ``d``; ``n == 0`` returns ``d``."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, a, b):
        """Number of working days ``d`` with ``a < d <= b`` (0 when ``b <= a``)."""
        count, d = 0, a
        while d < b:
            d += ONE_DAY
            if self.is_working_day(d):
                count += 1
        return count


_cache_lock = threading.Lock()
_calendar_cache: tuple[WorkingCalendar, float] | None = None


def get_calendar():
    """The holiday table as a :class:`WorkingCalendar`, read once per process (one query)."""
    global _calendar_cache
    cached = _calendar_cache
    if cached is not None and time.monotonic() - cached[1] < CALENDAR_CACHE_SECONDS:
        return cached[0]
    with _cache_lock:
        cal = WorkingCalendar.from_db()
        _calendar_cache = (cal, time.monotonic())
        return cal


def clear_calendar_cache(*args, **kwargs):
    """Forget the cached holiday and period tables (signal receiver; accepts and ignores any arguments)."""
    global _calendar_cache
    _calendar_cache = None
    from .statutory import clear_period_cache

    clear_period_cache()


def _on_change(sender, **kwargs):
    clear_calendar_cache()
    # A save inside a transaction: reset again after commit, so that a read in between (which saw
    # the uncommitted row in this connection only) does not survive in the cache.
    transaction.on_commit(clear_calendar_cache)


def connect_signals():
    """Connect the cache resets to ``post_save``/``post_delete`` of Holiday and Period.

    Called from ``CoreConfig.ready``; the ``dispatch_uid`` makes repeated calls harmless. Bulk writes
    (``QuerySet.update``, ``bulk_create``) send no signal: call :func:`clear_calendar_cache` after them
    (:func:`seed_holidays` does).
    """
    from django.db.models.signals import post_delete, post_save

    from ..models import Holiday, Period

    for model in (Holiday, Period):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_change,
                sender=model,
                weak=False,
                dispatch_uid=f"fazhi.core.periods.clear_cache.{model.__name__}.{signal is post_save}",
            )


def resolve_calendar(calendar):
    """``calendar``, or the cached holiday table when it is None."""
    return calendar if calendar is not None else get_calendar()


def is_working_day(d, calendar=None):
    """Whether ``d`` is a working day: Mon–Fri unless a ``Holiday(kind=holiday)`` row exists for it;
    Sat/Sun only when a ``Holiday(kind=workday)`` row (调休上班) exists."""
    return resolve_calendar(calendar).is_working_day(d)


def next_working_day(d, calendar=None):
    """``d`` itself when a working day, else the first working day after it (民事诉讼法第八十五条第三款)."""
    return resolve_calendar(calendar).next_working_day(d)


def add_working_days(d, n, calendar=None):
    """The ``n``-th working day after ``d`` (``d`` not counted); negative ``n`` counts backwards,
    e.g. the latest day for a notice that must be given ``n`` working days before ``d``."""
    return resolve_calendar(calendar).add_working_days(d, n)


def working_days_between(a, b, calendar=None):
    """Number of working days in ``(a, b]``."""
    return resolve_calendar(calendar).working_days_between(a, b)


def days_left(due, today=None):
    """Calendar days from ``today`` (default: the local date) to ``due``; negative when overdue,
    ``None`` when there is no due date (e.g. the clock is stopped)."""
    if due is None:
        return None
    return (due - (today or timezone.localdate())).days


# --------------------------------------------------------------------------------------------------
# Due dates
