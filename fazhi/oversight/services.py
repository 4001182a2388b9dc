"""Services of the work ledger.

The ledger has no statutory deadline of its own: entries are recorded as things happen, and the report
calendar (departments by 1 March, publication by 1 April, 督察工作规定 Art. 24) belongs to the report
builder, which reads the ledger. So there is no ``todos()`` here. What the ledger offers its readers is
one scoped query: the entries of a unit (and its subtree) for a year, in the order a report lists them."""

from datetime import date

from django.db.models import Case, IntegerField, Value, When

from fazhi.core.models import subtree_q

from .choices import ReportSection
from .models import LedgerEntry

SECTION_ORDER = [s.value for s in ReportSection]


def entries_for_report(user, org, year, include_below=True):
    """The entries of ``org`` (and the units below it unless ``include_below`` is false) that happened in
    ``year`` and that ``user`` may see, ordered by report section, highlights first, then by date; figures
    and attachments prefetched. Always starts from ``visible_to(user)`` (DESIGN.md §4.1)."""
    qs = LedgerEntry.objects.visible_to(user).filter(happened_on__gte=date(year, 1, 1), happened_on__lte=date(year, 12, 31))
    qs = qs.filter(subtree_q("org", org)) if include_below else qs.filter(org=org)
    order = Case(*[When(section=s, then=Value(i)) for i, s in enumerate(SECTION_ORDER)], output_field=IntegerField())
    return qs.select_related("org").prefetch_related("figures", "attachments").order_by(order, "-highlight", "happened_on", "pk")
