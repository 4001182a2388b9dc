from fazhi.core.tables import Column, Table

from .models import ReconsiderationCase


class ReconsiderationCaseTable(Table):
    model = ReconsiderationCase
    default_order = "-received_on"
    columns = [
        Column("case_no", link=True),
        Column("received_on"),
        Column("applicant_name", "申请人", sortable=False),
        Column("respondent_name"),
        Column("act_kind"),
        Column("state"),
        Column("outcome"),
        Column("deadline_text", "下一期限", order_by="next_due"),
    ]

    def row_class(self, obj):
        if obj.is_overdue:
            return "table-danger"
        if obj.days_left is not None and obj.days_left <= 3:
            return "table-warning"
        return ""
