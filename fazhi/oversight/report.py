"""What the annual report takes from the work ledger (``reports/builder``): every entry of the report's year, as it
is written, under its theme — part one's themes, 第一责任人 (part three) and 其他 (part five). The county
government's report lists its own entries and the highlights of the units below it; the justice bureau's its own
and its stations'; a department's or township's its own."""

from fazhi.reports.builder import Items

from .models import LedgerEntry

ITEMS = [Items(LedgerEntry, date_field="happened_on", section_field="section", title_field="title", text_field="text",
               highlight_field="highlight")]
