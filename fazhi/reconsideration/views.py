from fazhi.core import personal
from fazhi.core.views.generic import RegistryViews

from .filters import ReconsiderationCaseFilter
from .forms import PartyFormSet, ReconsiderationCaseForm
from .models import ReconsiderationCase
from .resources import ReconsiderationResource
from .services import WORKFLOW
from .tables import ReconsiderationCaseTable


class ReconsiderationCaseViews(RegistryViews):
    model = ReconsiderationCase
    form_class = ReconsiderationCaseForm
    filterset_class = ReconsiderationCaseFilter
    table_class = ReconsiderationCaseTable
    resource_class = ReconsiderationResource
    workflow = WORKFLOW
    prefetch = ("parties",)
    inlines = {"parties": ("当事人", PartyFormSet)}
    detail_template = "reconsideration/detail.html"
    detail_fields = [
        "case_no", "org", "state", "channel", "received_on", "applicant_name", "respondent_name", "act", "act_no", "act_kind",
        "area", "amount", "requests", "incidental_review", "procedure", "simplified_reason", "accepted_on", "acceptance_kind",
        "decision_due", "extension_days", "extension_approved_by", "copy_sent_on", "reply_received_on", "hearing_on",
        "committee_advice", "outcome", "termination_reason", "decision_no", "closed_on", "served_on", "archived_on",
        "ended_before_acceptance_on", "ended_reason", "redirected_to",
    ]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        parties = [
            {
                "role": p.get_role_display(),
                "kind": p.get_kind_display(),
                "name": personal.shown(p, "name", unmasked),
                "id_number": personal.shown(p, "id_number", unmasked) or p.credit_code,
                "phone": personal.shown(p, "phone", unmasked),
            }
            for p in obj.parties.all()
        ]
        from django.urls import reverse

        return {"parties": parties, "parties_url": reverse("reconsideration:reconsiderationcase_inline", args=[obj.pk, "parties"])}
