from fazhi.core.views.generic import RegistryViews

from .filters import LawsuitFilter
from .forms import LawsuitForm
from .models import Lawsuit
from .resources import LawsuitResource
from .services import WORKFLOW
from .tables import LawsuitTable


class LawsuitViews(RegistryViews):
    model = Lawsuit
    form_class = LawsuitForm
    filterset_class = LawsuitFilter
    table_class = LawsuitTable
    resource_class = LawsuitResource
    workflow = WORKFLOW
    prefetch = ("defendant_org", "previous_instance")
    detail_template = "litigation/detail.html"
    detail_fields = [
        "case_no", "court", "trial_level", "org", "state", "plaintiff", "defendant_org", "defendant_scope", "co_defendant_government",
        "reconsideration_case__case_no", "act", "act_kind", "filed_on", "complaint_received_on", "defence_due", "defence_filed_on",
        "defence_late", "heard", "head_appeared", "principal_appeared", "result", "outcome_class", "closed_on", "served_on",
        "appeal_due", "withdrawal_after_change", "loss_reason", "appealed", "appealed_on", "appellant", "effective_on", "note",
    ]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        hearings = list(obj.hearings.all())
        return {
            "hearings": hearings,
            "previous_instance": obj.previous_instance,
            "next_instances": list(obj.next_instances.visible_to(request.user)),
        }
