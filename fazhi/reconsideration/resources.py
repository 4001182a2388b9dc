from fazhi.core.excel import Resource, XField, register

from .forms import ReconsiderationLedgerForm
from .models import ReconsiderationCase


@register("reconsideration")
class ReconsiderationResource(Resource):
    """One row per case: the columns of a bureau's own reconsideration ledger (行政复议案件台账)."""

    model = ReconsiderationCase
    form_class = ReconsiderationLedgerForm
    title = "行政复议案件"
    fields = [
        XField("case_no", "案号", importable=False, width=20),
        XField("org", "办理机构", width=20),
        XField("received_on"),
        XField("channel"),
        XField("applicant_name", "申请人", kind="str", required=True, pii="name"),
        XField("applicant_id_number", "申请人身份证号", kind="str", pii="id_number", width=22),
        XField("applicant_phone", "申请人联系电话", kind="str", pii="phone"),
        XField("respondent_org", "被申请人（系统机构）", width=24),
        XField("respondent_name", "被申请人（其他机关）", width=24),
        XField("act", width=36),
        XField("act_kind"),
        XField("area"),
        XField("amount"),
        XField("requests", width=30),
        XField("incidental_review"),
        XField("oral_record", width=20),
        XField("ended_as", "受理前办结方式", kind="choice", required=False,
               choices=[("不予受理", "不予受理"), ("告知（转送）", "告知（转送）"), ("受理前调撤", "受理前调撤"), ("视为放弃", "视为放弃")]),
        XField("ended_before_acceptance_on"),
        XField("accepted_on"),
        XField("procedure"),
        XField("simplified_reason", width=24),
        XField("outcome"),
        XField("termination_reason"),
        XField("decision_no", width=20),
        XField("closed_on"),
        XField("served_on"),
        XField("state", "状态", importable=False),
        XField("decision_due", "决定期限", importable=False),
    ]

    def __init__(self):
        super().__init__()
        for f in self.fields:
            if f.name in ("applicant_name", "applicant_id_number", "applicant_phone", "ended_as"):
                f.importable = True

    def export_value(self, obj, f, unmasked):
        if f.name in ("applicant_name", "applicant_id_number", "applicant_phone"):
            from fazhi.core.scope import mask

            attr = {"applicant_name": "name", "applicant_id_number": "id_number", "applicant_phone": "phone"}[f.name]
            values = []
            for p in obj.parties.all():
                value = getattr(p, attr)
                if p.role != "applicant" or not value:
                    continue
                # Only a natural person's data is personal information (an organisation's name is not).
                values.append(value if unmasked or (p.kind == "organisation" and attr == "name") else mask(value, f.pii))
            return "、".join(values)
        if f.name == "ended_as":
            from .forms import ENDINGS

            return next((k for k, v in ENDINGS.items() if v == obj.state), "")
        return super().export_value(obj, f, unmasked)

    def export(self, queryset, path, unmasked=False):
        return super().export(queryset.select_related("org", "area", "respondent_org").prefetch_related("parties"), path, unmasked)
