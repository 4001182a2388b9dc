import django_filters

from fazhi.core.forms import RegistryFilterSet

from .choices import AdviserKind
from .models import LegalAdviser


class LegalAdviserFilter(RegistryFilterSet):
    search_fields = ("name", "firm", "license_no", "scope_of_service")

    kind = django_filters.ChoiceFilter(label="类别", choices=AdviserKind.choices, empty_label="全部类别")
    active_on = django_filters.DateFilter(label="在聘日期", method="filter_active_on")

    class Meta:
        model = LegalAdviser
        fields = ["q", "org", "kind", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(contract_start__lte=value, contract_end__gte=value)
