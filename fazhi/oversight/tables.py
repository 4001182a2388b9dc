from fazhi.core.tables import Column, Table

from .models import LedgerEntry


class LedgerEntryTable(Table):
    model = LedgerEntry
    default_order = "-happened_on"
    columns = [
        Column("happened_on"),
        Column("title", link=True, css="text-wrap"),
        Column("org", "单位", order_by="org__path"),
        Column("section", css="text-wrap"),
        Column("kind"),
        Column("figures_summary", "数据", sortable=False, css="text-wrap"),
        Column("highlight_mark", "亮点", order_by="highlight", css="text-center"),
    ]
