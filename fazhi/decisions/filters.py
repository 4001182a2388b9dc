import django_filters
from django.utils import timezone

from fazhi.core.forms import RegistryFilterSet

from .choices import SIGNED_STATES, Category, ContractKind, ContractState, State
from .models import AdministrativeContract, DecisionCatalogue, MajorDecision


class DecisionCatalogueFilter(RegistryFilterSet):
    search_fields = ("title", "document_no")

    year = django_filters.NumberFilter(label="年度", field_name="year")

    class Meta:
        model = DecisionCatalogue
        fields = ["q", "org", "year"]


class MajorDecisionFilter(RegistryFilterSet):
    search_fields = ("number", "title", "decision_no", "summary")

    state = django_filters.ChoiceFilter(label="状态", choices=State.choices, empty_label="全部状态")
    category = django_filters.ChoiceFilter(label="事项类别", choices=Category.choices, empty_label="全部类别")
    complete = django_filters.BooleanFilter(label="法定程序完备")
    year = django_filters.NumberFilter(label="启动年份", field_name="initiated_on", lookup_expr="year")
    decided_year = django_filters.NumberFilter(label="决定年份", field_name="decided_on", lookup_expr="year")

    class Meta:
        model = MajorDecision
        fields = ["q", "org", "state", "category", "complete", "year", "decided_year"]


class AdministrativeContractFilter(RegistryFilterSet):
    search_fields = ("title", "contract_no", "counterparty_name")

    state = django_filters.ChoiceFilter(label="状态", choices=ContractState.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="协议类型", choices=ContractKind.choices, empty_label="全部类型")
    year = django_filters.NumberFilter(label="签订年份", field_name="signed_on", lookup_expr="year")
    filing = django_filters.ChoiceFilter(label="备案", choices=[("unfiled", "未备案"), ("overdue", "逾期未备案"), ("filed", "已备案")],
                                         method="filter_filing", empty_label="全部")

    class Meta:
        model = AdministrativeContract
        fields = ["q", "org", "state", "kind", "year", "filing"]

    def filter_filing(self, queryset, name, value):
        signed = queryset.filter(state__in=list(SIGNED_STATES))
        if value == "filed":
            return signed.filter(filed_on__isnull=False)
        unfiled = signed.filter(filed_on__isnull=True)
        return unfiled.filter(filing_due__lt=timezone.localdate()) if value == "overdue" else unfiled
