"""Declarative tables for the generic list view: columns, sorting, cell formatting; personal information masked
as the model declares it (:mod:`fazhi.core.personal`)."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from . import personal


def resolve(obj, path):
    """Follow ``a__b`` through related objects; use ``get_FOO_display`` for fields with choices."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        if obj is None:
            return None
        last = i == len(parts) - 1
        if last and hasattr(obj, f"get_{part}_display"):
            return getattr(obj, f"get_{part}_display")()
        obj = getattr(obj, part, None)
        if callable(obj) and not isinstance(obj, models.Model):
            obj = obj()
    return obj


def format_value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


class Column:
    """One column: a field path, a Chinese header, and whether it links to the detail page or sorts (by
    ``order_by``, default the field path). A personal field is masked as its model declares."""

    def __init__(self, field, label=None, *, link=False, order_by=None, sortable=True, css=""):
        self.field = field
        self.label = label
        self.link = link
        self.order_by = order_by or field
        self.sortable = sortable
        self.css = css

    def bind(self, model):
        if self.label is None:
            try:
                self.label = model._meta.get_field(self.field.split("__")[0]).verbose_name
            except Exception:
                self.label = self.field
        return self


class Table:
    """Subclass with ``model``, ``columns`` and ``default_order``; ``row_class(obj)`` may flag rows
    (e.g. overdue cases in red)."""

    model = None
    columns: list = []
    default_order = "-id"

    def __init__(self, request, unmasked=False):
        self.request = request
        self.unmasked = unmasked
        self.columns = [c.bind(self.model) for c in self.columns]
        sortable = {c.order_by for c in self.columns if c.sortable}
        raw = request.GET.get("sort", "")
        self.sort = raw if raw.lstrip("-") in sortable else ""

    def ordering(self):
        return [self.sort or self.default_order, "-pk"]

    def row_class(self, obj):
        return ""

    def headers(self):
        out = []
        for c in self.columns:
            params = self.request.GET.copy()
            params.pop("page", None)
            direction = ""
            if c.sortable:
                if self.sort == c.order_by:
                    params["sort"] = "-" + c.order_by
                    direction = "asc"
                elif self.sort == "-" + c.order_by:
                    params["sort"] = c.order_by
                    direction = "desc"
                else:
                    params["sort"] = c.order_by
            out.append({"label": c.label, "url": "?" + params.urlencode() if c.sortable else "", "direction": direction, "css": c.css})
        return out

    def cell(self, obj, column):
        return format_value(personal.shown(obj, column.field, self.unmasked))

    def rows(self, objects, detail_url):
        for obj in objects:
            yield {
                "obj": obj,
                "css": self.row_class(obj),
                "cells": [
                    {"text": self.cell(obj, c), "url": detail_url(obj) if c.link else "", "css": c.css} for c in self.columns
                ],
            }
