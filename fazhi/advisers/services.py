"""Services of the legal adviser registry: its deadlines for 我的待办."""

from datetime import timedelta

from django.urls import reverse

from fazhi.core.todos import Todo, scoped

from .models import LegalAdviser


def todos(user, today, horizon, org=None):
    """Contracts that end before ``horizon`` (and have not ended more than 30 days ago), in scope."""
    qs = (
        scoped(LegalAdviser, user, org)
        .filter(contract_end__lte=horizon, contract_end__gte=today - timedelta(days=30))
        .select_related("org")
    )
    for a in qs:
        yield Todo(
            title=f"法律顾问“{a.name}”聘用合同{'已于' if a.contract_end < today else '将于'}{a.contract_end:%Y年%m月%d日}到期",
            due=a.contract_end,
            url=reverse("advisers:legaladviser_detail", args=[a.pk]),
            kind="法律顾问",
            org=a.org.name,
        )
