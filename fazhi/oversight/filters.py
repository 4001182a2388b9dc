import django_filters
from django.utils import timezone

from fazhi.core.forms import RegistryFilterSet

from .choices import EntryKind, ReportSection
from .models import LedgerEntry

FIRST_YEAR = 2019  # the first annual reports under 督察工作规定 (2019) are the oldest a bureau enters


def years():
    this = timezone.localdate().year
    return [(str(y), f"{y}年") for y in range(this, FIRST_YEAR - 1, -1)]


class LedgerEntryFilter(RegistryFilterSet):
    search_fields = ("title", "text", "leader")

    year = django_filters.ChoiceFilter(label="年度", choices=years, method="filter_year", empty_label="全部年度")
    section = django_filters.ChoiceFilter(label="报告部分", choices=ReportSection.choices, empty_label="全部部分")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntryKind.choices, empty_label="全部类型")
    highlight = django_filters.ChoiceFilter(
        label="亮点", choices=[("1", "仅亮点"), ("0", "非亮点")], method="filter_highlight", empty_label="全部"
    )

    class Meta:
        model = LedgerEntry
        fields = ["q", "org", "year", "section", "kind", "highlight"]

    def filter_year(self, queryset, name, value):
        # A date range, not __year: the (org, happened_on) index serves it.
        y = int(value)
        return queryset.filter(happened_on__gte=f"{y}-01-01", happened_on__lte=f"{y}-12-31")

    def filter_highlight(self, queryset, name, value):
        return queryset.filter(highlight=value == "1")
