import django_filters
from django.utils import timezone

from fazhi.core.forms import RegistryFilterSet
from fazhi.core.models import subtree_q

from .choices import OPEN_STATES, Conclusion, MeetingKind, ReviewKind, State
from .models import MeetingTopic, ReviewRequest


class ReviewRequestFilter(RegistryFilterSet):
    search_fields = ("review_no", "title", "submitting_org__name", "contact")

    kind = django_filters.ChoiceFilter(label="送审类别", choices=ReviewKind.choices, empty_label="全部类别")
    state = django_filters.ChoiceFilter(label="状态", choices=State.choices, empty_label="全部状态")
    conclusion = django_filters.ChoiceFilter(label="审查结论", choices=Conclusion.choices, empty_label="全部结论")
    year = django_filters.NumberFilter(label="送审年份", field_name="submitted_on", lookup_expr="year")
    due = django_filters.ChoiceFilter(label="期限", choices=[("overdue", "已逾期"), ("soon", "7日内到期")], method="filter_due", empty_label="全部")

    class Meta:
        model = ReviewRequest
        fields = ["q", "org", "kind", "state", "conclusion", "year", "due"]

    def in_org(self, queryset, name, value):
        """The reviewing office or the submitting unit is the chosen unit or below it."""
        return queryset.filter(subtree_q("org", value) | subtree_q("submitting_org", value))

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        queryset = queryset.filter(state__in=list(OPEN_STATES))
        if value == "overdue":
            return queryset.filter(due_on__lt=today)
        return queryset.filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=7))


class MeetingTopicFilter(RegistryFilterSet):
    search_fields = ("title", "meeting_name")

    meeting_kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices, empty_label="全部")
    reviewed = django_filters.BooleanFilter(label="已经合法性审查")
    year = django_filters.NumberFilter(label="会议年份", field_name="meeting_on", lookup_expr="year")

    class Meta:
        model = MeetingTopic
        fields = ["q", "org", "meeting_kind", "reviewed", "year"]
