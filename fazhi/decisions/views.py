from django.urls import reverse

from fazhi.core.views.generic import RegistryViews

from .filters import AdministrativeContractFilter, DecisionCatalogueFilter, MajorDecisionFilter
from .forms import AdministrativeContractForm, DecisionCatalogueForm, MajorDecisionForm, ProcedureFormSet
from .models import AdministrativeContract, DecisionCatalogue, MajorDecision
from .resources import AdministrativeContractResource, DecisionCatalogueResource, MajorDecisionResource
from .services import CONTRACT_WORKFLOW, DECISION_WORKFLOW
from .tables import AdministrativeContractTable, DecisionCatalogueTable, MajorDecisionTable


class DecisionCatalogueViews(RegistryViews):
    model = DecisionCatalogue
    form_class = DecisionCatalogueForm
    filterset_class = DecisionCatalogueFilter
    table_class = DecisionCatalogueTable
    resource_class = DecisionCatalogueResource
    detail_template = "decisions/catalogue_detail.html"

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        # The items the user may see (a department sees its own items of the county's catalogue).
        items = MajorDecision.objects.visible_to(request.user).filter(catalogue=obj).select_related("org").order_by("initiated_on", "pk")
        return {"items": items, "item_total": obj.items.count()}


class MajorDecisionViews(RegistryViews):
    model = MajorDecision
    form_class = MajorDecisionForm
    filterset_class = MajorDecisionFilter
    table_class = MajorDecisionTable
    resource_class = MajorDecisionResource
    workflow = DECISION_WORKFLOW
    prefetch = ("procedures",)
    inlines = {"procedures": ("决策程序", ProcedureFormSet)}
    detail_template = "decisions/decision_detail.html"
    detail_fields = [
        "number", "title", "org", "category", "catalogue", "deciding_body", "initiated_on", "technical", "stability_risk", "summary",
        "state", "decided_on", "decision_no", "complete_text", "missing", "executing_org", "party_reported_on", "published_on",
        "publication_channel", "archived_on", "terminated_on", "termination_reason", "post_evaluated_on", "post_evaluation_reason",
        "post_evaluation_by", "post_evaluation_result", "note",
    ]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        procedures = list(obj.procedures.select_related("review").order_by("held_on", "pk"))
        return {
            "checklist": obj.checklist(),
            "procedures": procedures,
            "procedures_url": reverse("decisions:majordecision_inline", args=[obj.pk, "procedures"]),
        }


class AdministrativeContractViews(RegistryViews):
    model = AdministrativeContract
    form_class = AdministrativeContractForm
    filterset_class = AdministrativeContractFilter
    table_class = AdministrativeContractTable
    resource_class = AdministrativeContractResource
    workflow = CONTRACT_WORKFLOW
    prefetch = ("legality_review",)  # the list shows the review's number
    detail_template = "decisions/contract_detail.html"
    detail_fields = [
        "title", "contract_no", "org", "kind", "counterparty_kind", "amount", "state", "legality_review", "review_required",
        "signed_on", "term_start", "term_end", "filing_due", "filed_on", "completed_on", "terminated_on", "termination_reason",
        "disputed_on", "dispute_resolution", "dispute_note", "dispute_resolved_on", "note",
    ]
