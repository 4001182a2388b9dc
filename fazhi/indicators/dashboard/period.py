"""The period a dashboard covers: a year, a quarter, a month or a range of days, from the page's query parameters."""

from dataclasses import dataclass
from datetime import date, timedelta

from ..compare import shift_year

PERIOD_KINDS = {"year": "年度", "quarter": "季度", "month": "月份", "range": "自定义时段"}
QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
FIRST_YEAR = 2000


def _day(d_):
    return f"{d_.year}年{d_.month}月{d_.day}日"


@dataclass(frozen=True)
class Period:
    """A span of days [start, end] and how it was chosen (a year, a quarter, a month or a range)."""

    kind: str
    start: date
    end: date

    @property
    def whole_year(self):
        return self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31)

    @property
    def label(self):
        s = self.start
        if self.kind == "year" and self.whole_year:
            return f"{s.year}年"
        if self.kind == "quarter":
            return f"{s.year}年{QUARTERS[(s.month - 1) // 3 + 1]}"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        return f"{_day(self.start)}至{_day(self.end)}"

    def shifted(self, years):
        """The same span ``years`` years later (negative: earlier)."""
        end = self.end
        if self.kind in ("month", "quarter", "year"):
            # Keep the end of the month: February's 28th in a leap year becomes the 29th and back.
            end = month_end(shift_year(date(end.year, end.month, 1), years))
        return Period(self.kind, shift_year(self.start, years), end)

    def params(self):
        """The query parameters that choose this period on the dashboard."""
        p = {"period": self.kind, "year": self.start.year}
        if self.kind == "quarter":
            p["quarter"] = (self.start.month - 1) // 3 + 1
        elif self.kind == "month":
            p["month"] = self.start.month
        elif self.kind == "range":
            p = {"period": "range", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return p


def month_end(first):
    """The last day of the month that begins on ``first``."""
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def default_period(today):
    """The last full year: what a bureau reports on."""
    return Period("year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))


def parse_int(value, low, high, what, errors):
    """``value`` as an integer in [low, high], or None with a Chinese error naming ``what`` appended to ``errors``."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        errors.append(f"{what}“{value}”不是有效的数字。")
        return None
    if not low <= n <= high:
        errors.append(f"{what}应在{low}至{high}之间。")
        return None
    return n


def parse_date(value, what, errors):
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        errors.append(f"{what}“{value}”不是有效日期，应为“2025-01-01”格式。")
        return None


def parse_period(params, today):
    """(Period, [Chinese error]) from the dashboard's query parameters; on an error, the default period."""
    errors = []
    kind = params.get("period") or "year"
    if kind not in PERIOD_KINDS:
        return default_period(today), [f"统计周期“{kind}”无效。"]
    if kind == "range":
        start = parse_date(params.get("start"), "起始日期", errors)
        end = parse_date(params.get("end"), "截止日期", errors)
        if not errors and start > end:
            errors.append("起始日期不能晚于截止日期。")
        if not errors and (start.year < FIRST_YEAR or end.year > today.year + 1):
            errors.append(f"日期应在{FIRST_YEAR}年至{today.year + 1}年之间。")
        if errors:
            return default_period(today), errors
        return Period("range", start, end), []
    year = parse_int(params.get("year") or today.year - 1, FIRST_YEAR, today.year, "年份", errors)
    if year is None:
        return default_period(today), errors
    if kind == "quarter":
        q = parse_int(params.get("quarter") or 1, 1, 4, "季度", errors)
        if q is None:
            return default_period(today), errors
        first = date(year, 3 * q - 2, 1)
        return Period("quarter", first, month_end(date(year, 3 * q, 1))), []
    if kind == "month":
        m = parse_int(params.get("month") or 1, 1, 12, "月份", errors)
        if m is None:
            return default_period(today), errors
        first = date(year, m, 1)
        return Period("month", first, month_end(first)), []
    return Period("year", date(year, 1, 1), date(year, 12, 31)), []


def months(start, end):
    """The first days of the months that [start, end] touches."""
    out, m = [], date(start.year, start.month, 1)
    while m <= end:
        out.append(m)
        m = month_end(m) + timedelta(days=1)
    return out
