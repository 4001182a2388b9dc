from django.forms.models import BaseModelForm

from fazhi.core.bulk import bulk_create_rows
from fazhi.core.excel import Resource, XField, register
from fazhi.core.fastpath import plain_orm
from fazhi.core.numbering import allocate_block

from . import services
from .forms import ReconsiderationLedgerForm
from .models import Party, ReconsiderationCase


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
        XField("applicant_name", "申请人", kind="str", required=True),
        XField("applicant_id_number", "申请人身份证号", kind="str", width=22),
        XField("applicant_phone", "申请人联系电话", kind="str"),
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

    def derive(self, obj, data):
        services.derive_state(obj, data)

    def export_value(self, obj, f, unmasked):
        if f.name == "ended_as":
            from .forms import ENDINGS

            return next((k for k, v in ENDINGS.items() if v == obj.state), "")
        return super().export_value(obj, f, unmasked)

    def save_rows(self, forms, user):
        """Write the cases in bulk, with the rows the per-row path (``ReconsiderationCase.save()`` and the
        form's first applicant) would write: case numbers allocated per org and year in one go, in row
        order; the respondent's name and the stored deadlines as ``save()`` computes them; field history
        of cases and applicants by ``bulk_create_with_history``. Pinned against the per-row path, field by
        field, by ``tests/test_excel_bulk.py``; an ORM workaround, whose plain-ORM fallback — the per-row
        path — runs under ``FAZHI_PLAIN_ORM`` (:mod:`fazhi.core.fastpath`)."""
        if plain_orm():
            return super().save_rows(forms, user)
        cases = [self.build(form) for form in forms]
        groups = {}
        for case in cases:
            groups.setdefault((case.org.code, case.received_on.year), []).append(case)
        for (code, year), members in groups.items():
            org = members[0].org
            prefix = org.short_name or org.code
            for case, n in zip(members, allocate_block(f"{code}:reconsideration", year, len(members)), strict=True):
                case.case_no = f"{prefix}复〔{year}〕{n}号"
        for case in cases:
            case.created_by = case.created_by or user
            case.updated_by = user
            # What ReconsiderationCase.save() does besides the case number.
            if case.respondent_org_id and not case.respondent_name:
                case.respondent_name = case.respondent_org.name
            case.refresh_deadlines()
        bulk_create_rows(ReconsiderationCase, cases, user)
        parties = []
        for form, case in zip(forms, cases, strict=True):
            BaseModelForm._save_m2m(form)  # the model's own many-to-many fields (none today)
            data = form.cleaned_data
            if data.get("applicant_name"):
                # ReconsiderationCaseForm._save_m2m: the first applicant (a new case has no parties yet).
                parties.append(Party(case=case, role="applicant", name=data["applicant_name"],
                                     id_number=data.get("applicant_id_number", ""), phone=data.get("applicant_phone", "")))
        bulk_create_rows(Party, parties, user)
        return len(cases)

    def export_queryset(self, queryset):
        return queryset.select_related("org", "area", "respondent_org").prefetch_related("parties")
