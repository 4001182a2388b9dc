from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("account/tokens/", views.my_tokens, name="mine"),
    path("system/tokens/", views.all_tokens, name="all"),
]
