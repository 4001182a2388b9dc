"""Excel in and out for every registry (DESIGN.md §4.7).

A registry's ``resources.py`` declares a :class:`Resource` — the columns of its Excel sheet, in the
words of a bureau's own spreadsheet. The resource gives, for free:

* ``template()``: a workbook with the header row, drop-down lists for coded columns and an
  instructions sheet;
* ``export(queryset, stream)``: a write-only workbook of the rows, personal information masked
  (:func:`fazhi.core.personal.shown`) unless the user may see it and asked to, in bounded memory;
* ``import_file(path, user)``: every row parsed strictly and validated through the registry's own form
  *before* anything is written; then all rows in one transaction, or none, with a per-row error list
  (row, column, Chinese message) and an error workbook the user can fix and upload again.
"""

import contextvars
import copy
import datetime
import gc
import io
import os
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django import forms as dj_forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import personal
from .models import Org

ERROR_HEADER = "错误说明"
DATA_SHEET = "数据"
HELP_SHEET = "填写说明"
RED = PatternFill("solid", fgColor="FFC7CE")
HEAD = PatternFill("solid", fgColor="DDEBF7")


RESOURCES = {}


def register(kind):
    """Register a resource under the KIND name the CLI uses (``fazhi import <kind> F.xlsx``)."""

    def wrap(cls):
        RESOURCES[kind] = cls
        cls.kind = kind
        return cls

    return wrap


def get_resource(kind):
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("resources")
    if kind not in RESOURCES:
        raise KeyError(kind)
    return RESOURCES[kind]()


# ---------------------------------------------------------------- cells written
# Excel runs a cell stored as a formula, and openpyxl stores as a formula every string that starts with "="
# (``Cell._bind_value``; "#N/A" and the like it stores as error values). Users' free text — a name, a
# respondent, a failed login's username — may start with "=", "+", "-", "@", a tab or a carriage return
# (OWASP's formula-injection list). So every value fazhi writes to a workbook goes through :func:`set_cell`
# (or :func:`row_cells`, which uses it): a string is always a text cell holding exactly that string — no
# apostrophe is added, an import reads it back unchanged — and one starting with such a character is also
# marked ``quotePrefix``, the flag Excel itself sets for a typed leading apostrophe, so that editing the
# cell in Excel does not turn it into a formula either. Numbers, negative ones too, stay numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def set_cell(cell, value):
    """Put ``value`` into ``cell`` (of either kind of worksheet), a string always as text. Returns the cell."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def row_cells(ws, values):
    """The row ``values`` as ``ws.append`` (write-only or not) should get it: each string that openpyxl would
    not store as plain text, or that starts with a formula character, as a cell made by :func:`set_cell`;
    every other value as it is (openpyxl stores it as it is, and a write-only sheet writes plain values
    fastest); cells already made are kept."""
    return [
        set_cell(WriteOnlyCell(ws), v) if isinstance(v, str) and (v.startswith(FORMULA_STARTS) or v in ERROR_CODES) else v
        for v in values
    ]


class CellError(ValueError):
    """A cell that cannot be parsed; the message is shown to the user as is."""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_RES = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


_END = object()


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    s = _text(value)
    for rx in DATE_RES:
        m = rx.match(s)
        if m:
            try:
                return datetime.date(*map(int, m.groups()))
            except ValueError:
                break
    raise CellError(f"“{s}”不是有效日期，应为“2024-03-01”或“2024年3月1日”格式")


#: A number of more digits before the point than this is no amount or count of the platform's (the money fields
#: hold 12 digits before the point); refusing it here keeps ``int()`` from building a number of a billion digits.
MAX_INTEGER_DIGITS = 18


def parse_decimal(value):
    if isinstance(value, bool):
        raise CellError("应为数字")
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(str(value))
        s = str(value)
    else:
        s = _text(value).replace(",", "").replace("，", "")
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise CellError(f"“{s}”不是有效数字") from None
    if not d.is_finite():
        raise CellError(f"“{s}”不是有效数字")
    if d.adjusted() >= MAX_INTEGER_DIGITS:
        raise CellError(f"“{s}”超出可以登记的数值范围")
    return d


def parse_int(value):
    d = parse_decimal(value)
    if d != d.to_integral_value():
        raise CellError(f"“{value}”应为整数")
    return int(d)


TRUE = {"是", "y", "yes", "true", "1", "√", "有"}
FALSE = {"否", "n", "no", "false", "0", "×", "无"}


def parse_bool(value):
    if isinstance(value, bool):
        return value
    s = _text(value).lower()
    if s in TRUE:
        return True
    if s in FALSE:
        return False
    raise CellError(f"“{s}”应填“是”或“否”")


@dataclass
class XField:
    """One column of a registry's sheet. ``name`` is the model field (or a ``a__b`` path for export-only
    columns); ``kind`` is inferred from the model field when not given. A personal field is masked on export
    as its model declares (:mod:`fazhi.core.personal`)."""

    name: str
    header: str = ""
    required: bool | None = None
    kind: str = ""
    help: str = ""
    importable: bool = True
    width: int = 16
    choices: list = field(default_factory=list)
    related: type | None = None

    def lookup(self):
        """{name or code: pk} of a foreign key's possible values (orgs by code and name)."""
        out = {}
        for obj in self.related._default_manager.all():
            out[str(obj)] = obj.pk
            code = getattr(obj, "code", None)
            if code:
                out[code] = obj.pk
        return out

    def bind(self, model):
        f = None
        try:
            f = model._meta.get_field(self.name)
        except Exception:
            self.importable = False
        if f is not None:
            self.header = self.header or str(f.verbose_name)
            if self.required is None:
                self.required = not (f.blank or f.has_default() or isinstance(f, models.BooleanField))
            if not self.kind:
                if isinstance(f, models.ForeignKey) and f.related_model is Org and self.name == "org":
                    self.kind = "org"
                elif isinstance(f, models.ForeignKey):
                    self.kind = "fk"
                    self.related = f.related_model
                elif f.choices:
                    self.kind = "choice"
                elif isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
                    self.kind = "date"
                elif isinstance(f, models.DecimalField):
                    self.kind = "decimal"
                elif isinstance(f, (models.IntegerField,)):
                    self.kind = "int"
                elif isinstance(f, models.BooleanField):
                    self.kind = "bool"
                else:
                    self.kind = "str"
            if f.choices and not self.choices:
                self.choices = [(str(k), str(v)) for k, v in f.flatchoices]
            if not self.help and f.help_text:
                self.help = str(f.help_text)
        self.header = self.header or self.name
        self.kind = self.kind or "str"
        self.required = bool(self.required)
        return self

    def fmt(self):
        return {
            "date": "日期，如 2024-03-01",
            "decimal": "数字",
            "int": "整数",
            "bool": "是 / 否",
            "choice": "从下拉列表选择",
            "org": "单位代码或单位全称",
            "fk": "名称（须为系统中已有的）",
            "str": "文本",
        }[self.kind]


_FK_MEMO = contextvars.ContextVar("fazhi_excel_fk_memo", default=None)


def memoise_foreign_keys(model):
    """Let the ``ForeignKey.validate`` of ``model`` (the model's ``full_clean``: one ``EXISTS`` query per
    foreign key and row) remember each value's outcome while an import validates its rows (``_FK_MEMO`` set,
    in this thread or task only); anywhere else it runs as Django's. Idempotent."""
    for f in model._meta.fields:
        if not isinstance(f, models.ForeignKey) or "validate" in vars(f):
            continue

        def validate(value, model_instance, _validate=f.validate, _field=f):
            memo = _FK_MEMO.get()
            if memo is None or not isinstance(value, (int, str)):
                return _validate(value, model_instance)
            key = (id(_field), value)
            if key not in memo:
                try:
                    _validate(value, model_instance)
                    memo[key] = None
                except ValidationError as e:
                    memo[key] = e
            if memo[key] is not None:
                e = memo[key]
                raise ValidationError(e.message, code=e.code, params=e.params)

        f.validate = validate


def memoised(to_python):
    """A ``ModelChoiceField.to_python`` that remembers each value's object — or its error — for the life of
    one import's form (its queryset does not change while the rows are validated)."""
    seen = {}

    def wrapped(value):
        key = value if isinstance(value, (str, int)) else None
        if key is None:
            return to_python(value)
        if key not in seen:
            try:
                seen[key] = (to_python(value), None)
            except ValidationError as e:
                seen[key] = (None, e)
        obj, error = seen[key]
        if error is not None:
            raise ValidationError(error.message, code=error.code, params=error.params)
        return obj

    return wrapped


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    errors: list = field(default_factory=list)  # (row, column, message)
    error_file: str = ""

    @property
    def ok(self):
        return not self.errors


class Resource:
    """Subclass with ``model``, ``form_class`` and ``fields`` (a list of :class:`XField`)."""

    model = None
    form_class = None
    fields: list = []
    title = ""
    reuse_form = True

    def __init__(self):
        self.fields = [XField(**vars(f)).bind(self.model) if isinstance(f, XField) else XField(f).bind(self.model) for f in self.fields]
        self.title = self.title or str(self.model._meta.verbose_name)
        self._lookups = {}

    # ---------------------------------------------------------------- template
    def template(self, path):
        """Write the import template: header row, drop-downs, instructions sheet."""
        wb = Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        columns = [f for f in self.fields if f.importable]
        for i, f in enumerate(columns, start=1):
            cell = set_cell(ws.cell(row=1, column=i), ("*" if f.required else "") + f.header)
            cell.font = Font(bold=True, color="C00000" if f.required else "000000")
            cell.fill = HEAD
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if f.help or f.kind != "str":
                cell.comment = Comment(f"{f.fmt()}{'；' + f.help if f.help else ''}", "fazhi")
            ws.column_dimensions[get_column_letter(i)].width = f.width
            letter = get_column_letter(i)
            if f.kind in ("choice", "bool"):
                options = [label for _, label in f.choices] if f.kind == "choice" else ["是", "否"]
                formula = '"' + ",".join(options) + '"'
                if len(formula) <= 255:
                    dv = DataValidation(type="list", formula1=formula, allow_blank=not f.required)
                    dv.error = "请从下拉列表中选择"
                    dv.errorTitle = "输入无效"
                    ws.add_data_validation(dv)
                    dv.add(f"{letter}2:{letter}5000")
            if f.kind in ("date", "str"):
                # Text columns are formatted as text, or Excel turns a licence or ID number into a number
                # and keeps only its first 15 digits.
                fmt = "yyyy-mm-dd" if f.kind == "date" else "@"
                for r in range(2, 202):
                    ws.cell(row=r, column=i).number_format = fmt
        ws.freeze_panes = "A2"
        help_ws = wb.create_sheet(HELP_SHEET)
        help_ws.append(row_cells(help_ws, [f"{self.title}导入模板 填写说明"]))
        help_ws["A1"].font = Font(bold=True, size=14)
        help_ws.append(row_cells(help_ws, ["1. 在“数据”工作表第2行起逐行填写，一行一条记录；请勿修改表头。"]))
        help_ws.append(row_cells(help_ws, ["2. 列名前带 * 的为必填项。日期写作 2024-03-01；“是/否”列填“是”或“否”。"]))
        help_ws.append(row_cells(help_ws, ["3. 导入前系统逐行校验，任何一行有错则全部不导入，并给出每行每列的错误说明及错误工作簿；改正后可直接上传错误工作簿。"]))
        help_ws.append(row_cells(help_ws, []))
        help_ws.append(row_cells(help_ws, ["列名", "是否必填", "格式", "可选值", "说明"]))
        for c in help_ws[help_ws.max_row]:
            c.font = Font(bold=True)
            c.fill = HEAD
        for f in columns:
            options = "、".join(label for _, label in f.choices) if f.kind == "choice" else ("是、否" if f.kind == "bool" else "")
            help_ws.append(row_cells(help_ws, [f.header, "必填" if f.required else "选填", f.fmt(), options, f.help]))
        for letter, width in zip("ABCDE", (22, 10, 22, 50, 50), strict=True):
            help_ws.column_dimensions[letter].width = width
        wb.save(path)
        return path

    # ---------------------------------------------------------------- export
    def export_value(self, obj, f, unmasked):
        if f.kind in ("org", "fk"):
            value = getattr(obj, f.name, None)
            value = str(value) if value is not None else ""
        else:
            value = personal.shown(obj, f.name, unmasked)
        if isinstance(value, bool):
            value = "是" if value else "否"
        if isinstance(value, datetime.datetime):
            value = value.replace(tzinfo=None)
        if isinstance(value, models.Model):
            value = str(value)
        return value

    def export_rows(self, queryset, unmasked=False):
        """Each row of ``queryset`` (from :meth:`export_queryset`) as the list of its export values, one per field
        (``unmasked`` as in :meth:`export`): what the sheet holds, and what the API's export gives as JSON."""
        row_unmasked = (lambda obj: obj.pk in unmasked) if isinstance(unmasked, (set, frozenset)) else (lambda obj: unmasked)
        for obj in queryset.iterator(chunk_size=2000):
            full = row_unmasked(obj)
            yield [self.export_value(obj, f, full) for f in self.fields]

    def export_queryset(self, queryset):
        """``queryset`` ready to export: what its columns read fetched with it (a registry's resource adds its
        relations, and may set its columns by the rows, e.g. as many figure columns as a row holds)."""
        return queryset

    def export(self, queryset, path, unmasked=False):
        """Write the rows of ``queryset`` to ``path`` with openpyxl's write-only mode (memory stays flat).
        ``unmasked`` is True/False for every row, or a set of the primary keys whose personal data is written in
        full (the rows the user holds: a record seen only as a side stays masked)."""
        queryset = self.export_queryset(queryset)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(DATA_SHEET)
        for i, f in enumerate(self.fields, start=1):
            ws.column_dimensions[get_column_letter(i)].width = f.width
        ws.freeze_panes = "A2"
        header = []
        for f in self.fields:
            c = set_cell(WriteOnlyCell(ws), f.header)
            c.font = Font(bold=True)
            c.fill = HEAD
            header.append(c)
        ws.append(header)
        date_cols = {i for i, f in enumerate(self.fields) if f.kind == "date"}
        count = 0
        for values in self.export_rows(queryset, unmasked):
            row = []
            for i, value in enumerate(values):
                if i in date_cols and value:
                    c = set_cell(WriteOnlyCell(ws), value)
                    c.number_format = "yyyy-mm-dd"
                    row.append(c)
                else:
                    row.append(value)
            ws.append(row_cells(ws, row))
            count += 1
        wb.save(path)
        return count

    # ---------------------------------------------------------------- import
    def convert(self, f, raw, allowed_orgs):
        """Parse one cell strictly into the value the form expects (as form data)."""
        if raw is None or _text(raw) == "":
            return ""
        if f.kind == "date":
            return parse_date(raw)  # a date: the form's DateField takes it as it is (no second parse)
        if f.kind == "decimal":
            return str(parse_decimal(raw))
        if f.kind == "int":
            return str(parse_int(raw))
        if f.kind == "bool":
            return "on" if parse_bool(raw) else ""
        if f.kind == "choice":
            s = _text(raw)
            for code, label in f.choices:
                if s in (code, label):
                    return code
            raise CellError(f"“{s}”不是可选值，可选：{'、'.join(label for _, label in f.choices)}")
        if f.kind == "fk":
            s = _text(raw)
            if f.name not in self._lookups:
                self._lookups[f.name] = f.lookup()
            pk = self._lookups[f.name].get(s)
            if pk is None:
                raise CellError(f"“{s}”不存在，请填写系统中已有的{f.header}")
            return str(pk)
        if f.kind == "org":
            s = _text(raw)
            org = allowed_orgs.get(s)
            if org is None:
                raise CellError(f"单位“{s}”不存在，或不在您可以录入的范围内")
            return str(org.pk)
        if isinstance(raw, float) and abs(raw) >= 1e15:
            # Excel keeps 15 significant digits: a longer number typed into a General cell has lost its tail.
            raise CellError(f"“{_text(raw)}”被 Excel 存成了数字，15位以后的数字已被改变；请将该列设为“文本”格式后重新填写")
        return _text(raw)

    def form_kwargs(self, user):
        return {"user": user}

    def read_rows(self, path):
        """Yield (row number, {header: raw value}) from the first sheet, skipping blank rows."""
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # not an xlsx, or corrupt
            raise CellError(f"无法读取文件，请上传 .xlsx 格式的 Excel 工作簿（{type(e).__name__}）") from None
        try:
            ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise CellError("工作簿是空的")
            headers = [_text(h).lstrip("*").strip() for h in header]
            yield 1, headers
            n = 1
            while True:
                n += 1
                try:
                    values = next(rows, _END)
                except Exception as e:  # a sheet whose XML is broken or holds what openpyxl cannot read
                    raise CellError(f"无法读取第{n}行，文件可能已损坏，请用 Excel 另存为 .xlsx 后重新上传（{type(e).__name__}）") from None
                if values is _END:
                    return
                if values is None or all(v is None or _text(v) == "" for v in values):
                    continue
                yield n, dict(zip(headers, values, strict=False))
        except CellError:
            raise
        except Exception as e:  # the workbook's parts are unreadable (sheet list, header row)
            raise CellError(f"无法读取文件，请上传 .xlsx 格式的 Excel 工作簿（{type(e).__name__}）") from None
        finally:
            wb.close()

    def import_file(self, path, user, default_org=None, allowed_orgs=None, write=None):
        """Validate every row, then write all or none. Returns an :class:`ImportResult`. ``write``: the context
        manager of the write's transaction (default ``transaction.atomic()``; the import page's claims the
        form's token in it, ``core.submissions.once``).

        The cyclic garbage collector is paused meanwhile: every row's form, instance and values stay alive
        until the write, so each full collection walked all the rows read so far — a fifth of a 20,000-row
        import — and found nothing to free (rows are freed by reference counting)."""
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._import(self.read_rows(path), user, default_org, allowed_orgs, write)
        finally:
            if paused:
                gc.enable()

    def lay_out(self, headers):
        """Fit the columns to the ``headers`` of the rows to import, for a registry whose sheet's columns vary with
        its rows (a ledger entry's 数据N groups); the errors ``[(row, column, message)]`` of headers it cannot take."""
        return []

    def import_rows(self, rows, user, default_org=None, allowed_orgs=None, write=None):
        """The same as :meth:`import_file` for rows already read — each a dict {column header: value}, numbered
        from 2 as in a sheet (the API's bulk create): validated, all or none written, each error as
        ``(row number, column header, message)``."""
        given = list(dict.fromkeys(h for row in rows for h in row))
        errors = self.lay_out(given)
        if errors:
            result = ImportResult()
            result.errors.extend(errors)
            return result
        columns = [f.header for f in self.fields if f.importable]
        headers = list(dict.fromkeys([*columns, *given]))

        def read():
            yield 1, headers
            for n, row in enumerate(rows, start=2):
                if any(v not in (None, "") for v in row.values()):
                    yield n, row

        return self._import(read(), user, default_org, allowed_orgs, write)

    def _import(self, rows, user, default_org, allowed_orgs, write=None):
        result = ImportResult()
        if allowed_orgs is None:
            from .scope import orgs_for

            allowed_orgs = orgs_for(user, self.model, "add")
        by_key = {}
        for org in allowed_orgs:
            by_key[org.code] = org
            by_key[org.name] = org
        columns = [f for f in self.fields if f.importable]
        forms = []
        raw_rows = []
        rows_form = self.row_forms(user)
        memoise_foreign_keys(self.model)
        memo = _FK_MEMO.set({})
        try:
            it = rows
            _, headers = next(it)
            missing = [f.header for f in columns if f.required and f.header not in headers and not (f.kind == "org" and default_org)]
            for h in missing:
                result.errors.append((1, h, "缺少必填列，请使用系统下载的模板"))
            if missing:
                return result
            for n, row in it:
                result.total += 1
                raw_rows.append((n, row))
                data, row_errors = {}, []
                for f in columns:
                    raw = row.get(f.header)
                    try:
                        data[f.name] = self.convert(f, raw, by_key)
                    except CellError as e:
                        row_errors.append((n, f.header, str(e)))
                        data[f.name] = ""
                if default_org is not None and not data.get("org"):
                    if default_org.code in by_key:
                        data["org"] = str(default_org.pk)
                    else:
                        org_header = next((f.header for f in columns if f.name == "org"), "责任单位")
                        row_errors.append((n, org_header, f"单位“{default_org.name}”不在您可以录入的范围内"))
                form = rows_form(data)
                if not form.is_valid():
                    failed = {h for _, h, _ in row_errors}
                    for name, errs in form.errors.items():
                        header = next((f.header for f in columns if f.name == name), "（整行）")
                        if header in failed:
                            continue  # the parse error already says it
                        for e in errs:
                            row_errors.append((n, header, str(e)))
                result.errors.extend(row_errors)
                form._bound_fields_cache = {}  # a BoundField per column and row: rebuilt if ever needed
                forms.append(form)
        except CellError as e:
            result.errors.append((0, "（文件）", str(e)))
            return result
        finally:
            _FK_MEMO.reset(memo)
        if result.total == 0 and not result.errors:
            result.errors.append((0, "（文件）", "没有可导入的数据行"))
        result.errors.extend(self.duplicate_errors([(n, form) for (n, _), form in zip(raw_rows, forms, strict=True)], columns))
        if result.errors:
            result.error_file = self.error_workbook(raw_rows, result.errors, columns)
            return result
        with write() if write is not None else transaction.atomic():
            result.created = self.save_rows(forms, user)
        return result

    def duplicate_errors(self, numbered_forms, columns):
        """Rows of the file that repeat another row's values of a unique field or constraint of the model (each row's
        form checks the database only, and the rows are written together). Only the rows that are valid otherwise,
        and only the uniques whose fields the form fills in (not numbers the save gives out)."""
        valid = [(n, form) for n, form in numbered_forms if not form.errors]
        if not valid:
            return []
        headers = {c.name: c.header for c in columns}
        checks = []
        for _, names in valid[0][1].instance._get_unique_checks(include_meta_constraints=True)[0]:
            fields = [self.model._meta.get_field(name) for name in names]
            if all(name in valid[0][1].fields for name in names):
                checks.append(fields)
        errors = []
        for fields in checks:
            seen = {}
            for n, form in valid:
                key = tuple(getattr(form.instance, f.attname) for f in fields)
                if any(v is None or v == "" for v in key):
                    continue
                if key in seen:
                    labels = "、".join(str(headers.get(f.name, f.verbose_name)) for f in fields)
                    errors.append((n, headers.get(fields[-1].name, "（整行）"), f"与本表第{seen[key]}行的{labels}相同，不能重复导入"))
                else:
                    seen[key] = n
        return errors

    def row_forms(self, user):
        """A function {field: value} → the bound form of one row.

        With ``reuse_form`` (the default) the form is built once per import and each row gets a shallow copy
        of it with its own data, errors and a new model instance: building a Django form deep-copies every
        field and runs the form's ``__init__`` (which asks the database for the orgs the user may file
        under), and that was a fifth of an import's time. The copies share the fields, which validation
        does not change; the ``ModelChoiceField`` lookups (org, respondent, area …) are memoised per value
        for the import (the field's own queryset and error, one query per distinct value instead of one
        per row). A resource whose form's ``__init__`` depends on the row's data sets ``reuse_form = False``."""
        kwargs = self.form_kwargs(user)
        if not self.reuse_form:
            return lambda data: self.form_class(data=data, **kwargs)
        prototype = self.form_class(data={}, **kwargs)
        for f in prototype.fields.values():
            if isinstance(f, dj_forms.ModelChoiceField) and not isinstance(f, dj_forms.ModelMultipleChoiceField):
                f.to_python = memoised(f.to_python)
        model = getattr(getattr(prototype, "_meta", None), "model", None)

        def make(data):
            form = copy.copy(prototype)
            form.data = data
            form._errors = None
            form._bound_fields_cache = {}
            form.initial = dict(prototype.initial)
            if model is not None:
                form.instance = model()
            return form

        return make

    def derive(self, obj, data):
        """What follows from a validated row (``data``, its cleaned data) for its unsaved record ``obj`` besides the
        fields the form sets — a registry's state from the dates given, by a function of its ``services.py``.
        Nothing by default."""

    def complete(self, obj, data):
        """What a row makes once its record and the form's own rows are saved (numbers, filings: the registry's
        ``services.py``). Nothing by default."""

    def build(self, form):
        """The unsaved record of a validated row: the form's instance with what :meth:`derive` adds."""
        obj = form.save(commit=False)
        self.derive(obj, form.cleaned_data)
        return obj

    def save_rows(self, forms, user):
        """Write the validated rows (inside the import's transaction); returns how many. Each row is saved
        through its form: the model's ``save()`` (case numbers, stored deadlines), field history and the
        form's own related rows, between :meth:`derive` and :meth:`complete`. A resource may write in bulk
        instead (:func:`fazhi.core.bulk.bulk_create_rows`), with the same rows as a result; this is then its
        plain-ORM fallback, under ``FAZHI_PLAIN_ORM`` (:mod:`fazhi.core.fastpath`)."""
        for form in forms:
            obj = self.build(form)
            if hasattr(obj, "created_by_id"):
                obj.created_by = obj.created_by or user
                obj.updated_by = user
            obj._history_user = user
            obj.save()
            form.save_m2m()
            self.complete(obj, form.cleaned_data)
        return len(forms)

    def error_workbook(self, raw_rows, errors, columns):
        """The uploaded rows with an 错误说明 column and the bad cells in red, saved (encrypted) under MEDIA_ROOT;
        its name."""
        by_row = {}
        for n, header, msg in errors:
            by_row.setdefault(n, []).append((header, msg))
        wb = Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        headers = [f.header for f in columns]
        ws.append(row_cells(ws, [ERROR_HEADER] + [("*" if f.required else "") + f.header for f in columns]))
        for c in ws[1]:
            c.font = Font(bold=True)
            c.fill = HEAD
        ws.column_dimensions["A"].width = 50
        for n, row in raw_rows:
            errs = by_row.get(n, [])
            text = "；".join(f"{h}：{m}" for h, m in errs)
            ws.append(row_cells(ws, [text] + [row.get(h) for h in headers]))
            bad = {h for h, _ in errs}
            r = ws.max_row
            if errs:
                ws.cell(row=r, column=1).font = Font(color="C00000")
            for i, h in enumerate(headers, start=2):
                if h in bad:
                    ws.cell(row=r, column=i).fill = RED
        ws.freeze_panes = "B2"
        return save_error_workbook(wb)


def error_workbook_path(name):
    """Where the error workbook ``name`` (``<uuid>.xlsx``) is kept: SM4-encrypted, since its rows hold what was
    uploaded — ID numbers and phone numbers among it (:mod:`fazhi.core.crypto`); purged by ``fazhi purge_temp``."""
    return Path(settings.MEDIA_ROOT) / "imports" / f"{name}.sm4"


def save_error_workbook(wb):
    from .crypto import encrypt_bytes

    buffer = io.BytesIO()
    wb.save(buffer)
    name = f"{uuid.uuid4().hex}.xlsx"
    path = error_workbook_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(encrypt_bytes(buffer.getvalue()))
    return name


def read_error_workbook(name):
    """The .xlsx bytes of the error workbook ``name``; FileNotFoundError when it is gone (purged)."""
    from .crypto import decrypt_bytes

    return decrypt_bytes(error_workbook_path(name).read_bytes())
