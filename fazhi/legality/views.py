"""Pages of the legality review registry: the generic registry views. Both the reviewing office and the
submitting unit see a request; the submitting unit is a side of it (``ReviewRequest.sides``) and may only
withdraw it, which the generic transition view and the detail page's action list enforce."""

from fazhi.core.views.generic import RegistryViews

from .filters import MeetingTopicFilter, ReviewRequestFilter
from .forms import MeetingTopicForm, ReviewRequestForm, is_office_side
from .models import MeetingTopic, ReviewRequest
from .resources import MeetingTopicResource, ReviewRequestResource
from .services import WORKFLOW
from .tables import MeetingTopicTable, ReviewRequestTable


class ReviewRequestViews(RegistryViews):
    model = ReviewRequest
    form_class = ReviewRequestForm
    filterset_class = ReviewRequestFilter
    table_class = ReviewRequestTable
    resource_class = ReviewRequestResource
    workflow = WORKFLOW
    prefetch = ("submitting_org",)
    detail_template = "legality/detail.html"
    detail_fields = [
        "review_no", "title", "kind", "submitting_org", "submitted_on", "contact", "org", "state", "received_on", "reviewer",
        "assigned_on", "legal_basis", "procedure_note", "exploratory", "conclusion", "opinion_on", "opinion_summary",
        "review_working_days", "withdrawn_on",
    ]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        from fazhi.core.rules import get_rule

        extra = {
            "items": list(obj.items.all()),
            "consultations": list(obj.consultations.select_related("adviser")),
            "stops": list(obj.clock_stops.all()),
            "earliest": obj.earliest_opinion_on() if obj.is_open else None,
            "max_days": get_rule(obj.org, "legality_max_working_days"),
            "office_side": is_office_side(request.user, obj),
        }
        documents = getattr(obj, "normative_documents", None)
        if documents is not None:
            extra["documents"] = list(documents.all())
        return extra


class MeetingTopicViews(RegistryViews):
    model = MeetingTopic
    form_class = MeetingTopicForm
    filterset_class = MeetingTopicFilter
    table_class = MeetingTopicTable
    resource_class = MeetingTopicResource
    prefetch = ("submitting_org",)
    detail_fields = ["title", "org", "meeting_kind", "meeting_name", "meeting_on", "submitting_org", "put_to_meeting", "reviewed", "review"]
