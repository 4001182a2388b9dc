"""The ledger as an Excel sheet: one row per entry, its figures as column groups 数据1名称/数据1数值/数据1单位,
数据2…, as a bureau's own 工作台账 spreadsheet keeps them.

Why column groups and not a second sheet of figures: a unit fills the ledger one line per thing it did, and
a figure never makes sense without its line; a second sheet would need a key to tie rows together that no
one types correctly by hand. The template offers three groups (what one paragraph of a report cites); an
export widens to as many groups as the rows hold (at most ``MAX_FIGURES``), and an import reads every group
the sheet has, so an exported sheet imports back unchanged.

A value is parsed strictly: a number (129, 23239.69), or a number followed by 余/多 for a lower bound
(“30余”); 万 and 亿 belong in the unit column (数值 35, 单位 万份). Name, value and unit are given together
or not at all. Attachments are not part of the sheet (the 附件数 column is for reading only)."""

import re

from django.db.models import Count, Max

from fazhi.core.excel import CellError, Resource, XField, register

from .forms import MAX_FIGURES, LedgerEntryImportForm, figure_fields
from .models import LedgerEntry

TEMPLATE_FIGURES = 3
FIGURE_HEADER_RE = re.compile(r"^数据(\d+)(名称|数值|单位)$")


def figure_columns(n):
    label, value, unit = figure_fields(n)
    return [
        XField(label, f"数据{n}名称", kind="str", required=False, width=18, help="如：举办法治讲座、发放普法资料"),
        XField(value, f"数据{n}数值", kind="str", required=False, width=10, help="数字，如 129、23239.69；约数写作“30余”；“万”写在单位里"),
        XField(unit, f"数据{n}单位", kind="str", required=False, width=8, help="如：场、人次、件、份、万元、万份"),
    ]


@register("ledger")
class LedgerResource(Resource):
    model = LedgerEntry
    form_class = LedgerEntryImportForm
    title = "工作台账"
    base_fields = [
        XField("org", "单位", width=24),
        XField("happened_on", width=12),
        XField("section", width=26),
        XField("kind", width=14),
        XField("title", width=36),
        XField("text", width=60),
        XField("leader", width=18),
        XField("highlight", width=8),
    ]
    fields = base_fields + figure_columns(1) + figure_columns(2) + figure_columns(3) + [XField("attachment_count", "附件数", importable=False, width=8)]

    def __init__(self, figures=TEMPLATE_FIGURES):
        super().__init__()
        self.set_figures(figures)

    def set_figures(self, n):
        """Lay the sheet out with ``n`` figure groups."""
        self.figures = n
        fields = [XField(**vars(f)).bind(self.model) for f in self.base_fields]
        for i in range(1, n + 1):
            for f in figure_columns(i):
                f.bind(self.model)
                f.importable = True  # form fields, not model fields
                fields.append(f)
        fields.append(XField("attachment_count", "附件数", importable=False, width=8).bind(self.model))
        self.fields = fields

    def form_kwargs(self, user):
        return {"user": user, "figures": self.figures}

    # ---------------------------------------------------------------- import
    def import_file(self, path, user, default_org=None, allowed_orgs=None, write=None):
        """Read every 数据N group the sheet has (an exported sheet may have more than the template's three)."""
        from fazhi.core.excel import ImportResult

        rows = self.read_rows(path)
        try:
            _, headers = next(rows)
        except CellError:
            headers = []  # the generic import reports the unreadable file
        finally:
            rows.close()
        errors = self.lay_out(headers)
        if errors:
            result = ImportResult()
            result.errors.extend(errors)
            return result
        return super().import_file(path, user, default_org=default_org, allowed_orgs=allowed_orgs, write=write)

    def lay_out(self, headers):
        """As many 数据N groups as the headers have, at most :data:`MAX_FIGURES`."""
        groups = sorted({int(m.group(1)) for h in headers if (m := FIGURE_HEADER_RE.match(str(h)))})
        if groups and groups[-1] > MAX_FIGURES:
            return [(1, f"数据{n}名称", f"每条台账最多填写{MAX_FIGURES}项数据，请删去数据{n}各列") for n in groups if n > MAX_FIGURES]
        self.set_figures(max([TEMPLATE_FIGURES, *groups]))
        return []

    # ---------------------------------------------------------------- export
    def export_queryset(self, queryset):
        most = queryset.annotate(n=Count("figures")).aggregate(m=Max("n"))["m"] or 0
        self.set_figures(max(TEMPLATE_FIGURES, most))
        qs = queryset.select_related("org").prefetch_related("figures").annotate(attachment_count=Count("attachments"))
        return qs

    def export_value(self, obj, f, unmasked):
        m = re.match(r"^figure_(\d+)_(label|value|unit)$", f.name)
        if m:
            figures = list(obj.figures.all())
            n = int(m.group(1))
            if n > len(figures):
                return None
            figure = figures[n - 1]
            if m.group(2) == "label":
                return figure.label
            if m.group(2) == "unit":
                return figure.unit
            if figure.approximate:
                return f"{figure.number()}余"
            value = figure.value
            return int(value) if value == value.to_integral_value() else float(value)
        if f.name == "attachment_count":
            return getattr(obj, "attachment_count", None)
        return super().export_value(obj, f, unmasked)
