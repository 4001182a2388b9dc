from fazhi.core.tables import Column, Table

from .models import AdministrativeContract, DecisionCatalogue, MajorDecision


class DecisionCatalogueTable(Table):
    model = DecisionCatalogue
    default_order = "-year"
    columns = [
        Column("title", link=True),
        Column("org", "决策机关", order_by="org__path"),
        Column("year"),
        Column("party_agreed_on"),
        Column("published_on"),
    ]


class MajorDecisionTable(Table):
    model = MajorDecision
    default_order = "-initiated_on"
    columns = [
        Column("number", link=True),
        Column("title"),
        Column("org", "决策承办单位", order_by="org__path"),
        Column("initiated_on"),
        Column("procedure_count", "已履行程序（次）", sortable=False),
        Column("state"),
        Column("decided_on"),
        Column("complete_text", "法定程序完备", sortable=False),
        Column("publication_due", "公布期限"),
    ]

    def cell(self, obj, column):
        if column.field == "publication_due" and obj.publication_due is None:
            return ""
        return super().cell(obj, column)

    def row_class(self, obj):
        if obj.is_decided and not obj.complete:
            return "table-warning"
        if obj.is_overdue:
            return "table-danger"
        return ""


class AdministrativeContractTable(Table):
    model = AdministrativeContract
    default_order = "-signed_on"
    columns = [
        Column("title", link=True),
        Column("org", "签约机关", order_by="org__path"),
        Column("counterparty_name", "相对人"),
        Column("amount"),
        Column("signed_on"),
        Column("legality_review__review_no", "合法性审查", sortable=False),
        Column("state"),
        Column("filing_text", "备案", order_by="filing_due"),
    ]

    def row_class(self, obj):
        if obj.is_overdue:
            return "table-danger"
        if obj.days_left is not None and obj.days_left <= 3:
            return "table-warning"
        return ""
