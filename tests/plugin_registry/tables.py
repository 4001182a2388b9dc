from fazhi.core.tables import Column, Table

from .models import PublicityEvent


class PublicityEventTable(Table):
    model = PublicityEvent
    default_order = "-held_on"
    columns = [
        Column("title", link=True),
        Column("kind"),
        Column("org", "举办单位", order_by="org__path"),
        Column("held_on"),
        Column("audience"),
        Column("speaker", sortable=False),
        Column("speaker_phone", sortable=False),
    ]
