"""The working-day calendar and statutory periods (DESIGN.md §4.3, DOMAIN.md §1.1).

Every statutory deadline of the platform is computed by :func:`due_date`. Counting follows

* 《民事诉讼法》（2023）第八十五条 — 期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，
  以法定休假日后的第一日为期间届满的日期（the same rule for administrative litigation:
  《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第四十八条, which says 节假日）;
* 《行政复议法》（2023）第八十八条 — periods the law does not cover follow the 民事诉讼法; its 三日、五日、
  七日、十日 periods are working days (工作日) and exclude statutory holidays; all other periods of the
  law (15, 30, 60 days …) are calendar days;
* 《民法典》第二百零二条 — a period in months ends on the corresponding day of the last month, or on
  that month's last day when there is no corresponding day.

Working days come from the ``Holiday`` table (seeded from ``chinese-calendar`` by :func:`seed_holidays`,
editable by staff): Monday–Friday unless a ``holiday`` row exists for the date, Saturday and Sunday
only when a ``workday`` row (调休上班) exists. The table is read once into an in-process cache
(:func:`get_calendar`), reset by the ``post_save``/``post_delete`` receivers that :func:`connect_signals`
connects, and in any case re-read after ``CALENDAR_CACHE_SECONDS`` so that other worker processes pick
up a staff edit.

Clock stops (补正, 中止, 延期 …) are explicit records; a caller passes them to :func:`due_date` as
``(stop_start, stop_end)`` pairs instead of editing a due date.
"""

from __future__ import annotations

import threading
import time
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .choices import HolidayKind, PeriodUnit

ONE_DAY = timedelta(days=1)

#: Seconds after which a process re-reads the holiday table even without a signal (another worker
#: process may have changed it; signals only reach the process that saved the row).
CALENDAR_CACHE_SECONDS = 300

#: ``Holiday.source`` of rows written by :func:`seed_holidays`; any other source is left untouched.
SEED_SOURCE = "chinese-calendar"
MANUAL_SOURCE = "manual"


class CalendarDataMissing(Exception):
    """chinese-calendar has no holiday arrangement for a year: staff must enter it by hand."""

    def __init__(self, year, supported=None):
        self.year = year
        self.supported = supported
        span = f"（现有数据覆盖 {supported[0]}—{supported[1]} 年）" if supported else ""
        super().__init__(
            f"chinese-calendar 未收录 {year} 年的节假日安排{span}。"
            f"请在“节假日”维护页面按国务院办公厅公布的 {year} 年放假安排，"
            f"人工录入该年的法定节假日和调休上班日。"
        )


class PeriodNotFound(LookupError):
    """No period with this key, neither in the Period table nor in :data:`STATUTORY_PERIODS`."""

    def __init__(self, key):
        self.key = key
        super().__init__(f"未找到代码为“{key}”的法定期限，请先在“法定期限”中维护。")


# --------------------------------------------------------------------------------------------------
# The working-day calendar
# --------------------------------------------------------------------------------------------------


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
        from .models import Holiday

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
_period_cache: tuple[dict[str, tuple[int, str]], float] | None = None


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
    global _calendar_cache, _period_cache
    _calendar_cache = None
    _period_cache = None


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

    from .models import Holiday, Period

    for model in (Holiday, Period):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_change,
                sender=model,
                weak=False,
                dispatch_uid=f"fazhi.core.periods.clear_cache.{model.__name__}.{signal is post_save}",
            )


def _cal(calendar):
    return calendar if calendar is not None else get_calendar()


def is_working_day(d, calendar=None):
    """Whether ``d`` is a working day: Mon–Fri unless a ``Holiday(kind=holiday)`` row exists for it;
    Sat/Sun only when a ``Holiday(kind=workday)`` row (调休上班) exists."""
    return _cal(calendar).is_working_day(d)


def next_working_day(d, calendar=None):
    """``d`` itself when a working day, else the first working day after it (民事诉讼法第八十五条第三款)."""
    return _cal(calendar).next_working_day(d)


def add_working_days(d, n, calendar=None):
    """The ``n``-th working day after ``d`` (``d`` not counted); negative ``n`` counts backwards,
    e.g. the latest day for a notice that must be given ``n`` working days before ``d``."""
    return _cal(calendar).add_working_days(d, n)


def working_days_between(a, b, calendar=None):
    """Number of working days in ``(a, b]``."""
    return _cal(calendar).working_days_between(a, b)


def days_left(due, today=None):
    """Calendar days from ``today`` (default: the local date) to ``due``; negative when overdue,
    ``None`` when there is no due date (e.g. the clock is stopped)."""
    if due is None:
        return None
    return (due - (today or timezone.localdate())).days


# --------------------------------------------------------------------------------------------------
# Due dates
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
    ``period`` (a ``Period`` instance or a period key such as ``"reconsideration.acceptance"``).

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
    cal = _cal(calendar)

    if unit == PeriodUnit.WORKING_DAYS:
        return _count_working_days(start, length, merged, cal)
    if unit == PeriodUnit.MONTHS:
        due = _extend_by_stops(add_months(start, length), merged)
    else:
        due = _extend_by_stops(start + timedelta(days=length), merged)
    if due is None or not roll:
        return due
    return cal.next_working_day(due)


# --------------------------------------------------------------------------------------------------
# Statutory periods
# --------------------------------------------------------------------------------------------------

_FUXI = "《行政复议法》（2023）"
_SUSONG = "《行政诉讼法》（2017）"
_CAL, _WORK, _MONTHS = PeriodUnit.CALENDAR_DAYS.value, PeriodUnit.WORKING_DAYS.value, PeriodUnit.MONTHS.value

#: The statutory periods of DOMAIN.md §1.1 (行政复议) and of 行政应诉 (行政诉讼). Keys are stable
#: identifiers used by the registries; ``seed_periods`` writes them into the Period table.
STATUTORY_PERIODS = [
    {
        "key": "reconsideration.application",
        "label": "申请行政复议期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第二十条第一款、第二款",
        "note": "自知道或者应当知道该行政行为之日起计算；法律规定的申请期限超过六十日的除外。"
        "因不可抗力或者其他正当理由耽误的，自障碍消除之日起继续计算（以中止记录处理）。",
    },
    {
        "key": "reconsideration.application_unnotified_max",
        "label": "未告知复议权利或期限时的最长申请期限",
        "length": 12,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十条第三款",
        "note": "行政机关未告知申请行政复议的权利、复议机关和申请期限的，申请期限自知道或者应当知道上述内容之日起计算，"
        "但自知道或者应当知道行政行为内容之日起最长不得超过一年。",
    },
    {
        "key": "reconsideration.absolute_real_property",
        "label": "不动产行政复议申请最长期限",
        "length": 240,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十一条",
        "note": "因不动产提出的行政复议申请自行政行为作出之日起超过二十年的，不予受理。",
    },
    {
        "key": "reconsideration.absolute_other",
        "label": "其他行政复议申请最长期限",
        "length": 60,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十一条",
        "note": "其他行政复议申请自行政行为作出之日起超过五年的，不予受理。",
    },
    {
        "key": "reconsideration.acceptance",
        "label": "受理审查期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十条、第八十八条第二款",
        "note": "自收到行政复议申请之日起五个工作日内审查；期限届满未作出不予受理决定的，视为受理。",
    },
    {
        "key": "reconsideration.amendment_notice",
        "label": "通知补正期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十一条第一款、第八十八条第二款",
        "note": "自收到申请之日起五个工作日内书面通知申请人补正，一次性载明需要补正的事项。",
    },
    {
        "key": "reconsideration.amendment_supplement",
        "label": "申请人补正期限",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十一条第二款、第八十八条第二款",
        "note": "自收到补正通知之日起十个工作日内提交补正材料；有正当理由的可以延长；"
        "无正当理由逾期不补正的，视为放弃行政复议申请，并记录在案。",
    },
    {
        "key": "reconsideration.forward_by_penalising_agency",
        "label": "处罚机关转送复议申请期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十二条第二款、第八十八条第二款",
        "note": "当场作出或者依据电子技术监控设备记录的违法事实作出的行政处罚，行政机关认为需要维持的，"
        "自收到行政复议申请之日起五个工作日内转送行政复议机关。",
    },
    {
        "key": "reconsideration.copy_ordinary",
        "label": "发送申请书副本期限（普通程序）",
        "length": 7,
        "unit": _WORK,
        "basis": f"{_FUXI}第四十八条、第八十八条第二款",
        "note": "自行政复议申请受理之日起七个工作日内，将申请书副本或者申请笔录复印件发送被申请人。",
    },
    {
        "key": "reconsideration.reply_ordinary",
        "label": "被申请人答复期限（普通程序）",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第四十八条、第八十八条第二款",
        "note": "被申请人自收到申请书副本或者申请笔录复印件之日起十个工作日内提出书面答复，并提交证据、依据和其他材料。",
    },
    {
        "key": "reconsideration.copy_simplified",
        "label": "发送申请书副本期限（简易程序）",
        "length": 3,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十四条第一款、第八十八条第二款",
        "note": "自受理行政复议申请之日起三个工作日内，将申请书副本或者申请笔录复印件发送被申请人。",
    },
    {
        "key": "reconsideration.reply_simplified",
        "label": "被申请人答复期限（简易程序）",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十四条第一款、第八十八条第二款",
        "note": "被申请人自收到申请书副本或者申请笔录复印件之日起五个工作日内提出书面答复，并提交证据、依据和其他材料。",
    },
    {
        "key": "reconsideration.hearing_notice",
        "label": "听证通知期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十一条第一款、第八十八条第二款",
        "note": "倒算期间：应于举行听证的五个工作日前，将听证的时间、地点和拟听证事项书面通知当事人"
        "（最迟通知日可用 add_working_days(听证日, -5) 估算）。",
    },
    {
        "key": "reconsideration.incidental_review",
        "label": "规范性文件附带审查处理期限",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第五十六条、第五十七条",
        "note": "行政复议机关有权处理的，应当在三十日内依法处理（申请人申请附带审查或者复议机关认为依据不合法）。",
    },
    {
        "key": "reconsideration.incidental_transfer",
        "label": "规范性文件附带审查转送期限",
        "length": 7,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十六条、第五十七条、第八十八条第二款",
        "note": "行政复议机关无权处理的，应当在七个工作日内转送有权处理的行政机关、国家机关依法处理。",
    },
    {
        "key": "reconsideration.author_notice",
        "label": "通知制定机关答复期限",
        "length": 3,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十八条第一款、第八十八条第二款",
        "note": "行政复议机构自行政复议中止之日起三个工作日内，书面通知规范性文件或者依据的制定机关提出书面答复。",
    },
    {
        "key": "reconsideration.author_reply",
        "label": "制定机关书面答复期限",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十八条第一款、第八十八条第二款",
        "note": "制定机关自收到书面通知之日起十个工作日内提交书面答复及相关材料。",
    },
    {
        "key": "reconsideration.transferee_reply",
        "label": "接受转送机关回复期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十条",
        "note": "接受转送的行政机关、国家机关自收到转送之日起六十日内，将处理意见回复转送的行政复议机关。",
    },
    {
        "key": "reconsideration.decision_ordinary",
        "label": "行政复议决定期限（普通程序）",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第一款",
        "note": "自受理申请之日起六十日内作出行政复议决定；法律规定的行政复议期限少于六十日的除外。",
    },
    {
        "key": "reconsideration.decision_simplified",
        "label": "行政复议决定期限（简易程序）",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第二款",
        "note": "自受理申请之日起三十日内作出行政复议决定。",
    },
    {
        "key": "reconsideration.extension_max",
        "label": "行政复议决定延长期限（最长）",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第一款",
        "note": "情况复杂的，经行政复议机构负责人批准可以适当延长，并书面告知当事人；延长期限最多不得超过三十日，"
        "自原决定期限届满之日起计算。",
    },
    {
        "key": "reconsideration.suspension_termination",
        "label": "中止满期终止期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第四十一条第（五）项",
        "note": "依照第三十九条第一款第一项、第二项、第四项中止行政复议满六十日，中止原因仍未消除的，终止行政复议。",
    },
    {
        "key": "reconsideration.sue_after_refusal",
        "label": "复议前置案件不予受理等情形的起诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_FUXI}第三十四条",
        "note": "复议前置案件，行政复议机关决定不予受理、驳回申请或者受理后超过复议期限不作答复的，"
        "自收到决定书之日起或者行政复议期限届满之日起十五日内可以提起行政诉讼。",
    },
    {
        "key": "reconsideration.opinion_letter_followup",
        "label": "行政复议意见书整改情况报送期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第七十六条",
        "note": "有关机关自收到行政复议意见书之日起六十日内，将纠正相关违法或者不当行政行为的情况报送行政复议机关。",
    },
    {
        "key": "litigation.filing",
        "label": "直接起诉期限",
        "length": 6,
        "unit": _MONTHS,
        "basis": f"{_SUSONG}第四十六条第一款",
        "note": "自知道或者应当知道作出行政行为之日起六个月内提出；法律另有规定的除外。",
    },
    {
        "key": "litigation.sue_after_reconsideration",
        "label": "不服复议决定的起诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第四十五条",
        "note": "自收到复议决定书之日起十五日内提起诉讼；复议机关逾期不作决定的，自复议期满之日起十五日内。",
    },
    {
        "key": "litigation.defence",
        "label": "行政应诉答辩期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第六十七条第一款",
        "note": "被告自收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状。",
    },
    {
        "key": "litigation.appeal",
        "label": "不服一审判决上诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第八十五条",
        "note": "自判决书送达之日起十五日内向上一级人民法院提起上诉。",
    },
    {
        "key": "litigation.appeal_ruling",
        "label": "不服一审裁定上诉期限",
        "length": 10,
        "unit": _CAL,
        "basis": f"{_SUSONG}第八十五条",
        "note": "自裁定书送达之日起十日内向上一级人民法院提起上诉（行政诉讼期间为自然日，不适用行政复议法第八十八条的工作日规则）。",
    },
]

_STATUTORY_BY_KEY = {p["key"]: p for p in STATUTORY_PERIODS}


def seed_periods():
    """Create every period of :data:`STATUTORY_PERIODS` that the table lacks; a period staff have edited
    (a local rule or a new law) is left as it is. Returns the number created."""
    from .models import Period

    created = 0
    with transaction.atomic():
        for spec in STATUTORY_PERIODS:
            _, was_created = Period.objects.get_or_create(
                key=spec["key"], defaults={k: v for k, v in spec.items() if k != "key"}
            )
            created += was_created
    clear_calendar_cache()
    return created


def period_spec(period):
    """``(length, unit)`` of a Period instance or a period key.

    A key is looked up in the Period table (cached like the calendar); a key the table does not hold
    yet falls back to :data:`STATUTORY_PERIODS`; an unknown key raises :class:`PeriodNotFound`.
    """
    if not isinstance(period, str):
        return period.length, period.unit
    global _period_cache
    cached = _period_cache
    if cached is not None and time.monotonic() - cached[1] < CALENDAR_CACHE_SECONDS:
        table = cached[0]
    else:
        from .models import Period

        rows = Period.objects.values_list("key", "length", "unit")
        table = {key: (length, unit) for key, length, unit in rows}
        _period_cache = (table, time.monotonic())
    if period in table:
        return table[period]
    if period in _STATUTORY_BY_KEY:
        spec = _STATUTORY_BY_KEY[period]
        return spec["length"], spec["unit"]
    raise PeriodNotFound(period)


# --------------------------------------------------------------------------------------------------
# Seeding the holiday table from chinese-calendar
# --------------------------------------------------------------------------------------------------

#: chinese_calendar's Holiday enum values (English) → the names used in the State Council's notices.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
COMBINED_NATIONAL_MID_AUTUMN = "国庆节、中秋节"
MAKE_UP_DAY = "调休上班"


def _chinese_name(english):
    if not english:
        return ""
    if english in HOLIDAY_NAMES:
        return HOLIDAY_NAMES[english]
    try:
        from chinese_calendar import Holiday as CCHoliday

        return CCHoliday(english).chinese
    except (ImportError, ValueError, AttributeError):
        return english


def supported_years():
    """``(first, last)`` year that the installed chinese-calendar covers."""
    from chinese_calendar.constants import holidays

    return min(holidays).year, max(holidays).year


class HolidayRow(NamedTuple):
    date: date
    kind: str
    name: str


def chinese_calendar_rows(year):
    """The holiday-table rows of ``year`` according to chinese-calendar.

    Every statutory holiday on a weekday and every named day of a holiday break (kind ``holiday``),
    and every weekend day that is a working day (kind ``workday``, name ``调休上班（<festival>）``).
    When 国庆节 and 中秋节 form one break (2023, 2025), its days are named ``国庆节、中秋节``, and so are
    that year's make-up days of either festival. Raises :class:`CalendarDataMissing` for a year that
    chinese-calendar does not cover.
    """
    import chinese_calendar

    try:
        first, last = supported_years()
    except Exception:  # pragma: no cover - a broken installation
        first = last = None
    day = date(year, 1, 1)
    try:
        chinese_calendar.get_holiday_detail(day)
    except NotImplementedError as exc:
        raise CalendarDataMissing(year, (first, last) if first else None) from exc

    holidays, workdays = [], []
    while day.year == year:
        is_holiday, english = chinese_calendar.get_holiday_detail(day)
        weekend = day.weekday() >= 5
        if is_holiday and (not weekend or english):
            holidays.append([day, _chinese_name(english)])
        elif weekend and not is_holiday:
            workdays.append([day, _chinese_name(english)])
        day += ONE_DAY

    # One break that holds both 国庆节 and 中秋节 → the combined name, as in the official notices.
    combined = False
    run: list[list] = []
    for entry in [*holidays, None]:
        if entry is not None and run and entry[0] - run[-1][0] == ONE_DAY:
            run.append(entry)
            continue
        if {"国庆节", "中秋节"} <= {name for _, name in run}:
            combined = True
            for item in run:
                item[1] = COMBINED_NATIONAL_MID_AUTUMN
        run = [entry] if entry is not None else []
    for item in workdays:
        if combined and item[1] in ("国庆节", "中秋节"):
            item[1] = COMBINED_NATIONAL_MID_AUTUMN

    rows = [HolidayRow(d, HolidayKind.HOLIDAY.value, name[:30]) for d, name in holidays]
    rows += [
        HolidayRow(d, HolidayKind.WORKDAY.value, (f"{MAKE_UP_DAY}（{name}）" if name else MAKE_UP_DAY)[:30])
        for d, name in workdays
    ]
    return sorted(rows)


class SeedResult(NamedTuple):
    created: int
    updated: int


def seed_holidays(year):
    """Write ``year``'s holidays and make-up working days from chinese-calendar into the Holiday table.

    Returns ``(created, updated)``: rows created, and rows of source ``chinese-calendar`` whose kind or
    name changed or that chinese-calendar no longer lists (these are deleted). Rows of any other source
    (``manual``) are never touched. Running it twice gives ``(0, 0)`` the second time. Raises
    :class:`CalendarDataMissing` (nothing written) for a year chinese-calendar does not cover.
    """
    from .models import Holiday

    rows = chinese_calendar_rows(year)
    created = updated = 0
    with transaction.atomic():
        existing = {h.date: h for h in Holiday.objects.select_for_update().filter(date__year=year)}
        new = []
        for row in rows:
            current = existing.pop(row.date, None)
            if current is None:
                new.append(Holiday(date=row.date, kind=row.kind, name=row.name, source=SEED_SOURCE))
            elif current.source != SEED_SOURCE:
                continue  # entered by hand: staff know better
            elif (current.kind, current.name) != (row.kind, row.name):
                current.kind, current.name = row.kind, row.name
                current.save(update_fields=["kind", "name"])
                updated += 1
        Holiday.objects.bulk_create(new)
        created = len(new)
        stale = [h.pk for h in existing.values() if h.source == SEED_SOURCE]
        if stale:
            Holiday.objects.filter(pk__in=stale).delete()
            updated += len(stale)
    clear_calendar_cache()
    return SeedResult(created, updated)


__all__ = [
    "CALENDAR_CACHE_SECONDS",
    "STATUTORY_PERIODS",
    "CalendarDataMissing",
    "HolidayRow",
    "PeriodNotFound",
    "SeedResult",
    "WorkingCalendar",
    "add_months",
    "add_working_days",
    "chinese_calendar_rows",
    "clear_calendar_cache",
    "connect_signals",
    "days_left",
    "due_date",
    "get_calendar",
    "is_working_day",
    "merge_stops",
    "next_working_day",
    "period_spec",
    "seed_holidays",
    "seed_periods",
    "supported_years",
    "working_days_between",
]
