from django.urls import path

from .views import account, system

urlpatterns = [
    path("", account.home, name="home"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("switch-org/", account.switch_org, name="switch_org"),
    path("system/audit/", system.audit_log, name="audit_log"),
    path("system/audit/export/", system.audit_export, name="audit_export"),
    path("system/users/<int:pk>/roles/", system.assign_user_roles, name="assign_roles"),
    path("system/users/<int:pk>/password/", system.reset_user_password, name="reset_password"),
]
