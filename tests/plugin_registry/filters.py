import django_filters

from fazhi.core.forms import RegistryFilterSet

from .choices import EventKind
from .models import PublicityEvent


class PublicityEventFilter(RegistryFilterSet):
    search_fields = ("title", "speaker", "note")

    kind = django_filters.ChoiceFilter(label="活动形式", choices=EventKind.choices, empty_label="全部形式")
    held_from = django_filters.DateFilter(label="举办日期起", field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label="举办日期止", field_name="held_on", lookup_expr="lte")

    class Meta:
        model = PublicityEvent
        fields = ["q", "org", "kind", "held_from", "held_to"]
