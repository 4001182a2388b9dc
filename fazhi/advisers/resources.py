from fazhi.core.excel import Resource, XField, register

from .forms import LegalAdviserForm
from .models import LegalAdviser


@register("legal_adviser")
class LegalAdviserResource(Resource):
    model = LegalAdviser
    form_class = LegalAdviserForm
    fields = [
        XField("org", "聘用单位", width=24),
        XField("kind"),
        XField("name"),
        XField("firm", width=28),
        XField("license_no", width=22),
        XField("phone"),
        XField("contract_start"),
        XField("contract_end"),
        XField("fee"),
        XField("scope_of_service", width=36),
        XField("note", width=30),
    ]
