from .views import PublicityEventViews

app_name = "publicity_events"
urlpatterns = PublicityEventViews.urls()
