"""What every registry's tests do alike: find a unit, fill the registry's own import template, upload a
workbook, read an export, POST a workflow transition, name a moment in the county's time zone."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

#: The county's time zone, for time_machine.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def org(code):
    from fazhi.core.models import Org

    return Org.objects.get(code=code)


def at(day, hour=9):
    """A moment of ``day`` in the county's time zone, for time_machine."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def filled_template(resource_class, rows, *, as_text=False, add_columns=False):
    """An import workbook as a unit would fill it: the system's own template of ``resource_class``, then one row
    per dict of {column header: cell value}. ``as_text`` writes typed text as text (as in the template's text
    columns, so that a licence number stays a string); ``add_columns`` appends headers the template lacks
    (a ledger's 数据4名称 …). Returns the .xlsx bytes."""
    from openpyxl import load_workbook

    from fazhi.core.excel import DATA_SHEET, set_cell

    blank = io.BytesIO()
    resource_class().template(blank)
    blank.seek(0)
    wb = load_workbook(blank)
    ws = wb[DATA_SHEET]
    columns = {str(c.value).lstrip("*"): c.column for c in ws[1]}
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            if header not in columns and add_columns:
                columns[header] = ws.max_column + 1
                ws.cell(row=1, column=columns[header], value=header)
            cell = ws.cell(row=r, column=columns[header])
            if as_text:
                set_cell(cell, value)
            else:
                cell.value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content, name="台账.xlsx"):
    """``content`` as an uploaded file of the test client."""
    f = io.BytesIO(content)
    f.name = name
    return f


def exported(response):
    """The rows of an exported workbook (a streamed response) as {header: value}."""
    from openpyxl import load_workbook

    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r + (None,) * (len(rows[0]) - len(r)), strict=True)) for r in rows[1:]]


def do(client, obj, name, **data):
    """POST workflow transition ``name`` of ``obj`` through the web (its registry's transition page) and return
    the response."""
    from fazhi.core.views.generic import views_for

    return client.post(views_for(type(obj)).url("transition", obj.pk, name), {k: str(v) for k, v in data.items()})
