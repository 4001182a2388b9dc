"""``fazhi holidays --year 2026 [--year 2027 …] [--list]``: seed or list the holiday table.

Seeding writes each year's statutory holidays and make-up working days (调休上班) from chinese-calendar;
rows entered by hand (source ``manual``) are kept. All years are checked before anything is written,
so an unsupported year changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core.choices import HolidayKind
from fazhi.core.periods import (
    MANUAL_SOURCE,
    SEED_SOURCE,
    CalendarDataMissing,
    chinese_calendar_rows,
    seed_holidays,
)

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "从 chinese-calendar 写入指定年份的法定节假日和调休上班日（不覆盖人工维护的记录）；--list 列出该年记录。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            metavar="YEAR",
            help="年份，可重复，如 --year 2026 --year 2027；默认为当年。",
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="只列出该年份节假日表中的记录，不写入。"
        )

    def handle(self, *args, years=None, list_only=False, **options):
        years = sorted(set(years or [timezone.localdate().year]))
        if list_only:
            for year in years:
                self._list(year)
            return

        # Check every year before writing anything (bad input changes nothing).
        planned = {}
        for year in years:
            try:
                planned[year] = chinese_calendar_rows(year)
            except CalendarDataMissing as exc:
                raise CommandError(str(exc)) from exc

        from fazhi.core.models import Holiday

        for year, rows in planned.items():
            created, updated = seed_holidays(year)
            manual = set(
                Holiday.objects.filter(date__year=year)
                .exclude(source=SEED_SOURCE)
                .values_list("date", flat=True)
            )
            written = [row for row in rows if row.date not in manual]
            n_holidays = sum(1 for row in written if row.kind == HolidayKind.HOLIDAY)
            n_workdays = sum(1 for row in written if row.kind == HolidayKind.WORKDAY)
            message = (
                f"{year} 年：法定节假日 {n_holidays} 天、调休上班日 {n_workdays} 天"
                f"（新增 {created} 条，更新 {updated} 条）"
            )
            if manual:
                message += f"；保留人工维护记录 {len(manual)} 条"
            self.stdout.write(self.style.SUCCESS(message + "。"))

    def _list(self, year):
        from fazhi.core.models import Holiday

        rows = list(Holiday.objects.filter(date__year=year).order_by("date"))
        if not rows:
            self.stdout.write(f"{year} 年：节假日表中没有记录。")
            return
        n_holidays = sum(1 for h in rows if h.kind == HolidayKind.HOLIDAY)
        self.stdout.write(f"{year} 年：法定节假日 {n_holidays} 天、调休上班日 {len(rows) - n_holidays} 天。")
        for h in rows:
            source = "人工维护" if h.source == MANUAL_SOURCE else h.source
            self.stdout.write(
                f"{h.date:%Y-%m-%d} 周{WEEKDAYS[h.date.weekday()]}  {h.get_kind_display()}  {h.name or '—'}  [{source}]"
            )
