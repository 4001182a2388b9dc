import django_filters
from django.db.models import Q
from django.utils import timezone

from fazhi.core.choices import OrgKind
from fazhi.core.forms import RegistryFilterSet

from .choices import LOST, MEDIATED_OR_WITHDRAWN, OPEN_STATES, WON, ActKind, Instance, Result, State
from .models import DEPARTMENT_KINDS, Lawsuit

OUTCOMES = {"won": Q(result__in=WON), "lost": Q(result__in=LOST), "mediated_or_withdrawn": Q(result__in=MEDIATED_OR_WITHDRAWN)}
DEFENDANT_SCOPES = {
    "government": Q(defendant_org__kind=OrgKind.GOVERNMENT, co_defendant_government=False),
    "departments": Q(defendant_org__kind__in=DEPARTMENT_KINDS),
    "co_defendant": Q(co_defendant_government=True),
}


class LawsuitFilter(RegistryFilterSet):
    search_fields = ("case_no", "court", "act", "plaintiff", "defendant_org__name")

    state = django_filters.ChoiceFilter(label="状态", choices=State.choices, empty_label="全部状态")
    trial_level = django_filters.ChoiceFilter(label="审级", choices=Instance.choices, empty_label="全部审级")
    act_kind = django_filters.ChoiceFilter(label="被诉行为类别", choices=ActKind.choices, empty_label="全部类别")
    result = django_filters.ChoiceFilter(label="裁判结果", choices=Result.choices, empty_label="全部结果")
    outcome = django_filters.ChoiceFilter(label="胜败", choices=[("won", "胜诉"), ("lost", "败诉"), ("mediated_or_withdrawn", "调撤")],
                                          method="filter_outcome", empty_label="全部")
    defendant_scope = django_filters.ChoiceFilter(
        label="被告", choices=[("government", "县政府单独被告"), ("departments", "部门及乡镇"), ("co_defendant", "县政府为复议机关共同被告")],
        method="filter_defendant_scope", empty_label="全部被告")
    year = django_filters.NumberFilter(label="收案年份", field_name="complaint_received_on", lookup_expr="year")
    due = django_filters.ChoiceFilter(label="答辩期限", choices=[("overdue", "已逾期"), ("soon", "7日内到期")], method="filter_due", empty_label="全部")

    class Meta:
        model = Lawsuit
        fields = ["q", "org", "state", "trial_level", "act_kind", "result", "outcome", "defendant_scope", "year", "due"]

    def filter_outcome(self, queryset, name, value):
        return queryset.filter(OUTCOMES[value])

    def filter_defendant_scope(self, queryset, name, value):
        return queryset.filter(DEFENDANT_SCOPES[value])

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        queryset = queryset.filter(state__in=OPEN_STATES, next_due__isnull=False)
        if value == "overdue":
            return queryset.filter(next_due__lt=today)
        return queryset.filter(next_due__gte=today, next_due__lte=today + timezone.timedelta(days=7))
