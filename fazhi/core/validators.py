"""The bounds every value a user types or imports must keep, declared once for every registry.

* Dates lie between :data:`DATE_MIN` and :data:`DATE_MAX` (:func:`validate_date_range`): nothing the
  platform records happened before 1990, and a statutory period counted from a date near the calendar's
  end (9999-12-31) has no last day. Every date field of a registry model is a
  :class:`fazhi.core.fields.DateField`, which carries the bound to its form field, the Excel import
  (it goes through the same forms) and ``full_clean``; the core forms add it to any other date field.
* A date on which something was received, applied for or accepted has happened: :class:`NotInFuture`
  (``DateField(..., not_in_future=True)``).
* A text never holds a NUL character (PostgreSQL refuses it in text columns): :data:`NUL_MESSAGE`, given
  by the core forms before any field is cleaned.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)

DATE_RANGE_MESSAGE = f"日期应在 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间。"
NUL_MESSAGE = "不能含有空字符（\\x00），请删除后重新填写。"


def validate_date_range(value):
    """A date between 1990-01-01 and 2100-12-31 (None and blank are left to ``required``)."""
    if value is None or value == "":
        return
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")


@deconstructible
class NotInFuture:
    """A date that has already happened (a receipt, an application, an acceptance): not after today in the
    platform's time zone. ``label`` names the date in the message: “收到申请日期不能晚于今天。”"""

    code = "date_in_future"

    def __init__(self, label="日期"):
        self.label = str(label)

    def __call__(self, value):
        if value is None or value == "" or value > DATE_MAX:
            return  # beyond the range: validate_date_range says so, once
        if value > timezone.localdate():
            raise ValidationError(f"{self.label}不能晚于今天。", code=self.code)

    def __eq__(self, other):
        return isinstance(other, NotInFuture) and other.label == self.label

    def __hash__(self):
        return hash((NotInFuture, self.label))


def contains_nul(value):
    """Whether a submitted value (a string, or a list of them from a multiple select) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, str) and "\x00" in v for v in value)
    return False


__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "DATE_RANGE_MESSAGE",
    "NUL_MESSAGE",
    "NotInFuture",
    "contains_nul",
    "validate_date_range",
]
