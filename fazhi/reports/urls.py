"""URLs of the annual report, under /reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("<int:pk>/", views.DraftView.as_view(), name="draft"),
    path("<int:pk>/save/", views.SaveView.as_view(), name="save"),
    path("<int:pk>/rebuild/", views.RebuildView.as_view(), name="rebuild"),
    path("<int:pk>/freeze/", views.FreezeView.as_view(), name="freeze"),
    path("<int:pk>/download/", views.DownloadView.as_view(), name="download"),
    path("<int:pk>/v<int:version>/", views.FrozenView.as_view(), name="frozen"),
    path("<int:pk>/v<int:version>/changes/", views.ChangesView.as_view(), name="changes"),
]
