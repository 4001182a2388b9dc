from fazhi.core.views.generic import RegistryViews

from .filters import LegalAdviserFilter
from .forms import LegalAdviserForm
from .models import LegalAdviser
from .resources import LegalAdviserResource
from .tables import LegalAdviserTable


class LegalAdviserViews(RegistryViews):
    model = LegalAdviser
    form_class = LegalAdviserForm
    filterset_class = LegalAdviserFilter
    table_class = LegalAdviserTable
    resource_class = LegalAdviserResource
    detail_fields = ["org", "kind", "name", "firm", "license_no", "phone", "contract_start", "contract_end", "status", "fee", "scope_of_service", "note", "created_by", "created_at", "updated_by", "updated_at"]
