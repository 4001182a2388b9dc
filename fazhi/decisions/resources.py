"""Excel sheets of the decisions app, in the words of a bureau's own ledgers: the 决策事项目录, the
重大行政决策台账 (one row per item, one date column per procedure) and the 行政协议台账."""

from fazhi.core.excel import Resource, XField, register

from . import services
from .choices import ProcedureKind
from .forms import (
    LEDGER_PROCEDURES,
    AdministrativeContractLedgerForm,
    DecisionCatalogueForm,
    MajorDecisionLedgerForm,
)
from .models import AdministrativeContract, DecisionCatalogue, MajorDecision


@register("decision_catalogue")
class DecisionCatalogueResource(Resource):
    model = DecisionCatalogue
    form_class = DecisionCatalogueForm
    title = "重大行政决策事项目录"
    fields = [
        XField("org", "决策机关", width=24),
        XField("year"),
        XField("title", width=40),
        XField("party_agreed_on"),
        XField("published_on"),
        XField("channel", width=20),
        XField("document_no", width=20),
        XField("note", width=30),
        XField("item_count", "事项数", kind="int", importable=False),
    ]

    def export_value(self, obj, f, unmasked):
        if f.name == "item_count":
            return obj.n_items
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        from django.db.models import Count

        return queryset.select_related("org").annotate(n_items=Count("items"))


#: export-only columns: the number of procedures of each kind held
PROCEDURE_COUNT_COLUMNS = {
    "count_public_participation": (ProcedureKind.PUBLIC_PARTICIPATION, "征求意见（次）"),
    "count_hearing": (ProcedureKind.HEARING, "听证会（场）"),
    "count_expert_review": (ProcedureKind.EXPERT_REVIEW, "专家论证（次）"),
    "count_risk_assessment": (ProcedureKind.RISK_ASSESSMENT, "风险评估（次）"),
}


@register("major_decision")
class MajorDecisionResource(Resource):
    """One row per decision item. On import, each procedure date given becomes one procedure row; on export, a
    procedure column holds the first date of that procedure and the count columns how many were held."""

    model = MajorDecision
    form_class = MajorDecisionLedgerForm
    title = "重大行政决策"
    fields = [
        XField("number", "登记编号", importable=False, width=20),
        XField("org", "决策承办单位", width=24),
        XField("title", width=36),
        XField("category", width=20),
        XField("catalogue", "所属事项目录", width=30),
        XField("deciding_body", "决策机关", width=20),
        XField("initiated_on"),
        XField("technical", help="是则须组织专家论证（第十九条）。"),
        XField("stability_risk", help="是则须开展风险评估（第二十二条）。"),
        XField("participation_on", "公众参与日期", kind="date", required=False),
        XField("consultation_end_on", "征求意见截止日期", kind="date", required=False),
        XField("opinions_received", "收到意见（条）", kind="int", required=False),
        XField("hearing_on", "听证会日期", kind="date", required=False),
        XField("expert_review_on", "专家论证日期", kind="date", required=False),
        XField("experts", "参与论证专家（人）", kind="int", required=False),
        XField("risk_assessment_on", "风险评估日期", kind="date", required=False),
        XField("legality_review_on", "合法性审查日期", kind="date", required=False),
        XField("collective_decision_on", "集体讨论决定日期", kind="date", required=False),
        XField("meeting_name", "会议名称", kind="str", required=False, width=24),
        XField("decided_on"),
        XField("decision_no", width=20),
        XField("executing_org", "决策执行单位", width=20),
        XField("party_reported_on"),
        XField("published_on"),
        XField("publication_channel", width=20),
        XField("archived_on"),
        XField("summary", width=30),
        XField("note", width=30),
        *[XField(name, header, kind="int", importable=False) for name, (_, header) in PROCEDURE_COUNT_COLUMNS.items()],
        XField("state", "状态", importable=False),
        XField("complete", "法定程序完备", importable=False),
        XField("missing", "作出决定时缺少的程序", importable=False, width=30),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name in LEDGER_PROCEDURES or f.name in ("consultation_end_on", "opinions_received", "experts", "meeting_name"):
                f.importable = True

    def derive(self, obj, data):
        services.derive_decision_state(obj, data)

    def export_value(self, obj, f, unmasked):
        procedures = obj.procedures.all()
        if f.name in LEDGER_PROCEDURES:
            kind = LEDGER_PROCEDURES[f.name][0]
            dates = sorted(p.held_on for p in procedures if p.kind == kind)
            return dates[0] if dates else None
        if f.name in PROCEDURE_COUNT_COLUMNS:
            kind = PROCEDURE_COUNT_COLUMNS[f.name][0]
            return sum(1 for p in procedures if p.kind == kind)
        first = {kind: min((p for p in procedures if p.kind == kind), key=lambda p: p.held_on, default=None) for kind in ProcedureKind}
        if f.name == "consultation_end_on":
            p = first[ProcedureKind.PUBLIC_PARTICIPATION]
            return p.ended_on if p else None
        if f.name == "opinions_received":
            p = first[ProcedureKind.PUBLIC_PARTICIPATION]
            return p.opinions_received if p else None
        if f.name == "experts":
            p = first[ProcedureKind.EXPERT_REVIEW]
            return p.experts if p else None
        if f.name == "meeting_name":
            p = first[ProcedureKind.COLLECTIVE_DECISION]
            return p.meeting_name if p else ""
        if f.name == "complete" and not obj.is_decided:
            return ""
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        qs = queryset.select_related("org", "catalogue", "deciding_body", "executing_org").prefetch_related("procedures")
        return qs


@register("administrative_contract")
class AdministrativeContractResource(Resource):
    """One row per contract. A natural person's name as counterparty is masked unless the user may and asks to
    see it; an organisation's name is not personal information."""

    model = AdministrativeContract
    form_class = AdministrativeContractLedgerForm
    title = "行政协议"
    fields = [
        XField("org", "签约机关", width=24),
        XField("contract_no", width=18),
        XField("title", width=36),
        XField("kind", width=24),
        XField("counterparty_kind"),
        XField("counterparty_name", width=28),
        XField("amount", width=16),
        XField("review_no", "合法性审查编号", kind="str", required=False, width=22),
        XField("signed_on"),
        XField("term_start"),
        XField("term_end"),
        XField("filed_on"),
        XField("completed_on"),
        XField("terminated_on"),
        XField("disputed_on"),
        XField("dispute_resolution"),
        XField("dispute_note", width=30),
        XField("note", width=30),
        XField("state", "状态", importable=False),
        XField("filing_due", "备案期限", importable=False),
        XField("review_required", "须经合法性审查", importable=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name == "review_no":
                f.importable = True

    def derive(self, obj, data):
        services.derive_contract_state(obj, data)

    def export_value(self, obj, f, unmasked):
        if f.name == "review_no":
            return obj.legality_review.review_no if obj.legality_review_id else ""
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        return queryset.select_related("org", "legality_review")
