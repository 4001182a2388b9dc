import django_filters
from django.utils import timezone

from fazhi.core.forms import RegistryFilterSet

from .choices import OPEN_STATES, ActKind, Outcome, State
from .models import ManagementArea, ReconsiderationCase


class ReconsiderationCaseFilter(RegistryFilterSet):
    search_fields = ("case_no", "act", "act_no", "respondent_name", "parties__name", "decision_no")
    index_search_fields = ("parties__id_number_index",)  # a whole ID number finds the cases of its party

    state = django_filters.ChoiceFilter(label="状态", choices=State.choices, empty_label="全部状态")
    act_kind = django_filters.ChoiceFilter(label="行政行为类别", choices=ActKind.choices, empty_label="全部类别")
    area = django_filters.ModelChoiceFilter(label="管理领域", queryset=ManagementArea.objects.all(), empty_label="全部领域")
    outcome = django_filters.ChoiceFilter(label="结案方式", choices=Outcome.choices, empty_label="全部")
    year = django_filters.NumberFilter(label="收到年份", field_name="received_on", lookup_expr="year")
    due = django_filters.ChoiceFilter(label="期限", choices=[("overdue", "已逾期"), ("soon", "7日内到期")], method="filter_due", empty_label="全部")

    class Meta:
        model = ReconsiderationCase
        fields = ["q", "org", "state", "act_kind", "area", "outcome", "year", "due"]

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        queryset = queryset.filter(state__in=OPEN_STATES)
        if value == "overdue":
            return queryset.filter(next_due__lt=today)
        return queryset.filter(next_due__gte=today, next_due__lte=today + timezone.timedelta(days=7))
