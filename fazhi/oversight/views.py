"""Pages of the work ledger: the generic registry pages, the figures and the attachments of an entry (each a
formset on a page of its own), and the attachment download (core's, ``attachments``) — the only way to a
stored file, behind the entry's data scope (an entry out of scope is 404, and so are its files)."""

from fazhi.core.views.generic import RegistryViews

from .filters import LedgerEntryFilter
from .forms import LedgerAttachmentFormSet, LedgerEntryForm, LedgerFigureFormSet
from .models import LedgerEntry
from .resources import LedgerResource
from .tables import LedgerEntryTable


class LedgerEntryViews(RegistryViews):
    model = LedgerEntry
    form_class = LedgerEntryForm
    filterset_class = LedgerEntryFilter
    table_class = LedgerEntryTable
    resource_class = LedgerResource
    prefetch = ("figures",)
    inlines = {
        "figures": ("数据", LedgerFigureFormSet),
        "attachments": ("附件", LedgerAttachmentFormSet),
    }
    attachments = "attachments"
    detail_template = "oversight/detail.html"
    detail_fields = ["org", "happened_on", "section", "kind", "leader", "highlight", "created_by", "created_at", "updated_by", "updated_at"]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        return {
            "figures": list(obj.figures.all()),
            "attachments": [
                {"name": a.download_name(), "size": a.size_display(), "uploaded_at": a.uploaded_at,
                 "url": cls.url("attachment", obj.pk, a.pk)}
                for a in obj.attachments.all()
            ],
            "figures_url": cls.url("inline", obj.pk, "figures"),
            "attachments_url": cls.url("inline", obj.pk, "attachments"),
        }

