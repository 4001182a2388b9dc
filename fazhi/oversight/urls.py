"""URLs of 法治督察与工作台账, included at ``oversight/``. The ledger lives under ``oversight/ledger/``, so
that the app's other registries (督察, 考核, 整改) can take their own prefixes beside it."""

from django.urls import include, path

from .views import LedgerEntryViews

app_name = "oversight"
urlpatterns = [
    path("ledger/", include(LedgerEntryViews.urls())),
]
