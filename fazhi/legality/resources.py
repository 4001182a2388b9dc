from fazhi.core.excel import Resource, XField, register

from . import services
from .forms import MeetingTopicForm, ReviewLedgerForm
from .models import MeetingTopic, ReviewRequest


@register("legality_review")
class ReviewRequestResource(Resource):
    """One row per item sent for review: the columns of a bureau's review ledger (合法性审查台账)."""

    model = ReviewRequest
    form_class = ReviewLedgerForm
    title = "合法性审查"
    fields = [
        XField("review_no", "审查编号", importable=False, width=20),
        XField("submitting_org", "送审单位", width=24),
        XField("kind"),
        XField("title", width=40),
        XField("submitted_on"),
        XField("contact"),
        XField("legal_basis", width=30),
        XField("procedure_note", width=30),
        XField("exploratory"),
        XField("received_on"),
        XField("conclusion"),
        XField("opinion_on"),
        XField("opinion_summary", width=30),
        XField("opinion_items", "审查意见条目", kind="str", required=False, width=40, help="多条以“；”或换行分隔。"),
        XField("withdrawn_on"),
        XField("org", "审查机构", importable=False, width=20),
        XField("state", "状态", importable=False),
        XField("reviewer", "承办人", importable=False),
        XField("review_working_days", "审查用时（工作日）", importable=False),
        XField("advisers_text", "征询的法律顾问", importable=False, width=24),
        XField("due_on", "审查期限", importable=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name == "opinion_items":
                f.importable = True

    def derive(self, obj, data):
        services.derive_state(obj, data)

    def export_value(self, obj, f, unmasked):
        if f.name == "opinion_items":
            return "\n".join(f"{i.number}. {i.content}" for i in obj.items.all())
        if f.name == "advisers_text":
            return "、".join(c.adviser.name for c in obj.consultations.all())
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        qs = queryset.select_related("org", "submitting_org", "reviewer").prefetch_related("items", "consultations__adviser")
        return qs


@register("meeting_topic")
class MeetingTopicResource(Resource):
    model = MeetingTopic
    form_class = MeetingTopicForm
    title = "会议议题"
    fields = [
        XField("org", "会议单位", width=20),
        XField("title", width=40),
        XField("meeting_kind"),
        XField("meeting_name", width=24),
        XField("meeting_on"),
        XField("submitting_org", "提交单位", width=24),
        XField("put_to_meeting"),
        XField("reviewed"),
        XField("review", "合法性审查", importable=False, width=24),
    ]
