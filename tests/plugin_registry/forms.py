from fazhi.core.forms import RegistryForm

from .models import PublicityEvent


class PublicityEventForm(RegistryForm):
    class Meta:
        model = PublicityEvent
        fields = ["org", "kind", "title", "held_on", "audience", "speaker", "speaker_phone", "note"]
        labels = {"org": "举办单位"}
