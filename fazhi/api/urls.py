"""``/api/v1/``: one route per registry model with pages, from the registry of registries (no registry named here),
the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from fazhi.core import registry

from .figures import IndicatorRecordsView, IndicatorsView
from .viewsets import viewset_for


def router():
    from fazhi.core.views.generic import VIEWS_BY_MODEL

    r = DefaultRouter()
    r.include_root_view = True
    for reg in registry.registrations():
        if reg.has_module("views"):
            reg.module("views")  # declares its RegistryViews
        for model in reg.models:
            views = VIEWS_BY_MODEL.get(model)
            if views is not None:
                r.register(f"{reg.label}/{model._meta.model_name}", viewset_for(views), basename=f"{reg.label}-{model._meta.model_name}")
    from .figures import ReportViewSet

    r.register("reports", ReportViewSet, basename="reports")
    return r


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("indicators/records/", IndicatorRecordsView.as_view(), name="indicator_records"),
    path("", include(router().urls)),
]
