from fazhi.core.forms import RegistryForm

from .models import LegalAdviser


class LegalAdviserForm(RegistryForm):
    class Meta:
        model = LegalAdviser
        fields = ["org", "kind", "name", "firm", "license_no", "phone", "contract_start", "contract_end", "fee", "scope_of_service", "note"]
        labels = {"org": "聘用单位"}  # as on the list, the detail page and the Excel sheet
