"""Pages of the normative document registry and of the cleanup campaigns (generic registry views), plus
the published list of documents in force after a cleanup (a page and an Excel export)."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.downloads import download
from fazhi.core.views.generic import XLSX, RegistryView, RegistryViews

from .choices import Disposition
from .filters import CleanupCampaignFilter, NormativeDocumentFilter
from .forms import CleanupCampaignForm, CleanupItemFormSet, NormativeDocumentForm
from .models import CleanupCampaign, NormativeDocument
from .resources import CleanupCampaignResource, InForceResource, NormativeDocumentResource
from .services import CAMPAIGN_WORKFLOW, WORKFLOW, in_force_documents
from .tables import CleanupCampaignTable, NormativeDocumentTable


class NormativeDocumentViews(RegistryViews):
    model = NormativeDocument
    form_class = NormativeDocumentForm
    filterset_class = NormativeDocumentFilter
    table_class = NormativeDocumentTable
    resource_class = NormativeDocumentResource
    workflow = WORKFLOW
    prefetch = ("issuer",)
    detail_template = "normative/detail.html"
    detail_fields = [
        "document_no", "title", "issuer", "org", "state", "interim", "issuing_no", "legal_basis", "summary", "consultation_start",
        "consultation_end", "consultation_note", "legality_review", "deliberation_meeting", "deliberated_on", "registered_on",
        "published_on", "publication_medium", "effective_on", "validity_years", "expires_on", "status", "ended_on", "status_note",
        "filed_on", "filed_on_time",
    ]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        today = timezone.localdate()
        return {
            "filings": list(obj.filings.all()),
            "cleanups": list(obj.cleanup_items.select_related("campaign")),
            "expiry_warning": obj.status in ("effective", "amended") and obj.expires_on and obj.expiry_warning_on <= today,
            "today": today,
        }


class InForceView(RegistryView):
    """现行有效规范性文件目录 after a cleanup: ``?format=xlsx`` for the Excel list."""

    def get(self, request, pk):
        campaign = self.get_object()
        on = campaign.applied_on or timezone.localdate()
        docs = (in_force_documents(campaign, on) & NormativeDocument.objects.visible_to(request.user)).select_related("issuer").order_by("issuer__path", "published_on", "pk")
        if request.GET.get("format") == "xlsx":
            tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=settings.VAR_DIR)
            tmp.close()
            count = InForceResource().export(docs, tmp.name)
            record(request, AuditAction.EXPORT, obj=campaign, message=f"导出现行有效规范性文件目录{count}件（{campaign}）",
                   detail={"model": NormativeDocument._meta.label, "count": count, "campaign": campaign.pk})
            handle = open(tmp.name, "rb")  # noqa: SIM115 — closed by FileResponse
            Path(tmp.name).unlink()
            return download(handle, f"现行有效规范性文件目录_{on:%Y%m%d}.xlsx", XLSX)
        return render(request, "normative/in_force.html", self.context(object=campaign, documents=list(docs), on=on,
                                                                    detail_url=self.registry.url("detail", campaign.pk)))


class CleanupCampaignViews(RegistryViews):
    model = CleanupCampaign
    form_class = CleanupCampaignForm
    filterset_class = CleanupCampaignFilter
    table_class = CleanupCampaignTable
    resource_class = CleanupCampaignResource
    workflow = CAMPAIGN_WORKFLOW
    prefetch = ("scope_org",)
    inlines = {"items": ("清理结果", CleanupItemFormSet)}
    detail_template = "normative/campaign_detail.html"
    detail_fields = ["name", "org", "scope_org", "started_on", "state", "applied_on", "criteria", "note"]

    @classmethod
    def urls(cls):
        return [*super().urls(), path("<int:pk>/in-force/", InForceView.as_view(registry=cls), name=cls.name("in_force"))]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        from django.urls import reverse

        items = list(obj.items.select_related("document", "document__issuer"))
        counts = [(d.label, sum(1 for i in items if i.disposition == d)) for d in Disposition]
        return {
            "items": items,
            "counts": counts,
            "pending": sum(1 for i in items if not i.disposition),
            "items_url": reverse("normative:cleanupcampaign_inline", args=[obj.pk, "items"]),
            "in_force_url": reverse("normative:cleanupcampaign_in_force", args=[obj.pk]),
        }
