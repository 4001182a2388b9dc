from fazhi.core.excel import Resource, XField, register

from . import services
from .forms import LawsuitLedgerForm
from .models import Lawsuit

#: Ledger columns that are form fields, not model fields (one hearing line per case, and the 原审 link).
FORM_ONLY = ("held_on", "head_name", "head_title", "head_is_principal", "staff_sent", "previous_case_no")
HEARING_COLUMNS = ("held_on", "head_name", "head_title", "head_is_principal", "staff_sent")


@register("lawsuit")
class LawsuitResource(Resource):
    """One row per case and instance: the columns of a bureau's own 行政应诉台账. Each row goes through
    :class:`LawsuitLedgerForm` (case number format, dates in order, result and hearing entries consistent),
    and the generic import writes all rows or none."""

    model = Lawsuit
    form_class = LawsuitLedgerForm
    title = "行政应诉案件"
    fields = [
        XField("org", "应诉承办单位", width=22),
        XField("court", "法院", width=20),
        XField("case_no", "案号", width=24),
        XField("trial_level", "审级"),
        XField("plaintiff", "原告", width=20),
        XField("defendant_org", "被告", width=24),
        XField("co_defendant_government", "是否复议机关共同被告"),
        XField("reconsideration_case", "关联复议案号", kind="str", required=False, width=20),
        XField("act", "被诉行政行为", width=36),
        XField("act_kind", "类别"),
        XField("filed_on", "立案日期"),
        XField("complaint_received_on", "收到起诉状日期"),
        XField("defence_filed_on", "答辩日期"),
        XField("heard", "是否开庭"),
        XField("held_on", "开庭日期", kind="date", required=False),
        XField("head_appeared", "负责人是否出庭"),
        XField("head_name", "出庭负责人", kind="str", required=False),
        XField("head_title", "职务", kind="str", required=False),
        XField("head_is_principal", "是否正职", kind="bool", required=False),
        XField("staff_sent", "是否委托工作人员出庭", kind="bool", required=False),
        XField("result", "裁判结果", width=22),
        XField("closed_on", "结案日期"),
        XField("served_on", "送达日期"),
        XField("withdrawal_after_change", "是否改变行为后撤诉"),
        XField("loss_reason", "败诉原因", width=30),
        XField("appealed", "是否上诉"),
        XField("appealed_on", "上诉日期"),
        XField("appellant", "上诉人"),
        XField("previous_case_no", "原审案号", kind="str", required=False, width=24),
        XField("effective_on", "生效日期"),
        XField("note", "备注", width=30),
        XField("outcome_class", "胜败", importable=False),
        XField("state", "状态", importable=False),
        XField("defence_due", "答辩期限", importable=False),
        XField("defence_late", "是否逾期答辩", importable=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name in FORM_ONLY:
                f.importable = True
        self._batch = {}

    def form_kwargs(self, user):
        return {"user": user, "batch": self._batch}

    def derive(self, obj, data):
        services.derive_state(obj, data)

    def import_file(self, path, user, default_org=None, allowed_orgs=None, write=None):
        self._batch = {}
        return super().import_file(path, user, default_org=default_org, allowed_orgs=allowed_orgs, write=write)

    @staticmethod
    def hearing_line(obj):
        """The hearing a one-line ledger shows: the first with the head in court, else the first in court."""
        hearings = list(obj.hearings.all())
        return next((h for h in hearings if h.counts_as_head_appearance), None) or next((h for h in hearings if h.heard), None)

    def export_value(self, obj, f, unmasked):
        if f.name in HEARING_COLUMNS:
            h = self.hearing_line(obj)
            value = getattr(h, f.name, None) if h is not None else None
            return ("是" if value else "否") if isinstance(value, bool) else value
        if f.name == "reconsideration_case":
            return obj.reconsideration_case.case_no if obj.reconsideration_case_id else ""
        if f.name == "previous_case_no":
            return obj.previous_instance.case_no if obj.previous_instance_id else ""
        return super().export_value(obj, f, unmasked)

    def export_queryset(self, queryset):
        qs = queryset.select_related("org", "defendant_org", "reconsideration_case", "previous_instance").prefetch_related("hearings")
        return qs
