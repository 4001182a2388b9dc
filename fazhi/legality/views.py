"""Pages of the legality review registry. The generic registry views, with one difference: both the
reviewing office and the submitting unit see a request, but only the office runs the review steps (the
submitting unit may withdraw its submission), so the transition view and the detail page's action list
check the side the user acts for."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from fazhi.core.views.generic import RegistryDetailView, RegistryTransitionView, RegistryViews

from .filters import MeetingTopicFilter, ReviewRequestFilter
from .forms import MeetingTopicForm, ReviewRequestForm, is_office_side
from .models import MeetingTopic, ReviewRequest
from .resources import MeetingTopicResource, ReviewRequestResource
from .services import SUBMITTER_TRANSITIONS, WORKFLOW
from .tables import MeetingTopicTable, ReviewRequestTable


class ReviewTransitionView(RegistryTransitionView):
    def transition(self):
        t = super().transition()
        if t.name not in SUBMITTER_TRANSITIONS and not is_office_side(self.request.user, self.get_object()):
            raise PermissionDenied("只有审查机构可以办理此项。")
        return t


class ReviewDetailView(RegistryDetailView):
    def workflow_context(self, obj):
        ctx = super().workflow_context(obj)
        if not is_office_side(self.request.user, obj):
            ctx["actions"] = [a for a in ctx["actions"] if a["name"] in SUBMITTER_TRANSITIONS]
        return ctx


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
    def urls(cls):
        replace = {cls.name("transition"): ReviewTransitionView, cls.name("detail"): ReviewDetailView}
        return [path(str(p.pattern), replace[p.name].as_view(registry=cls), name=p.name) if p.name in replace else p for p in super().urls()]

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
