from fazhi.core.excel import Resource, XField, register

from . import services
from .choices import Authority
from .forms import CleanupCampaignForm, NormativeLedgerForm
from .models import CleanupCampaign, NormativeDocument

EXTRA_IMPORT = {"number", "review_no", "government_filed_on", "congress_filed_on", "published_on", "effective_on", "validity_years", "status", "ended_on"}


@register("normative_document")
class NormativeDocumentResource(Resource):
    """One row per document: the columns of a bureau's ledger of normative documents (规范性文件台账)."""

    model = NormativeDocument
    form_class = NormativeLedgerForm
    title = "行政规范性文件"
    fields = [
        XField("number", "统一编号", kind="str", required=False, width=20, help="已编号的文件照填；新公布未编号的留空，由系统分配。"),
        XField("org", "起草单位", width=24),
        XField("title", width=40),
        XField("issuer", "制定机关", width=24),
        XField("interim"),
        XField("issuing_no", width=20),
        XField("legal_basis", width=30),
        XField("summary", width=30),
        XField("consultation_start"),
        XField("consultation_end"),
        XField("consultation_note", width=24),
        XField("review_no", "合法性审查编号", kind="str", required=False, width=20),
        XField("deliberation_meeting", width=24),
        XField("deliberated_on"),
        XField("published_on"),
        XField("effective_on"),
        XField("validity_years", help="不填则不设有效期（如有效期制度实施前的存量文件）；新公布的文件由系统按地方规则填写。"),
        XField("status"),
        XField("ended_on"),
        XField("government_filed_on", "报政府备案日期", kind="date", required=False),
        XField("congress_filed_on", "报人大常委会备案日期", kind="date", required=False),
        XField("expires_on", "有效期届满日期", importable=False),
        XField("state", "办理状态", importable=False),
        XField("filed_on_time", "按时报备", importable=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name in EXTRA_IMPORT:
                f.importable = True

    def derive(self, obj, data):
        services.derive_state(obj, data)

    def complete(self, obj, data):
        services.number_and_file(obj, data)

    def export_value(self, obj, f, unmasked):
        if f.name == "number":
            return obj.document_no or ""
        if f.name == "review_no":
            return obj.legality_review.review_no if obj.legality_review_id else ""
        if f.name in ("government_filed_on", "congress_filed_on"):
            congress = f.name == "congress_filed_on"
            return next((x.submitted_on for x in obj.filings.all() if (x.authority == Authority.CONGRESS) == congress and x.submitted_on), None)
        if f.name == "filed_on_time" and obj.filed_on_time is None:
            return ""
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        return queryset.select_related("org", "issuer", "legality_review").prefetch_related("filings")


class InForceResource(Resource):
    """The published list of documents in force (现行有效规范性文件目录), export only."""

    model = NormativeDocument
    form_class = NormativeLedgerForm
    title = "现行有效规范性文件目录"
    fields = [
        XField("document_no", "统一编号", width=22),
        XField("title", width=50),
        XField("issuer", "制定机关", width=24),
        XField("published_on"),
        XField("effective_on"),
        XField("expires_on", "有效期至"),
        XField("status"),
    ]


@register("cleanup_campaign")
class CleanupCampaignResource(Resource):
    model = CleanupCampaign
    form_class = CleanupCampaignForm
    title = "规范性文件清理"
    fields = [
        XField("org", "组织单位", width=20),
        XField("name", width=30),
        XField("scope_org", "清理范围（含下级）", width=24),
        XField("started_on"),
        XField("note", width=30),
        XField("state", "状态", importable=False),
        XField("applied_on", "公布清理结果日期", importable=False),
    ]
