"""Template tags of the whole project: ``{% load fazhi %}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..forms import option_tags
from ..submissions import FIELD, new_token

register = template.Library()


@register.simple_tag
def org_options(orgs, selected=None):
    """The ``<option>``s of a unit selector (``orgs``: dicts with ``code`` and ``label``), written in Python: a
    province user's selector has thousands of units, and a template loop took a third of a second for them."""
    return mark_safe(option_tags(((o["code"], o["label"]) for o in orgs), {"" if selected is None else str(selected)}))  # noqa: S308


@register.simple_tag(takes_context=True)
def form_token(context):
    """The hidden token of a create form (``core.submissions``): a new one each time the form is rendered."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token(user))
