"""Template tags of the whole project: ``{% load fazhi %}``."""

from django import template
from django.utils.safestring import mark_safe

from ..forms import option_tags

register = template.Library()


@register.simple_tag
def org_options(orgs, selected=None):
    """The ``<option>``s of a unit selector (``orgs``: dicts with ``code`` and ``label``), written in Python: a
    province user's selector has thousands of units, and a template loop took a third of a second for them."""
    return mark_safe(option_tags(((o["code"], o["label"]) for o in orgs), {"" if selected is None else str(selected)}))  # noqa: S308
