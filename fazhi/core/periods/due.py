"""Statutory deadlines: :func:`due_date` counts a period from its start, over the working-day calendar,
with the clock stops of a record (补正, 中止, 延期 …) passed as ``(stop_start, stop_end)`` pairs.

Counting follows

* 《民事诉讼法》（2023）第八十五条 — 期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，
  以法定休假日后的第一日为期间届满的日期（the same rule for 行政诉讼:
  《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第四十八条, which says 节假日）;
* 《行政复议法》（2023）第八十八条 — periods the law does not cover follow the 民事诉讼法; its 三日、五日、
  七日、十日 periods are working days (工作日) and exclude statutory holidays; all other periods of the
  law (15, 30, 60 days …) are calendar days;
* 《民法典》第二百零二条 — a period in months ends on the corresponding day of the last month, or on
  that month's last day when there is no corresponding day."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils import timezone

from ..choices import PeriodUnit
from .calendar import ONE_DAY, resolve_calendar
from .statutory import period_spec

# --------------------------------------------------------------------------------------------------


def add_months(d, n):
    """Same day-of-month ``n`` months later; the month's last day when that day does not exist
    (《民法典》第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日)."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    if not date.min.year <= y <= date.max.year:
        raise OverflowError(f"{n} months from {d:%Y-%m-%d} is outside the calendar")
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def _as_date(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    return value


class _Stop(NamedTuple):
    start: date
    end: date | None  # None: still stopped


def merge_stops(start, stops):
    """Normalise clock stops: days ``d`` with ``stop_start < d <= stop_end`` are not counted.

    Stops are clipped to the period (only days after ``start`` matter), empty stops dropped, and
    overlapping or touching stops merged; the result is sorted. ``stop_end`` None means the clock is
    still stopped. A stop ending before it starts is an error.
    """
    clipped = []
    for pair in stops:
        s, e = pair
        s, e = _as_date(s), _as_date(e)
        if s is None:
            raise ValueError("期限中止记录缺少开始日期。")
        if e is not None and e < s:
            raise ValueError(f"期限中止的结束日期 {e:%Y-%m-%d} 早于开始日期 {s:%Y-%m-%d}。")
        s = max(s, start)
        if e is not None and e <= s:
            continue
        clipped.append(_Stop(s, e))
    clipped.sort(key=lambda st: st.start)
    merged: list[_Stop] = []
    for st in clipped:
        if merged and (merged[-1].end is None or st.start <= merged[-1].end):
            last = merged[-1]
            end = None if last.end is None or st.end is None else max(last.end, st.end)
            merged[-1] = _Stop(last.start, end)
        else:
            merged.append(st)
    return merged


def _extend_by_stops(due, stops):
    """Push a calendar-day due date back by the stopped days of every stop that begins before the
    running due date; None when such a stop is still open."""
    for st in stops:
        if st.start >= due:
            break
        if st.end is None:
            return None
        due += st.end - st.start
    return due


def _count_working_days(start, length, stops, cal):
    d, i, counted = start, 0, 0
    while counted < length:
        d += ONE_DAY
        while i < len(stops) and stops[i].end is not None and stops[i].end < d:
            i += 1
        if i < len(stops) and stops[i].start < d:
            if stops[i].end is None:
                return None
            d = stops[i].end  # jump over (start, end]; the next day is counted again
            continue
        if cal.is_working_day(d):
            counted += 1
    return d


def due_date(start, length=None, unit=None, *, period=None, stops=(), calendar=None, roll=True):
    """The last day of a statutory period that begins on ``start``; None while the clock is stopped.

    Give either ``length`` and ``unit`` (a :class:`~fazhi.core.choices.PeriodUnit` or its value) or
    ``period`` (a ``Period`` instance or a period key such as ``"<label>.acceptance"``: a registry's app label and the period's name).

    * The first day is not counted (《民事诉讼法》第八十五条第二款; 《民法典》第二百零一条).
    * Calendar days: the counted days are ``start + 1``, ``start + 2`` …
    * Working days: only working days count — the 三日、五日、七日、十日 of 《行政复议法》第八十八条第二款,
      which exclude statutory holidays (and weekends, except make-up working days 调休上班).
    * Months: the same day of the month ``length`` months later, the month's last day when that day
      does not exist (《民法典》第二百零二条).
    * Clock stops: ``stops`` is an iterable of ``(stop_start, stop_end)`` date pairs (补正, 中止 …).
      Days ``d`` with ``stop_start < d <= stop_end`` are not counted — the day the clock stops
      counts, the day it resumes does not. Only stops that begin before the running due date matter;
      overlapping stops are merged. A stop with ``stop_end=None`` (still stopped) that begins before
      the running due date gives ``None``. For month periods the stopped calendar days are added to
      the month-end date.
    * Rolling: when the last day of a calendar-day or month period is not a working day (a weekend or
      a statutory holiday), the period ends on the next working day (《民事诉讼法》第八十五条第三款:
      期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期). A working-day period
      always ends on a working day. ``roll=False`` gives the unrolled date (for display or checks).

    ``calendar`` is a :class:`WorkingCalendar`; by default the cached holiday table.

    A period whose last day would fall after ``date.max`` (9999-12-31) has no date: None, as for a stopped
    clock. The forms keep every date a user enters within 1990–2100 (:mod:`fazhi.core.validators`), so this
    only guards a computation that is handed such a date some other way.
    """
    try:
        return _due_date(start, length, unit, period=period, stops=stops, calendar=calendar, roll=roll)
    except OverflowError:
        return None


def _due_date(start, length, unit, *, period, stops, calendar, roll):
    if period is not None:
        if length is not None or unit is not None:
            raise TypeError("due_date(): give either period or length and unit, not both")
        length, unit = period_spec(period)
    elif length is None or unit is None:
        raise TypeError("due_date(): give length and unit, or period")
    unit = PeriodUnit(unit)
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValueError(f"期限长度必须是正整数，收到 {length!r}。")
    start = _as_date(start)
    merged = merge_stops(start, stops)
    cal = resolve_calendar(calendar)

    if unit == PeriodUnit.WORKING_DAYS:
        return _count_working_days(start, length, merged, cal)
    if unit == PeriodUnit.MONTHS:
        due = _extend_by_stops(add_months(start, length), merged)
    else:
        due = _extend_by_stops(start + timedelta(days=length), merged)
    if due is None or not roll:
        return due
    return cal.next_working_day(due)
