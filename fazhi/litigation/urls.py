from .views import LawsuitViews

app_name = "litigation"
urlpatterns = LawsuitViews.urls()
