"""One base viewset for every registry model (in the spirit of NetBox's ``netbox/api/viewsets``): the HTTP method
names the action (GET view, POST add, PUT/PATCH change, DELETE delete); the user must hold the registry's permission
for it (administrators hold none: 三员分立), and every query starts from ``Model.objects.visible_to(user, action)``.
Filters and search are the list page's filter set; writes go through the registry's own form, so that a value the
page refuses is refused here with the same Chinese message; workflow transitions run the registry's workflow with
its guards (409 with the reason when a guard refuses). Personal data is masked as on the pages; ``?unmask=1`` shows
in full the rows the user holds, for a role with the right, and is audited."""

from django import forms as djforms
from django.forms.models import model_to_dict
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core import writes
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import Org
from fazhi.core.scope import can_view_pii, sides_of

from .errors import Conflict

ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


#: The most rows one export answers (as many as one bulk create takes).
EXPORT_LIMIT = 20000


def exported(value):
    """An export value as JSON: a date as ISO text, a decimal as text (exact), the rest as it is."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


BULK_RESULT = inline_serializer("BulkResult", {
    "created": serializers.IntegerField(help_text="新增的行数（有错误时为0）"),
    "errors": serializers.ListField(child=inline_serializer("BulkError", {
        "row": serializers.IntegerField(allow_null=True, help_text="行号（从2起，同 Excel）"),
        "column": serializers.CharField(allow_null=True, allow_blank=True, help_text="列名"),
        "message": serializers.CharField(help_text="错误说明")}), help_text="每处错误")})


class RegistryPermission(permissions.BasePermission):
    """The registry's permission for the request's action (a transition needs ``change``); a read-only token reads."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if getattr(token, "read_only", False) and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied("只读令牌不能新增、修改、删除或办理。")
        if not request.user.has_perm(view.registry.perm(view.permission_action())):
            raise exceptions.PermissionDenied("您没有此功能的权限。")
        return True


def wrong_values(fields, data):
    """{name: message} for each value of ``data`` a form field cannot take: an object, a list where one value is
    wanted, a true/false where no yes/no is asked."""
    plural = (djforms.MultipleChoiceField, djforms.ModelMultipleChoiceField)
    wrong = {}
    for name, value in data.items():
        field = fields.get(name)
        if isinstance(value, dict) or (isinstance(value, list) and not isinstance(field, plural)):
            wrong[name] = ["应为单个值，不能是列表或对象。"]
        elif isinstance(value, bool) and field is not None and not isinstance(field, (djforms.BooleanField, djforms.NullBooleanField)):
            wrong[name] = ["应为文字或数字，不能是 true/false。"]
    return wrong


def form_value(field, value):
    """A JSON value as the registry's form expects it in its data: a unit by its code, a boolean, a list."""
    if value is None:
        return ""
    if isinstance(field, djforms.ModelChoiceField) and field.queryset.model is Org and isinstance(value, str) and not value.isdigit():
        org = Org.objects.filter(code=value).only("pk").first()
        return str(org.pk) if org is not None else value
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


class RegistrySchema(AutoSchema):
    """Each registry model's operations under its Chinese name in the docs."""

    def get_tags(self):
        return [str(self.view.registry.model._meta.verbose_name)]


class RegistryViewSet(viewsets.ModelViewSet):
    registry = None  # the RegistryViews this viewset serves
    schema = RegistrySchema()
    lookup_value_regex = r"\d+"

    def permission_action(self):
        if getattr(self, "action", None) == "transition":
            return "change"
        return ACTIONS.get(self.request.method, "view")

    def get_permissions(self):
        return [permissions.IsAuthenticated(), RegistryPermission()]

    @property
    def model(self):
        return self.registry.model

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        scope_action = "view" if self.action == "transition" else self.permission_action()
        # Every unit a row names is shown by its code: fetched with the row, not one query each.
        units = [f.name for f in self.model._meta.concrete_fields
                 if f.is_relation and f.related_model is Org and f.name in self.serializer_class.Meta.fields]
        qs = self.model.objects.visible_to(self.request.user, scope_action).select_related(*units)
        return qs.prefetch_related(*self.registry.prefetch).order_by("pk")

    def filter_queryset(self, queryset):
        if self.action not in ("list", "export") or self.registry.filterset_class is None:
            return queryset
        params = self.request.query_params.copy()
        for name in ("page", "page_size", "fields", "unmask", *(() if self.filters_year() else ("year",))):
            params.pop(name, None)
        code = params.get("org")
        if code and not code.isdigit():  # a unit by its code, as the rows show it
            unit = Org.objects.filter(code=code).only("pk").first()
            params["org"] = str(unit.pk) if unit is not None else code
        fs = self.registry.filterset_class(params or None, queryset=queryset, request=self.request)
        if fs.is_bound and not fs.is_valid():
            raise exceptions.ValidationError({name: [str(e) for e in errs] for name, errs in fs.errors.items()})
        return fs.qs.order_by("pk")

    def filters_year(self):
        """Whether the list's own filters have a ``year`` (else ``?year=`` of an export is the registry's year)."""
        return self.registry.filterset_class is not None and "year" in self.registry.filterset_class.base_filters

    def get_serializer_class(self):
        return self.serializer_class

    def get_serializer(self, *args, **kwargs):
        fields = self.request.query_params.get("fields") if self.request is not None else None
        if fields:
            kwargs["fields"] = [f.strip() for f in fields.split(",") if f.strip()]
        return super().get_serializer(*args, **kwargs)

    # ---- masking ----------------------------------------------------------------
    def unmasked_for(self, objs):
        """The rows shown in full: on ``?unmask=1`` for a role with the right, those the user holds (never a row
        seen only as a side); each such read is audited."""
        if self.request.query_params.get("unmask") != "1":
            return set()
        if not can_view_pii(self.request.user):
            raise exceptions.PermissionDenied("您的角色不能查看完整个人信息。")
        pks = [o.pk for o in objs]
        held = set(self.model._default_manager.owned_by(self.request.user).filter(pk__in=pks).values_list("pk", flat=True))
        if held:
            label = self.model._meta.verbose_name
            if len(objs) == 1:
                record(self.request, AuditAction.PII_VIEW, obj=objs[0], message=f"通过接口查看“{objs[0]}”的完整个人信息")
            else:
                record(self.request, AuditAction.PII_VIEW, message=f"通过接口查看{label}{len(held)}条的完整个人信息",
                       detail={"model": self.model._meta.label, "pks": sorted(held)})
        return held

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        serializer = self.get_serializer(rows, many=True, context={**self.get_serializer_context(), "unmasked": self.unmasked_for(rows)})
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        if self.request.query_params.get("unmask") == "1" and sides_of(request.user, obj) is not None:
            raise exceptions.PermissionDenied("本单位作为当事方查看该记录，不能查看完整个人信息。")
        serializer = self.get_serializer(obj, context={**self.get_serializer_context(), "unmasked": self.unmasked_for([obj])})
        return Response(serializer.data)

    # ---- writes through the registry's form ------------------------------------------
    def form(self, data, instance=None):
        form_class = self.registry.form_class
        form = form_class(instance=instance, user=self.request.user)
        base = {}
        if instance is not None:
            base = {k: ("" if v is None else v) for k, v in model_to_dict(instance, fields=list(form.fields)).items()}
            base = {k: (v.pk if hasattr(v, "pk") else v) for k, v in base.items()}
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["请求体应为 JSON 对象。"]})
        unknown = sorted(set(data) - set(form.fields) - {"id"})
        if unknown:
            raise exceptions.ValidationError({name: ["不能写入该字段（只读或不存在）。"] for name in unknown})
        values = dict(base)
        wrong = wrong_values(form.fields, data)
        if wrong:
            raise exceptions.ValidationError(wrong)
        for name, value in data.items():
            if name in form.fields:
                values[name] = form_value(form.fields[name], value)
        return form_class(data=values, instance=instance, user=self.request.user)

    def invalid(self, form):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        raise exceptions.ValidationError(errors)

    def create(self, request, *args, **kwargs):
        form = self.form(request.data)
        if not form.is_valid():
            self.invalid(form)
        obj = writes.create(form, request, via="通过接口")
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form(request.data, instance=obj)
        if not form.is_valid():
            self.invalid(form)
        obj = writes.update(form, request, via="通过接口")
        return Response(self.get_serializer(obj).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        try:
            writes.delete(self.get_object(), request, via="通过接口")
        except writes.Referenced as e:
            raise Conflict(str(e)) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    # ---- export: the Excel export's columns, rows as JSON -------------------------------------
    @extend_schema(summary="按 Excel 导出的列导出", parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, description="年度（该登记簿的登记年度）"),
        OpenApiParameter("org", OpenApiTypes.STR, description="单位代码（含下级）"),
        OpenApiParameter("q", OpenApiTypes.STR, description="关键词"),
        OpenApiParameter("unmask", OpenApiTypes.STR, enum=["1"], description="完整个人信息（有权限的角色；审计）")],
        responses={200: inline_serializer("ExportedRows", {
            "count": serializers.IntegerField(help_text="行数"),
            "columns": serializers.ListField(child=serializers.CharField(), help_text="列名（与 Excel 导出相同）"),
            "rows": serializers.ListField(child=serializers.DictField(), help_text="各行：{列名: 值}")})})
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request, **kwargs):
        """The list's rows (its filters, and ``?year=`` by the registry's year) as the Excel export writes them:
        ``{"count", "columns", "rows": [{column header: value}, …]}`` — what ``bulk`` takes back. Personal data
        masked unless ``?unmask=1`` (a role with the right; the rows the user holds); every export is audited."""
        resource_class = self.registry.resource_class
        if resource_class is None:
            raise exceptions.NotFound("该登记簿没有导出。")
        queryset = self.filter_queryset(self.get_queryset())
        year = request.query_params.get("year")
        if year not in (None, "") and not self.filters_year():
            year_field = getattr(self.model, "year_field", None)
            if year_field is None:
                raise exceptions.ValidationError({"year": [f"{self.model._meta.verbose_name}不支持按年度筛选。"]})
            if not year.isdigit() or not 1900 <= int(year) <= 2100:
                raise exceptions.ValidationError({"year": ["年度应为四位数字，如 2025。"]})
            queryset = queryset.filter(**{f"{year_field}__year": int(year)})
        count = queryset.count()
        if count > EXPORT_LIMIT:
            raise exceptions.ValidationError({"non_field_errors": [f"共{count}条，一次最多导出{EXPORT_LIMIT}条：请按年度或单位分批导出。"]})
        unmasked = set()
        if request.query_params.get("unmask") == "1":
            if not can_view_pii(request.user):
                raise exceptions.PermissionDenied("您的角色不能查看完整个人信息。")
            unmasked = set(self.model._default_manager.owned_by(request.user).filter(pk__in=queryset.values("pk")).values_list("pk", flat=True))
        resource = resource_class()
        queryset = resource.export_queryset(queryset.order_by("pk"))
        headers = [f.header for f in resource.fields]
        rows = [dict(zip(headers, (exported(v) for v in values), strict=True)) for values in resource.export_rows(queryset, unmasked)]
        label = self.model._meta.verbose_name
        record(request, AuditAction.EXPORT, message=f"通过接口导出{label}{len(rows)}条" + ("（含完整个人信息）" if unmasked else ""),
               detail={"model": self.model._meta.label, "count": len(rows), "filters": request.query_params.dict(), "unmasked": bool(unmasked)})
        return Response({"count": len(rows), "columns": headers, "rows": rows})

    # ---- bulk create: the Excel import's rules, rows as JSON ---------------------------------
    @extend_schema(summary="批量导入（全部成功或全部不导入）", request=inline_serializer("BulkRows", {
        "rows": serializers.ListField(child=serializers.DictField(), min_length=1, max_length=EXPORT_LIMIT,
                                      help_text="各行：{字段名或 Excel 列名: 值}")}),
        responses={201: BULK_RESULT, 400: BULK_RESULT})
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request, **kwargs):
        """``{"rows": [{field or column header: value}, …]}``: validated as the registry's Excel import validates a
        sheet (the same form, the same parsing, duplicates within the rows); all rows are created or none, and
        each error names its row (numbered from 2, as in a sheet), its column and the reason."""
        from fazhi.core.scope import orgs_for

        resource_class = self.registry.resource_class
        if resource_class is None:
            raise exceptions.MethodNotAllowed("POST")

        def refused(errors):
            return Response({"created": 0, "errors": [{"row": n, "column": column, "message": message} for n, column, message in errors]},
                            status=status.HTTP_400_BAD_REQUEST)

        try:
            body = request.data
        except exceptions.ParseError:
            return refused([(None, None, "请求体不是有效的 JSON。")])
        rows = body.get("rows") if isinstance(body, dict) else body
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            return refused([(None, None, "请提供要导入的行：{\"rows\": [{…}, …]}。")])
        if len(rows) > EXPORT_LIMIT:
            return refused([(None, None, f"一次最多导入{EXPORT_LIMIT}行，请分批提交。")])
        resource = resource_class()
        laid_out = resource.lay_out(list(dict.fromkeys(k for row in rows for k in row)))
        if laid_out:
            return refused(laid_out)
        headers = {f.name: f.header for f in resource.fields if f.importable}
        known = set(headers) | set(headers.values())
        # An export's own columns (a count, a computed figure) are read and left, as the Excel import leaves them.
        exported_only = {f.header for f in resource.fields if not f.importable} - known
        unknown = sorted({k for row in rows for k in row} - known - exported_only)
        if unknown:
            return refused([(None, name, "不能导入该字段（只读或不存在）。") for name in unknown])
        sheet = [{headers.get(k, k): v for k, v in row.items() if k not in exported_only} for row in rows]
        result = resource.import_rows(sheet, request.user, allowed_orgs=orgs_for(request.user, self.model, "add"))
        label = self.model._meta.verbose_name
        if not result.ok:
            record(request, AuditAction.IMPORT_REJECTED, message=f"通过接口导入{label}被拒：{len(result.errors)}处错误，未写入任何数据",
                   detail={"model": self.model._meta.label, "errors": len(result.errors), "rows": len(rows)})
            return refused(result.errors)
        record(request, AuditAction.IMPORT, message=f"通过接口导入{label}{result.created}条",
               detail={"model": self.model._meta.label, "created": result.created})
        return Response({"created": result.created, "errors": []}, status=status.HTTP_201_CREATED)

class WorkflowMixin:
    """The transitions of a registry with a workflow (``RegistryViews.workflow``)."""

    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transition(self, request, pk=None, name=None, **kwargs):
        """Run workflow transition ``name`` with the body as its form's data: 404 when the record is out of view,
        403 when the step belongs to another party, 400 with each field's error, 409 when a guard refuses it."""
        from fazhi.core.workflow import TransitionRefused

        workflow = self.registry.workflow
        if workflow is None or name not in workflow.by_name:
            raise exceptions.NotFound("该登记簿没有这一流程操作。")
        obj = self.get_object()
        t = workflow.get(name)
        user = request.user
        if not user.has_perm(self.registry.perm(t.perm)):
            raise exceptions.PermissionDenied("您没有此功能的权限。")
        sides = sides_of(user, obj)
        if sides is None:
            if not t.holder:
                by = "、".join(s.label for s in self.model.sides if t.name in s.transitions)
                raise exceptions.PermissionDenied(f"“{t.label}”由{by}办理。")
            if not self.model.objects.visible_to(user, "change").filter(pk=obj.pk).exists():
                raise exceptions.NotFound()
        elif not any(t.name in s.transitions for s in sides):
            raise exceptions.PermissionDenied(f"本单位作为{'、'.join(s.label for s in sides)}，不能办理“{t.label}”。")
        if workflow.state(obj) not in t.sources:
            raise Conflict(f"当前状态不能执行“{t.label}”。")
        data = {}
        labels = {}
        if t.form is not None:
            from fazhi.core.forms import TransitionForm

            body = request.data if isinstance(request.data, dict) else {}
            kwargs = {}
            if "record" in t.form.__init__.__code__.co_varnames:
                kwargs["record"] = obj
            if issubclass(t.form, TransitionForm):
                kwargs["user"] = user
            fields = t.form(**kwargs).fields
            wrong = wrong_values(fields, body)
            if wrong:
                raise exceptions.ValidationError(wrong)
            form = t.form(data={k: form_value(fields.get(k), v) for k, v in body.items()}, **kwargs)
            if not form.is_valid():
                self.invalid(form)
            data = form.cleaned_data
            for field_name, field in form.fields.items():
                if isinstance(field, djforms.ChoiceField) and not isinstance(field, djforms.ModelChoiceField) and data.get(field_name):
                    labels[field_name] = str(dict(field.choices).get(data[field_name], data[field_name]))
        try:
            obj, _log = workflow.run(obj, t.name, data, user=user, request=request, labels=labels)
        except TransitionRefused as e:
            raise Conflict("；".join(e.messages)) from None
        return Response(self.get_serializer(obj).data)


def viewset_for(views):
    """The viewset class of a registry's ``RegistryViews``."""
    from .serializers import serializer_for

    serializer = serializer_for(views)
    name = f"{views.model.__name__}ViewSet"
    doc = f"{views.model._meta.verbose_name}：列表、详情、新增、修改、删除、下属行与流程操作，数据范围与页面一致。"
    from .rows import rows_mixin

    bases = (RegistryViewSet,)
    if views.workflow is not None:
        bases = (WorkflowMixin, *bases)
    if views.inlines:
        bases = (rows_mixin(views), *bases)
    return type(name, bases, {"registry": views, "serializer_class": serializer, "__doc__": doc,
                                           "queryset": views.model.objects.none()})
