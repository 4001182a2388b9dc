from fazhi.core.tables import Column, Table

from .models import Lawsuit


class LawsuitTable(Table):
    model = Lawsuit
    default_order = "-complaint_received_on"
    columns = [
        Column("case_no", link=True),
        Column("court"),
        Column("trial_level"),
        Column("plaintiff"),
        Column("defendant_org", order_by="defendant_org__path"),
        Column("complaint_received_on"),
        Column("state"),
        Column("result"),
        Column("outcome_class", "胜败", sortable=False),
        Column("head_appeared", "负责人出庭"),
        Column("deadline_text", "下一期限", order_by="next_due"),
    ]

    def row_class(self, obj):
        if obj.is_overdue:
            return "table-danger"
        if obj.days_left is not None and obj.days_left <= 3:
            return "table-warning"
        return ""
