import django_filters
from django.utils import timezone

from fazhi.core.forms import RegistryFilterSet

from .choices import IN_FORCE, CampaignState, State, Status
from .models import CleanupCampaign, NormativeDocument, add_months, in_force_q


class NormativeDocumentFilter(RegistryFilterSet):
    search_fields = ("document_no", "title", "issuing_no", "legal_basis", "summary")

    state = django_filters.ChoiceFilter(label="办理状态", choices=State.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="效力状态", choices=Status.choices, empty_label="全部")
    year = django_filters.NumberFilter(label="公布年份", field_name="published_on", lookup_expr="year")
    watch = django_filters.ChoiceFilter(label="提醒", method="filter_watch", empty_label="全部", choices=[
        ("in_force", "现行有效"), ("expiring", "六个月内到期"), ("filing_due", "未完成备案"), ("late", "超期报备"),
    ])

    class Meta:
        model = NormativeDocument
        fields = ["q", "org", "state", "status", "year", "watch"]

    def filter_watch(self, queryset, name, value):
        today = timezone.localdate()
        if value == "in_force":
            return queryset.filter(in_force_q(today))
        if value == "expiring":
            return queryset.filter(state="published", status__in=IN_FORCE, expires_on__lte=add_months(today, 6))
        if value == "filing_due":
            return queryset.filter(state="published", filed_on__isnull=True)
        return queryset.filter(filed_on_time=False)


class CleanupCampaignFilter(RegistryFilterSet):
    search_fields = ("name", "note")

    state = django_filters.ChoiceFilter(label="状态", choices=CampaignState.choices, empty_label="全部")

    class Meta:
        model = CleanupCampaign
        fields = ["q", "org", "state"]
