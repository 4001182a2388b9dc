from django.utils import timezone

from fazhi.core.tables import Column, Table

from .models import CleanupCampaign, NormativeDocument


class NormativeDocumentTable(Table):
    model = NormativeDocument
    default_order = "-published_on"
    columns = [
        Column("document_no", link=True),
        Column("title"),
        Column("issuer", "制定机关", order_by="issuer__path"),
        Column("org", "起草单位", order_by="org__path"),
        Column("state"),
        Column("published_on"),
        Column("status"),
        Column("expires_on"),
        Column("filed_on", "备案完成"),
        Column("filed_on_time"),
    ]

    def cell(self, obj, column):
        if column.field == "document_no" and not obj.document_no:
            return f"（未编号）{obj.title[:12]}"
        return super().cell(obj, column)

    def row_class(self, obj):
        today = timezone.localdate()
        if obj.status in ("effective", "amended") and obj.expires_on:
            if obj.expires_on < today:
                return "table-danger"
            if obj.expiry_warning_on <= today:
                return "table-warning"
        return ""


class CleanupCampaignTable(Table):
    model = CleanupCampaign
    default_order = "-started_on"
    columns = [
        Column("name", link=True),
        Column("org", "组织单位", order_by="org__path"),
        Column("scope_org", "清理范围", order_by="scope_org__path"),
        Column("started_on"),
        Column("state"),
        Column("applied_on"),
    ]
