"""A record's child rows through the API — its parties, review items, procedures, figures, attachments: the
registry's inline formsets (``RegistryViews.inlines``), the same ones its pages edit, at
``…/{id}/rows/{inline}/``.

``GET`` reads the rows as the formset holds them (each row's ``id`` and the formset's fields), personal data masked
unless ``?unmask=1`` for a role with the right (audited; never for a record seen only as a side). ``PUT`` replaces
them, ``{"rows": [{…}, …]}``: a row with an ``id`` changes that row (the fields it leaves out keep their values), a
row without one is added (where the page adds rows: not a campaign's selected documents, which a workflow step
makes), a row left out is deleted; all rows or none are saved, through the formset's own
validation, with each error naming the row (its place in the body, from 1), its field and the reason. Rows holding
personal data are written only by a role that may see it, as on the pages; a value sent back as the GET masked it
keeps the stored value. A file is sent as ``{"name": "…", "content": "<base64>"}``."""

import base64
import binascii

from django import forms as djforms
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core import personal, writes
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import Org
from fazhi.core.scope import can_view_pii, sides_of

from .viewsets import form_value, wrong_values

MAX_ROWS = 500


def _json(field, value):
    """A formset field's value as JSON: a unit by its code, a date as ISO text, a file by its name and size."""
    if value is None or value == "":
        return None if not isinstance(field, djforms.CharField) else ""
    if isinstance(field, djforms.FileField):
        if not value:
            return None
        return {"name": getattr(value, "name", str(value)).rsplit("/", 1)[-1], "size": getattr(value, "size", None)}
    if isinstance(field, djforms.ModelChoiceField):
        if field.queryset.model is Org:
            org = Org.objects.filter(pk=value).only("code").first()
            return org.code if org is not None else None
        return value if isinstance(value, int) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _unchecked(field, value):
    """Whether a yes/no box is left unchecked (an unchecked box sends nothing)."""
    return isinstance(field, djforms.BooleanField) and not isinstance(field, djforms.NullBooleanField) and value in (False, "", None, "false")


def _upload(value, where):
    if not (isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("content"), str)):
        raise exceptions.ValidationError({"rows": [f"{where}：文件应为 {{\"name\": 文件名, \"content\": Base64 内容}}。"]})
    try:
        content = base64.b64decode(value["content"], validate=True)
    except (binascii.Error, ValueError):
        raise exceptions.ValidationError({"rows": [f"{where}：文件内容不是有效的 Base64。"]}) from None
    return SimpleUploadedFile(value["name"][:200] or "附件", content)


def schema_for(views):
    """The OpenAPI description of the rows of ``views``' inlines."""
    inlines = list(views.inlines)
    names = "、".join(f"{name}（{label}）" for name, (label, _f) in views.inlines.items())
    rows = inline_serializer(
        f"{views.model.__name__}Rows",
        {"label": serializers.CharField(read_only=True, help_text="这些行的名称"),
         "rows": serializers.ListField(child=serializers.JSONField(), help_text="各行：id 与表单字段")},
    )
    body = inline_serializer(
        f"{views.model.__name__}RowsWrite",
        {"rows": serializers.ListField(child=serializers.JSONField(), max_length=MAX_ROWS,
                                       help_text="全部行：带 id 的行修改该行，不带 id 的行新增，未列出的行删除")},
    )
    parameters = [OpenApiParameter("inline", OpenApiTypes.STR, OpenApiParameter.PATH, enum=inlines, description=f"下属行：{names}"),
                  OpenApiParameter("unmask", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["1"], required=False,
                                   description="查看完整个人信息（有权限的角色；审计）")]
    return [extend_schema(methods=["GET"], summary="读取下属行", parameters=parameters, responses={200: rows}),
            extend_schema(methods=["PUT"], summary="整体替换下属行", parameters=parameters[:1], request=body, responses={200: rows})]


class RowsMixin:
    """``rows`` for a registry with inlines."""

    def inline(self, name):
        if name not in self.registry.inlines:
            raise exceptions.NotFound("该登记簿没有这一类下属行。")
        return self.registry.inlines[name]

    def rows_unmasked(self, obj, label):
        if self.request.query_params.get("unmask") != "1":
            return False
        if not can_view_pii(self.request.user):
            raise exceptions.PermissionDenied("您的角色不能查看完整个人信息。")
        if sides_of(self.request.user, obj) is not None:
            raise exceptions.PermissionDenied("本单位作为当事方查看该记录，不能查看完整个人信息。")
        record(self.request, AuditAction.PII_VIEW, obj=obj, message=f"通过接口查看“{obj}”的{label}（含完整个人信息）")
        return True

    @staticmethod
    def represent(formset, label, full):
        result = []
        for form in formset.initial_forms:
            row = {"id": form.instance.pk}
            for name, field in form.fields.items():
                if name in ("id", "DELETE", formset.fk.name):
                    continue
                row[name] = _json(field, form[name].value() if not isinstance(field, djforms.FileField) else form.initial.get(name))
            for name in personal.declaration(form.instance).own():
                if name in row and not full and personal.declaration(form.instance).applies(form.instance, name):
                    row[name] = personal.shown(form.instance, name, False)
            result.append(row)
        return {"label": label, "rows": result}

    def rows_get(self, request, inline):
        obj = self.get_object()
        label, formset_class = self.inline(inline)
        full = self.rows_unmasked(obj, label) if personal.declaration(formset_class.model) else False
        return Response(self.represent(formset_class(instance=obj), label, full))

    def rows_put(self, request, inline):
        obj = self.get_object()
        label, formset_class = self.inline(inline)
        if personal.declaration(formset_class.model) and not can_view_pii(request.user):
            raise exceptions.PermissionDenied(f"{label}含个人信息，您的角色不能修改，请联系司法局经办人员。")
        body = request.data.get("rows") if isinstance(request.data, dict) else None
        if not isinstance(body, list) or not all(isinstance(r, dict) for r in body):
            raise exceptions.ValidationError({"rows": ["请提供全部行：{\"rows\": [{…}, …]}（空列表表示删除全部行）。"]})
        if len(body) > MAX_ROWS:
            raise exceptions.ValidationError({"rows": [f"一次最多{MAX_ROWS}行。"]})
        unbound = formset_class(instance=obj)
        prefix = unbound.prefix
        existing = list(unbound.initial_forms)
        by_id = {form.instance.pk: i for i, form in enumerate(existing)}
        template = unbound.empty_form
        fields = {n: f for n, f in template.fields.items() if n not in ("id", "DELETE", unbound.fk.name)}
        problems = []
        seen = set()
        for n, row in enumerate(body, start=1):
            where = f"第{n}行"
            pk = row.get("id")
            if pk is not None:
                if isinstance(pk, bool) or not isinstance(pk, int) or pk not in by_id:
                    problems.append({"row": n, "field": "id", "message": f"{where}：该行不存在或不属于这条记录。"})
                elif pk in seen:
                    problems.append({"row": n, "field": "id", "message": f"{where}：该行在请求中出现了两次。"})
                seen.add(pk)
            for name in sorted(set(row) - set(fields) - {"id"}):
                problems.append({"row": n, "field": name, "message": f"{where}：不能写入该字段（只读或不存在）。"})
            for name, messages in wrong_values(fields, {k: v for k, v in row.items() if k in fields and not isinstance(fields[k], djforms.FileField)}).items():
                problems.append({"row": n, "field": name, "message": f"{where}：{messages[0]}"})
        if problems:
            return Response({"errors": problems}, status=400)
        if not unbound.can_delete and len(seen) < len(existing):
            raise exceptions.ValidationError({"rows": ["这些行不能删除：请列出全部已有行。"]})
        new_rows = [(n, row) for n, row in enumerate(body, start=1) if row.get("id") is None]
        if new_rows and not writes.adds_rows(formset_class):
            return Response({"errors": [{"row": n, "field": "id", "message": f"第{n}行：{label}由流程操作生成，不能在此新增。"}
                                        for n, _row in new_rows]}, status=400)
        data = {f"{prefix}-TOTAL_FORMS": str(len(existing) + len(new_rows)), f"{prefix}-INITIAL_FORMS": str(len(existing)),
                f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
        files = {}
        place = {}  # form index -> place of the row in the body
        sent = {row["id"]: (n, row) for n, row in enumerate(body, start=1) if row.get("id") is not None}
        for i, form in enumerate(existing):
            inst = form.instance
            data[f"{prefix}-{i}-id"] = str(inst.pk)
            n, row = sent.get(inst.pk, (None, None))
            place[i] = n
            for name, field in fields.items():
                if isinstance(field, djforms.FileField):
                    if row is not None and isinstance(row.get(name), dict) and "content" in row[name]:
                        files[f"{prefix}-{i}-{name}"] = _upload(row[name], f"第{n}行")
                    continue
                value = form[name].value()
                if row is not None and name in row:
                    value = row[name]
                    decl = personal.declaration(inst)
                    if name in decl.own() and decl.applies(inst, name) and value == personal.shown(inst, name, False):
                        value = getattr(inst, name)  # sent back masked, as a GET showed it: kept
                    value = form_value(field, value)
                elif hasattr(value, "pk"):
                    value = value.pk
                if _unchecked(field, value):
                    continue
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
            if row is None:
                data[f"{prefix}-{i}-DELETE"] = "on"
        for j, (n, row) in enumerate(new_rows, start=len(existing)):
            place[j] = n
            for name, field in fields.items():
                if name not in row:
                    continue
                if isinstance(field, djforms.FileField):
                    if row[name] is not None:
                        files[f"{prefix}-{j}-{name}"] = _upload(row[name], f"第{n}行")
                    continue
                value = form_value(field, row[name])
                if _unchecked(field, value):
                    continue
                data[f"{prefix}-{j}-{name}"] = value
        formset = formset_class(data, files, instance=obj)
        if not formset.is_valid():
            errors = [{"row": None, "field": None, "message": str(e)} for e in formset.non_form_errors()]
            for i, form_errors in enumerate(formset.errors):
                n = place.get(i)
                for name, messages in form_errors.items():
                    where = f"第{n}行" if n is not None else f"被删除的行（id {existing[i].instance.pk}）"
                    for message in messages:
                        errors.append({"row": n, "field": None if name == "__all__" else name, "message": f"{where}：{message}"})
            return Response({"errors": errors}, status=400)
        writes.save_rows(formset, request, label, via="通过接口")
        return Response(self.represent(formset_class(instance=obj), label, False))


def rows_mixin(views):
    """A mixin class adding ``GET/PUT …/{id}/rows/{inline}/`` for the inlines of ``views``."""
    schema = schema_for(views)

    @action(detail=True, methods=["get", "put"], url_path=r"rows/(?P<inline>[a-z_]+)")
    def rows(self, request, pk=None, inline=None, **kwargs):
        """A record's child rows (see :mod:`fazhi.api.rows`)."""
        if request.method == "PUT":
            return self.rows_put(request, inline)
        return self.rows_get(request, inline)

    for decorate in schema:
        rows = decorate(rows)
    return type(f"{views.model.__name__}Rows", (RowsMixin,), {"rows": rows})
