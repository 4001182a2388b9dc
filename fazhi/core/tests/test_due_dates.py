"""Due dates of statutory periods (民事诉讼法第八十五条, 行政复议法第八十八条) on the real holiday tables.

Every expected date below was counted by hand from the State Council's arrangement as recorded in
chinese-calendar 1.11 (the table ``seed_holidays`` writes); the comment on each row says why.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.choices import HolidayKind, PeriodUnit
from fazhi.core.models import Holiday, Period
from fazhi.core.periods import (
    PeriodNotFound,
    WorkingCalendar,
    add_months,
    add_working_days,
    clear_calendar_cache,
    connect_signals,
    days_left,
    due_date,
    get_calendar,
    is_working_day,
    merge_stops,
    seed_holidays,
    seed_periods,
    statutory_periods,
    working_days_between,
)

CAL, WORK, MONTHS = PeriodUnit.CALENDAR_DAYS, PeriodUnit.WORKING_DAYS, PeriodUnit.MONTHS


@pytest.fixture(autouse=True)
def fresh_cache():
    # The cache lives in the process; the test database is rolled back between tests without signals.
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def holidays():
    for year in (2023, 2024, 2025, 2026):
        seed_holidays(year)
    return get_calendar()


# --------------------------------------------------------------------------------------------------
# The working-day calendar
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 10, 1), False),  # Tuesday, 国庆节
        (date(2024, 10, 5), False),  # Saturday inside the 国庆节 break
        (date(2024, 10, 8), True),  # Tuesday after the break
        (date(2024, 9, 29), True),  # Sunday, 调休上班 for 国庆节
        (date(2024, 10, 12), True),  # Saturday, 调休上班 for 国庆节
        (date(2024, 10, 13), False),  # ordinary Sunday
        (date(2024, 2, 9), True),  # 除夕 2024 was a working day (only encouraged leave)
        (date(2026, 2, 28), True),  # Saturday, 调休上班 for 春节 2026
        (date(2026, 1, 4), True),  # Sunday, 调休上班 for 元旦 2026
        (date(2025, 10, 8), False),  # Wednesday, last day of 国庆节、中秋节 2025
    ],
)
def test_working_days_follow_the_official_arrangement(holidays, day, working):
    assert is_working_day(day) is working


def test_without_holiday_rows_only_weekends_are_days_off():
    cal = WorkingCalendar()
    assert cal.is_working_day(date(2024, 10, 1))  # no row: an ordinary Tuesday
    assert not cal.is_working_day(date(2024, 10, 12))  # no row: an ordinary Saturday
    assert not cal.covers(2024)


def test_working_days_between_counts_the_half_open_interval():
    cal = WorkingCalendar.from_dates(holidays=[date(2024, 10, 1)], workdays=[date(2024, 10, 5)])
    # (Mon 30 Sep, Sun 6 Oct]: Tue 1 is a holiday, Wed–Fri count, Sat 5 is a make-up day, Sun 6 not.
    assert working_days_between(date(2024, 9, 30), date(2024, 10, 6), calendar=cal) == 4
    assert working_days_between(date(2024, 10, 6), date(2024, 9, 30), calendar=cal) == 0


@pytest.mark.django_db
def test_add_working_days_counts_backwards_for_a_notice_before_a_hearing(holidays):
    # Hearing on Tue 2024-10-15: five working days back are Mon 14, Sat 12 (make-up), Fri 11, Thu 10, Wed 9.
    assert add_working_days(date(2024, 10, 15), -5) == date(2024, 10, 9)
    assert add_working_days(date(2024, 10, 9), 5) == date(2024, 10, 15)
    assert add_working_days(date(2024, 10, 9), 0) == date(2024, 10, 9)


def test_a_month_period_ends_on_the_corresponding_day_or_the_last_day_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
    assert add_months(date(2024, 3, 10), 240) == date(2044, 3, 10)


# --------------------------------------------------------------------------------------------------
# Table tests on real dates
# --------------------------------------------------------------------------------------------------

WORKING_DAY_CASES = [
    # 国庆节 2024: holidays 10-01..07, make-up Sun 09-29 and Sat 10-12.
    # Fri 09-27 + 5: Sat 28 no; Sun 29 make-up (1); Mon 30 (2); 10-01..07 off; Tue 8 (3), Wed 9 (4), Thu 10 (5).
    (date(2024, 9, 27), 5, date(2024, 10, 10)),
    # Mon 09-30 + 10: 10-08..11 (1-4), Sat 12 make-up (5), Sun 13 no, Mon 14..Fri 18 (6-10).
    (date(2024, 9, 30), 10, date(2024, 10, 18)),
    # Wed 10-09 + 3: Thu 10 (1), Fri 11 (2), Sat 12 make-up (3) -> a Saturday due date.
    (date(2024, 10, 9), 3, date(2024, 10, 12)),
    # 中秋节、国庆节 2023: holidays 09-29..10-06, make-up Sat 10-07 and Sun 10-08.
    # Thu 09-28 + 5: 29..06 off; Sat 7 (1), Sun 8 (2), Mon 9 (3), Tue 10 (4), Wed 11 (5).
    (date(2023, 9, 28), 5, date(2023, 10, 11)),
    # Wed 09-27 + 7: Thu 28 (1); 29..06 off; 7 (2), 8 (3), 9 (4), 10 (5), 11 (6), Thu 12 (7).
    (date(2023, 9, 27), 7, date(2023, 10, 12)),
    # 国庆节、中秋节 2025: holidays 10-01..08, make-up Sun 09-28 and Sat 10-11.
    # Fri 09-26 + 5: Sat 27 no; Sun 28 make-up (1); Mon 29 (2); Tue 30 (3); 01..08 off; Thu 9 (4), Fri 10 (5).
    (date(2025, 9, 26), 5, date(2025, 10, 10)),
    # Tue 09-30 + 3: 01..08 off; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3).
    (date(2025, 9, 30), 3, date(2025, 10, 11)),
    # 春节 2024: holidays 02-10..17, make-up Sun 02-04 and Sun 02-18; 除夕 02-09 is a working day.
    # Thu 02-08 + 5: Fri 9 (1); 10..17 off; Sun 18 make-up (2); Mon 19 (3), Tue 20 (4), Wed 21 (5).
    (date(2024, 2, 8), 5, date(2024, 2, 21)),
    # 春节 2025: holidays 01-28..02-04, make-up Sun 01-26 and Sat 02-08.
    # Fri 01-24 + 10: Sat 25 no; Sun 26 (1); Mon 27 (2); 28..04 off; Wed 5 (3), Thu 6 (4), Fri 7 (5),
    # Sat 8 make-up (6); Sun 9 no; Mon 10 (7), Tue 11 (8), Wed 12 (9), Thu 13 (10).
    (date(2025, 1, 24), 10, date(2025, 2, 13)),
    # 春节 2026: holidays 02-15..23, make-up Sat 02-14 and Sat 02-28.
    # Thu 02-12 + 5: Fri 13 (1); Sat 14 make-up (2); 15..23 off; Tue 24 (3), Wed 25 (4), Thu 26 (5).
    (date(2026, 2, 12), 5, date(2026, 2, 26)),
    # Wed 02-25 + 3: Thu 26 (1), Fri 27 (2), Sat 28 make-up (3).
    (date(2026, 2, 25), 3, date(2026, 2, 28)),
    # An ordinary week: Fri 2024-03-08 + 5: Mon 11 .. Fri 15.
    (date(2024, 3, 8), 5, date(2024, 3, 15)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "length", "expected"), WORKING_DAY_CASES)
def test_a_working_day_period_skips_holidays_and_counts_make_up_days(holidays, start, length, expected):
    assert due_date(start, length, WORK) == expected


CALENDAR_DAY_CASES = [
    # 2024-08-02 + 60 = 2024-10-01 (国庆节) -> the break ends 10-07 -> Tue 10-08.
    (date(2024, 8, 2), 60, date(2024, 10, 8)),
    # 2025-08-09 + 60 = 2025-10-08 (last day of 国庆节、中秋节) -> Thu 10-09.
    (date(2025, 8, 9), 60, date(2025, 10, 9)),
    # 2023-09-01 + 30 = 2023-10-01 (国庆节) -> first day after the break is Sat 10-07, a make-up working day.
    (date(2023, 9, 1), 30, date(2023, 10, 7)),
    # 2023-12-13 + 60 = 2024-02-11 (春节) -> first working day after the break is Sun 02-18 (make-up).
    (date(2023, 12, 13), 60, date(2024, 2, 18)),
    # 2025-01-15 + 15 = 2025-01-30 (春节, break 01-28..02-04) -> Wed 02-05.
    (date(2025, 1, 15), 15, date(2025, 2, 5)),
    # 2026-02-05 + 15 = 2026-02-20 (春节, break 02-15..23) -> Tue 02-24.
    (date(2026, 2, 5), 15, date(2026, 2, 24)),
    # 2025-12-02 + 30 = 2026-01-01 (元旦, off 01-01..03) -> Sun 01-04, a make-up working day.
    (date(2025, 12, 2), 30, date(2026, 1, 4)),
    # 2024-03-01 + 15 = Sat 2024-03-16, an ordinary weekend -> Mon 03-18.
    (date(2024, 3, 1), 15, date(2024, 3, 18)),
    # 2024-09-27 + 15 = Sat 2024-10-12, a make-up working day -> not moved.
    (date(2024, 9, 27), 15, date(2024, 10, 12)),
    # 2024-03-01 + 60 = Tue 2024-04-30, a working day (leap year: March 31 is +30).
    (date(2024, 3, 1), 60, date(2024, 4, 30)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "length", "expected"), CALENDAR_DAY_CASES)
def test_a_calendar_day_period_ending_on_a_day_off_moves_to_the_next_working_day(
    holidays, start, length, expected
):
    assert due_date(start, length, CAL) == expected


MONTH_CASES = [
    # 2024-01-31 + 1 month: no 31 February -> Thu 2024-02-29, a working day.
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    # 2023-03-31 + 6 months: no 31 September -> Sat 2023-09-30 (中秋节、国庆节) -> Sat 10-07 (make-up).
    (date(2023, 3, 31), 6, date(2023, 10, 7)),
    # 2025-04-01 + 6 months = 2025-10-01 (国庆节、中秋节, off to 10-08) -> Thu 10-09.
    (date(2025, 4, 1), 6, date(2025, 10, 9)),
    # 2025-08-31 + 6 months -> 2026-02-28, a Saturday but a make-up working day for 春节 -> not moved.
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "length", "expected"), MONTH_CASES)
def test_a_month_period_ends_on_the_same_day_and_moves_off_holidays(holidays, start, length, expected):
    assert due_date(start, length, MONTHS) == expected


@pytest.mark.django_db
def test_roll_false_gives_the_unrolled_last_day(holidays):
    assert due_date(date(2024, 8, 2), 60, CAL, roll=False) == date(2024, 10, 1)


@pytest.mark.django_db
def test_a_period_can_be_named_by_key_or_given_as_a_period_row(holidays):
    # 受理审查 5 working days from Fri 2024-09-27 (see the working-day table above).
    assert due_date(date(2024, 9, 27), period="reconsideration.acceptance") == date(2024, 10, 10)
    seed_periods()
    decision = Period.objects.get(key="reconsideration.decision_ordinary")
    assert due_date(date(2024, 8, 2), period=decision) == date(2024, 10, 8)
    assert due_date(date(2024, 8, 2), period="reconsideration.decision_ordinary") == date(2024, 10, 8)


@pytest.mark.django_db
def test_an_unknown_period_key_is_a_clear_error():
    with pytest.raises(PeriodNotFound, match="未找到"):
        due_date(date(2024, 1, 1), period="reconsideration.nonexistent")


def test_period_and_length_are_exclusive_and_length_must_be_positive():
    cal = WorkingCalendar()
    with pytest.raises(TypeError):
        due_date(date(2024, 1, 1), 5, WORK, period="reconsideration.acceptance", calendar=cal)
    with pytest.raises(TypeError):
        due_date(date(2024, 1, 1), 5, calendar=cal)
    with pytest.raises(ValueError, match="正整数"):
        due_date(date(2024, 1, 1), 0, CAL, calendar=cal)
    with pytest.raises(ValueError):
        due_date(date(2024, 1, 1), 5, "fortnights", calendar=cal)


def test_an_aware_datetime_start_counts_from_its_local_date():
    cal = WorkingCalendar()
    # 2024-03-01 20:00 UTC is already 2024-03-02 in Beijing; + 3 calendar days = Tue 03-05.
    start = datetime(2024, 3, 1, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert due_date(start, 3, CAL, calendar=cal) == date(2024, 3, 5)


# --------------------------------------------------------------------------------------------------
# Clock stops
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_suspension_in_the_middle_of_a_60_day_period_moves_the_due_date_by_the_stopped_days(holidays):
    # Unstopped: 2024-03-01 + 60 = Tue 04-30. Stopped 03-11 -> 03-21: days 12..21 (10 days) do not count.
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 3, 11), date(2024, 3, 21))]) == date(2024, 5, 10)


@pytest.mark.django_db
def test_a_stop_that_begins_after_the_due_date_does_not_matter(holidays):
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 5, 1), date(2024, 5, 20))]) == date(2024, 4, 30)
    # The day the clock stops still counts: a stop beginning on the due date does not extend it either.
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 4, 30), date(2024, 5, 20))]) == date(2024, 4, 30)
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 5, 1), None)]) == date(2024, 4, 30)


@pytest.mark.django_db
def test_an_open_stop_gives_no_due_date(holidays):
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 3, 11), None)]) is None
    assert due_date(date(2024, 3, 4), 10, WORK, stops=[(date(2024, 3, 6), None)]) is None
    assert days_left(None) is None


@pytest.mark.django_db
def test_overlapping_stops_are_merged(holidays):
    stops = [(date(2024, 3, 16), date(2024, 3, 26)), (date(2024, 3, 11), date(2024, 3, 21))]
    assert merge_stops(date(2024, 3, 1), stops) == [(date(2024, 3, 11), date(2024, 3, 26))]
    # 15 stopped days, not 20: 04-30 + 15 = Wed 05-15.
    assert due_date(date(2024, 3, 1), 60, CAL, stops=stops) == date(2024, 5, 15)


@pytest.mark.django_db
def test_a_stop_that_begins_before_the_period_only_removes_the_days_after_the_start(holidays):
    # Days 03-02..03-05 (4) do not count: 04-30 + 4 = Sat 05-04 inside 劳动节 (05-01..05) -> Mon 05-06.
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 2, 20), date(2024, 3, 5))]) == date(2024, 5, 6)
    assert due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 2, 20), date(2024, 2, 28))]) == date(2024, 4, 30)


@pytest.mark.django_db
def test_a_stop_inside_a_working_day_period_skips_the_stopped_working_days(holidays):
    # Mon 2024-03-04 + 10 working days = Mon 03-18. Stopped 03-06 -> 03-12: Tue 5 (1), Wed 6 (2, the day
    # the clock stops counts), 7..12 stopped, Wed 13 (3), Thu 14 (4), Fri 15 (5), 18..22 (6-10).
    assert due_date(date(2024, 3, 4), 10, WORK) == date(2024, 3, 18)
    assert due_date(date(2024, 3, 4), 10, WORK, stops=[(date(2024, 3, 6), date(2024, 3, 12))]) == date(2024, 3, 22)


def test_a_stop_ending_before_it_begins_is_rejected():
    with pytest.raises(ValueError, match="早于"):
        due_date(date(2024, 3, 1), 60, CAL, stops=[(date(2024, 3, 10), date(2024, 3, 5))], calendar=WorkingCalendar())


# --------------------------------------------------------------------------------------------------
# days_left, the cache and the period table
# --------------------------------------------------------------------------------------------------


def test_days_left_counts_from_the_local_date():
    # 2024-10-01 20:00 UTC is already 10-02 in Beijing.
    with time_machine.travel(datetime(2024, 10, 1, 20, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert days_left(date(2024, 10, 8)) == 6
        assert days_left(date(2024, 10, 1)) == -1
    assert days_left(date(2024, 10, 8), today=date(2024, 10, 1)) == 7


@pytest.mark.django_db
def test_editing_the_holiday_table_resets_the_cache():
    connect_signals()  # CoreConfig.ready does this; repeating it is harmless (dispatch_uid)
    assert is_working_day(date(2024, 3, 8))
    row = Holiday.objects.create(date=date(2024, 3, 8), kind=HolidayKind.HOLIDAY, name="本地假日")
    assert not is_working_day(date(2024, 3, 8))
    row.delete()
    assert is_working_day(date(2024, 3, 8))


@pytest.mark.django_db
def test_editing_a_period_resets_the_cache():
    connect_signals()
    seed_periods()
    assert due_date(date(2024, 3, 1), period="litigation.defence") == date(2024, 3, 18)
    period = Period.objects.get(key="litigation.defence")
    period.length = 10
    period.save()
    assert due_date(date(2024, 3, 1), period="litigation.defence") == date(2024, 3, 11)


@pytest.mark.django_db
def test_seed_periods_creates_every_statutory_period_once_and_keeps_staff_edits():
    # The migration has already filled the table; seeding again creates nothing and keeps edits.
    Period.objects.filter(key="litigation.defence").update(length=20)
    assert seed_periods() == 0
    assert Period.objects.count() == len(statutory_periods())
    assert Period.objects.get(key="litigation.defence").length == 20
    Period.objects.filter(key="litigation.defence").update(length=15)
    acceptance = Period.objects.get(key="reconsideration.acceptance")
    assert (acceptance.length, acceptance.unit) == (5, WORK)
    assert "第三十条" in acceptance.basis
    defence = Period.objects.get(key="litigation.defence")
    assert (defence.length, defence.unit) == (15, CAL)
    assert "第六十七条" in defence.basis


def test_the_3_5_7_10_day_reconsideration_periods_are_working_days_and_the_rest_calendar_days():
    # 行政复议法第八十八条第二款.
    for spec in statutory_periods():
        assert spec["key"].startswith(("reconsideration.", "litigation."))
        if spec["key"].startswith("reconsideration.") and spec["unit"] != MONTHS:
            expected = WORK if spec["length"] in (3, 5, 7, 10) else CAL
            assert spec["unit"] == expected, spec["key"]
        if spec["key"].startswith("litigation."):
            assert spec["unit"] != WORK, spec["key"]
    assert len({spec["key"] for spec in statutory_periods()}) == len(statutory_periods())


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=150
)
# Starts in 2023–2025 and lengths that keep every due date inside the seeded years 2023–2026.
starts = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
units = st.sampled_from([CAL, WORK, MONTHS])


def _max_length(unit):
    return {CAL: 200, WORK: 40, MONTHS: 8}[unit]


@st.composite
def periods(draw):
    unit = draw(units)
    return draw(starts), draw(st.integers(1, _max_length(unit))), unit


@st.composite
def closed_stops(draw, start):
    n = draw(st.integers(0, 3))
    result = []
    for _ in range(n):
        s = start + timedelta(days=draw(st.integers(-10, 150)))
        result.append((s, s + timedelta(days=draw(st.integers(0, 40)))))
    return result


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(period=periods())
def test_the_due_date_is_after_the_start(holidays, period):
    start, length, unit = period
    assert due_date(start, length, unit) > start


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(period=periods())
def test_a_longer_period_never_ends_earlier(holidays, period):
    start, length, unit = period
    shorter, longer = due_date(start, length, unit), due_date(start, length + 1, unit)
    assert shorter <= longer
    if unit == WORK:
        assert shorter < longer


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(data=st.data(), period=periods())
def test_stops_never_make_a_due_date_earlier(holidays, data, period):
    start, length, unit = period
    stops = data.draw(closed_stops(start))
    assert due_date(start, length, unit, stops=stops) >= due_date(start, length, unit)


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(data=st.data(), start=starts, length=st.integers(1, 200), k=st.integers(1, 60))
def test_a_stop_of_k_days_inside_a_calendar_day_period_moves_the_unrolled_due_date_by_k(
    holidays, data, start, length, k
):
    unrolled = due_date(start, length, CAL, roll=False)
    stop_start = data.draw(st.dates(min_value=start, max_value=unrolled - timedelta(days=1)))
    stopped = due_date(start, length, CAL, stops=[(stop_start, stop_start + timedelta(days=k))], roll=False)
    assert stopped == unrolled + timedelta(days=k)


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(data=st.data(), start=starts, length=st.integers(1, 40))
def test_a_working_day_period_holds_exactly_its_length_in_working_days_outside_stops(
    holidays, data, start, length
):
    stops = data.draw(closed_stops(start))
    due = due_date(start, length, WORK, stops=stops)
    merged = merge_stops(start, stops)

    def stopped(d):
        return any(s < d <= e for s, e in merged)

    counted = [
        start + timedelta(days=i)
        for i in range(1, (due - start).days + 1)
        if holidays.is_working_day(start + timedelta(days=i)) and not stopped(start + timedelta(days=i))
    ]
    assert len(counted) == length
    assert counted[-1] == due


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(data=st.data(), start=starts, unit=st.sampled_from([CAL, MONTHS]))
def test_a_calendar_or_month_period_ends_on_a_working_day(holidays, data, start, unit):
    length = data.draw(st.integers(1, _max_length(unit)))
    stops = data.draw(closed_stops(start))
    due = due_date(start, length, unit, stops=stops)
    assert holidays.is_working_day(due)
    unrolled = due_date(start, length, unit, stops=stops, roll=False)
    # Only days off lie between the unrolled last day and the due date.
    assert all(
        not holidays.is_working_day(unrolled + timedelta(days=i)) for i in range((due - unrolled).days)
    )
