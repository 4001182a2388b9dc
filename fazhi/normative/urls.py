from django.urls import include, path
from django.views.generic import RedirectView

from .views import CleanupCampaignViews, NormativeDocumentViews

app_name = "normative"
# Documents and cleanups under sibling prefixes, so that the navigation marks only the page's own line.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="normative:normativedocument_list", permanent=False)),
    path("documents/", include(NormativeDocumentViews.urls())),
    path("cleanups/", include(CleanupCampaignViews.urls())),
]
