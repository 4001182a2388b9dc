"""``fazhi holidays``: seeding the holiday table from chinese-calendar."""

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.choices import HolidayKind
from fazhi.core.models import Holiday
from fazhi.core.periods import CalendarDataMissing, clear_calendar_cache, is_working_day, seed_holidays

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def run(*args):
    out = StringIO()
    call_command("holidays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_writes_the_holidays_and_make_up_days_of_a_year():
    output = run("--year", "2024")
    # 2024: 元旦 1 + 春节 8 + 清明 3 + 劳动节 5 + 端午 1 + 中秋 3 + 国庆 7 = 28 days off; 8 make-up days.
    assert "2024 年：法定节假日 28 天、调休上班日 8 天（新增 36 条，更新 0 条）" in output
    assert Holiday.objects.filter(date__year=2024).count() == 36
    national_day = Holiday.objects.get(date=date(2024, 10, 1))
    assert (national_day.kind, national_day.name, national_day.source) == (
        HolidayKind.HOLIDAY,
        "国庆节",
        "chinese-calendar",
    )
    make_up = Holiday.objects.get(date=date(2024, 10, 12))
    assert (make_up.kind, make_up.name) == (HolidayKind.WORKDAY, "调休上班（国庆节）")
    assert Holiday.objects.get(date=date(2024, 4, 4)).name == "清明节"
    assert Holiday.objects.get(date=date(2024, 6, 10)).name == "端午节"
    assert not is_working_day(date(2024, 10, 1))
    assert is_working_day(date(2024, 10, 12))


@pytest.mark.django_db
def test_a_combined_national_day_and_mid_autumn_break_gets_the_combined_name():
    run("--year", "2023", "--year", "2025")
    assert Holiday.objects.get(date=date(2023, 9, 29)).name == "国庆节、中秋节"
    assert Holiday.objects.get(date=date(2025, 10, 6)).name == "国庆节、中秋节"
    assert Holiday.objects.get(date=date(2025, 9, 28)).name == "调休上班（国庆节、中秋节）"


@pytest.mark.django_db
def test_several_years_are_reported_one_line_each():
    output = run("--year", "2026", "--year", "2025")
    lines = [line for line in output.splitlines() if line]
    assert [line[:7] for line in lines] == ["2025 年：", "2026 年："]


@pytest.mark.django_db
def test_running_the_command_twice_changes_nothing_the_second_time():
    run("--year", "2025")
    before = list(Holiday.objects.values_list("date", "kind", "name", "source"))
    output = run("--year", "2025")
    assert "（新增 0 条，更新 0 条）" in output
    assert list(Holiday.objects.values_list("date", "kind", "name", "source")) == before
    assert seed_holidays(2025) == (0, 0)


@pytest.mark.django_db
def test_a_row_entered_by_hand_is_not_overwritten():
    Holiday.objects.create(date=date(2024, 10, 7), kind=HolidayKind.WORKDAY, name="本县调整", source="manual")
    output = run("--year", "2024")
    row = Holiday.objects.get(date=date(2024, 10, 7))
    assert (row.kind, row.name, row.source) == (HolidayKind.WORKDAY, "本县调整", "manual")
    assert "保留人工维护记录 1 条" in output
    assert "法定节假日 27 天" in output
    assert is_working_day(date(2024, 10, 7))


@pytest.mark.django_db
def test_a_changed_or_withdrawn_seeded_row_is_put_right():
    seed_holidays(2024)
    Holiday.objects.filter(date=date(2024, 10, 1)).update(name="错误名称")
    Holiday.objects.create(date=date(2024, 3, 8), kind=HolidayKind.HOLIDAY, source="chinese-calendar")
    assert seed_holidays(2024) == (0, 2)
    assert Holiday.objects.get(date=date(2024, 10, 1)).name == "国庆节"
    assert not Holiday.objects.filter(date=date(2024, 3, 8)).exists()


@pytest.mark.django_db
def test_an_unsupported_year_is_a_clear_error_and_writes_nothing():
    with pytest.raises(CommandError, match="未收录 2099 年的节假日安排.*人工录入"):
        run("--year", "2024", "--year", "2099")
    assert not Holiday.objects.exists()
    with pytest.raises(CalendarDataMissing):
        seed_holidays(2099)


def test_an_unsupported_year_exits_with_code_1_and_a_chinese_message_on_stderr():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "fazhi", "holidays", "--year", "2099"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "未收录 2099 年的节假日安排" in result.stderr
    assert result.stdout == ""


@pytest.mark.django_db
def test_list_prints_the_rows_of_the_year_without_writing():
    assert "2024 年：节假日表中没有记录。" in run("--year", "2024", "--list")
    assert not Holiday.objects.exists()
    run("--year", "2024")
    Holiday.objects.create(
        date=date(2024, 12, 31), kind=HolidayKind.HOLIDAY, name="本县假日", source="manual"
    )
    output = run("--year", "2024", "--list")
    assert "2024 年：法定节假日 29 天、调休上班日 8 天。" in output
    assert "2024-10-12 周六  调休上班日  调休上班（国庆节）  [chinese-calendar]" in output
    assert "2024-12-31 周二  法定节假日（休息）  本县假日  [人工维护]" in output
