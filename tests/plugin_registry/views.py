from fazhi.core.views.generic import RegistryViews

from .filters import PublicityEventFilter
from .forms import PublicityEventForm
from .models import PublicityEvent
from .resources import PublicityEventResource
from .tables import PublicityEventTable


class PublicityEventViews(RegistryViews):
    model = PublicityEvent
    form_class = PublicityEventForm
    filterset_class = PublicityEventFilter
    table_class = PublicityEventTable
    resource_class = PublicityEventResource
    detail_fields = ["org", "kind", "title", "held_on", "audience", "speaker", "speaker_phone", "note",
                     "created_by", "created_at", "updated_by", "updated_at"]
