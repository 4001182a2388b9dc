from fazhi.core.tables import Column, Table

from .models import MeetingTopic, ReviewRequest


class ReviewRequestTable(Table):
    model = ReviewRequest
    default_order = "-submitted_on"
    columns = [
        Column("review_no", link=True),
        Column("title"),
        Column("kind"),
        Column("submitting_org", "送审单位", order_by="submitting_org__path"),
        Column("submitted_on"),
        Column("org", "审查机构", order_by="org__path"),
        Column("state"),
        Column("conclusion"),
        Column("review_working_days", "用时（工作日）"),
        Column("deadline_text", "审查期限", order_by="due_on"),
    ]

    def row_class(self, obj):
        if obj.state in ("submitted", "reviewing", "supplement"):
            if obj.is_overdue:
                return "table-danger"
            if obj.days_left is not None and obj.days_left <= 3:
                return "table-warning"
        return ""

    def cell(self, obj, column):
        if column.field == "deadline_text" and obj.state not in ("submitted", "reviewing", "supplement"):
            return ""
        return super().cell(obj, column)


class MeetingTopicTable(Table):
    model = MeetingTopic
    default_order = "-meeting_on"
    columns = [
        Column("title", link=True),
        Column("meeting_kind"),
        Column("meeting_name"),
        Column("meeting_on"),
        Column("submitting_org", "提交单位", order_by="submitting_org__path"),
        Column("put_to_meeting"),
        Column("reviewed"),
    ]

    def row_class(self, obj):
        return "table-warning" if obj.put_to_meeting and not obj.reviewed else ""
