from .views import LegalAdviserViews

app_name = "advisers"
urlpatterns = LegalAdviserViews.urls()
