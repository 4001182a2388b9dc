"""Seeding the Holiday table from chinese-calendar (``fazhi holidays``), and the names of the holidays."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.db import transaction

from ..choices import HolidayKind
from .calendar import ONE_DAY, clear_calendar_cache

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
    from ..models import Holiday

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
