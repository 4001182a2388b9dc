"""The working-day calendar and statutory periods (DESIGN.md §4.3, DOMAIN.md §1.1), by job:

* :mod:`.calendar` — the Holiday table as a :class:`WorkingCalendar`, cached per process; working days;
* :mod:`.due` — :func:`due_date`: a statutory deadline from its start, its period and the record's clock stops;
* :mod:`.statutory` — the periods each registry declares (``periods.py``), the Period table staff may amend;
* :mod:`.holidays` — seeding the Holiday table from chinese-calendar.

Every statutory deadline of the platform is computed by :func:`due_date`. Clock stops (补正, 中止, 延期 …) are
explicit records; a caller passes them as ``(stop_start, stop_end)`` pairs instead of editing a due date."""

from .calendar import (
    CALENDAR_CACHE_SECONDS,
    ONE_DAY,
    WorkingCalendar,
    add_working_days,
    clear_calendar_cache,
    connect_signals,
    days_left,
    get_calendar,
    is_working_day,
    next_working_day,
    working_days_between,
)
from .due import add_months, due_date, merge_stops
from .holidays import (
    MANUAL_SOURCE,
    SEED_SOURCE,
    CalendarDataMissing,
    HolidayRow,
    SeedResult,
    chinese_calendar_rows,
    seed_holidays,
    supported_years,
)
from .statutory import PeriodNotFound, period_spec, seed_periods, statutory_periods

__all__ = [
    "CALENDAR_CACHE_SECONDS",
    "MANUAL_SOURCE",
    "ONE_DAY",
    "SEED_SOURCE",
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
    "statutory_periods",
    "supported_years",
    "working_days_between",
]
