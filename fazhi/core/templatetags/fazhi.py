"""Template tags of the whole project: ``{% load fazhi %}``."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def org_options(orgs, selected=None):
    """The ``<option>``s of a unit selector (``orgs``: dicts with ``code`` and ``label``), written in Python: a
    province user's selector has thousands of units, and a template loop took a third of a second for them."""
    selected = "" if selected is None else str(selected)
    return mark_safe("".join(  # noqa: S308 — codes and labels are escaped
        f'<option value="{escape(o["code"])}"{" selected" if o["code"] == selected else ""}>{escape(o["label"])}</option>' for o in orgs
    ))
