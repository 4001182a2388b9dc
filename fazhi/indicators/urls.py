from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
    path("dashboard/print/", views.dashboard_print, name="dashboard_print"),
    path("records/", views.records, name="records"),
    path("records/export/", views.records_export, name="records_export"),
    path("checks/", views.checks_page, name="checks"),
    path("presets/", views.presets_page, name="presets"),
    path("baselines/", views.baselines, name="baselines"),
    path("baselines/new/", views.baseline_create, name="baseline_create"),
    path("baselines/<int:pk>/edit/", views.baseline_edit, name="baseline_edit"),
    path("baselines/<int:pk>/delete/", views.baseline_delete, name="baseline_delete"),
]
