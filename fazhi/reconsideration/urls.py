from .views import ReconsiderationCaseViews

app_name = "reconsideration"
urlpatterns = ReconsiderationCaseViews.urls()
