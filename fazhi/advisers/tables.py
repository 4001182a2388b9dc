from django.utils import timezone

from fazhi.core.tables import Column, Table

from .models import LegalAdviser


class LegalAdviserTable(Table):
    model = LegalAdviser
    default_order = "-contract_end"
    columns = [
        Column("name", link=True),
        Column("kind"),
        Column("org", "聘用单位", order_by="org__path"),
        Column("firm"),
        Column("phone", sortable=False),
        Column("contract_start"),
        Column("contract_end"),
        Column("status", "状态", sortable=False),
    ]

    def row_class(self, obj):
        today = timezone.localdate()
        if obj.contract_end < today:
            return "table-secondary"
        if (obj.contract_end - today).days <= 30:
            return "table-warning"
        return ""
