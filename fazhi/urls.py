"""URLs of fazhi: core's shell and system pages, one include per registry (from the registry of registries, ``core.registry``), the REST API and the
admin pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.urls import include, path

from fazhi.core import registry
from fazhi.core.views.account import LoginView

admin.site.site_header = "法治政府建设工作平台 · 系统管理"
admin.site.site_title = "法治政府建设工作平台"
admin.site.index_title = "系统管理"
admin.site.login = LoginView.as_view()
# Django's groups grant nothing here (permissions come from roles, RoleBackend): no page for them.
admin.site.unregister(Group)

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *registry.urlpatterns(),
    path("indicators/", include("fazhi.indicators.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("api/v1/", include("fazhi.api.urls")),
    path("", include("fazhi.api.page_urls")),
    path("admin/", admin.site.urls),
]
