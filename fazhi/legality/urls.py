from django.urls import include, path
from django.views.generic import RedirectView

from .views import MeetingTopicViews, ReviewRequestViews

app_name = "legality"
# Reviews and topics under sibling prefixes, so that the navigation marks only the page's own line.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="legality:reviewrequest_list", permanent=False)),
    path("reviews/", include(ReviewRequestViews.urls())),
    path("topics/", include(MeetingTopicViews.urls())),
]
