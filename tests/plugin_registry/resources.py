from fazhi.core.excel import Resource, XField, register

from .forms import PublicityEventForm
from .models import PublicityEvent


@register("publicity_event")
class PublicityEventResource(Resource):
    model = PublicityEvent
    form_class = PublicityEventForm
    fields = [
        XField("org", "举办单位", width=24),
        XField("kind"),
        XField("title", width=30),
        XField("held_on"),
        XField("audience"),
        XField("speaker"),
        XField("speaker_phone"),
        XField("note", width=30),
    ]
