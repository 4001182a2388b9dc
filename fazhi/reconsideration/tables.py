from fazhi.core.tables import Column, Table

from .models import ReconsiderationCase


class ReconsiderationCaseTable(Table):
    model = ReconsiderationCase
    default_order = "-received_on"
    columns = [
        Column("case_no", link=True),
        Column("received_on"),
        Column("applicant_names", "申请人", pii="name", sortable=False),
        Column("respondent_name"),
        Column("act_kind"),
        Column("state"),
        Column("outcome"),
        Column("next_due_label", "下一期限事项", sortable=False),
        Column("next_due", "期限"),
        Column("days_left", "剩余天数", sortable=False, css="text-end"),
    ]

    def row_class(self, obj):
        if obj.is_overdue:
            return "table-danger"
        if obj.days_left is not None and obj.days_left <= 3:
            return "table-warning"
        return ""
