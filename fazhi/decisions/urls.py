"""Three registries under one prefix: /decisions/major/, /decisions/catalogues/, /decisions/contracts/ (each its own
path, so that the navigation marks one line active)."""

from django.urls import include, path

from .views import AdministrativeContractViews, DecisionCatalogueViews, MajorDecisionViews

app_name = "decisions"
urlpatterns = [
    path("catalogues/", include(DecisionCatalogueViews.urls())),
    path("contracts/", include(AdministrativeContractViews.urls())),
    path("major/", include(MajorDecisionViews.urls())),
]
