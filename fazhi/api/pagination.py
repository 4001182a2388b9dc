from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``?page=`` and ``?page_size=`` (at most 1000)."""

    page_size = settings.FAZHI_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "页码无效。"
