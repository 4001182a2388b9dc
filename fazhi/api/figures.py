"""The figures and the reports over the API: the indicators of a unit and year as ``fazhi indicators --format json``
prints them (computed within the user's scope), the records behind one of them, and the annual reports (drafts,
frozen versions with their hash, each format to download)."""

import io
from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.downloads import download


def indicator_payload(target, year, engine, values, subtree, user=None):
    """What ``fazhi indicators --format json`` prints (and the API answers)."""
    payload = {
        "org": target.code,
        "org_name": target.name,
        "year": year,
        "subtree": subtree,
        "presets": [p.name for p in engine.presets],
        "values": [v.as_dict() for v in values.values()],
    }
    if user is not None:
        payload["user"] = user.username
    return payload


class IndicatorsView(APIView):
    """``?org=单位代码&year=年度[&preset=口径,…][&only=前缀][&unit_only=1]``: every indicator with its numerator,
    denominator and definition, computed over the records the user may see."""

    @extend_schema(
        summary="指标", tags=["指标"],
        parameters=[
            OpenApiParameter("org", str, description="单位代码（默认含下级）", required=True),
            OpenApiParameter("year", int, description="年度", required=True),
            OpenApiParameter("preset", str, description="指标口径预设，逗号分隔；默认按该单位的地方规则"),
            OpenApiParameter("only", str, description="只计算该前缀的指标（某登记簿的应用标签加“.”）"),
            OpenApiParameter("unit_only", bool, description="只计本单位，不含下级"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        from fazhi.indicators import definitions
        from fazhi.indicators.engine import Engine, Scope, year_period
        from fazhi.indicators.views import _org, _orgs

        params = request.query_params
        errors = {}
        if not params.get("org"):
            errors["org"] = ["请填写单位代码。"]
        year = params.get("year", "")
        if not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
            errors["year"] = ["年度应为1990至2100之间的整数。"]
        if errors:
            raise exceptions.ValidationError(errors)
        target = _org(request, _orgs(request))
        start, end = year_period(int(year))
        subtree = params.get("unit_only") not in ("1", "true")
        presets = params.get("preset") or None
        try:
            engine = Engine(Scope(target, subtree, request.user), start, end, presets)
        except KeyError as e:
            raise exceptions.ValidationError({"preset": [str(e.args[0])]}) from None
        only = params.get("only", "")
        keys = [k for k in definitions.REGISTRY if k.startswith(only)]
        if not keys:
            raise exceptions.ValidationError({"only": [f"没有以“{only}”开头的指标。"]})
        return Response(indicator_payload(target, int(year), engine, engine.evaluate(keys), subtree, request.user))


class IndicatorRecordsView(APIView):
    """``?key=指标&org=单位代码&year=年度`` (or ``start``/``end``; ``category`` of a breakdown): the records behind
    one number, masked as on the pages, paginated like every list."""

    @extend_schema(
        summary="指标对应的记录", tags=["指标"],
        parameters=[
            OpenApiParameter("key", str, description="指标", required=True),
            OpenApiParameter("org", str, description="单位代码"),
            OpenApiParameter("year", int, description="年度（或用 start、end 给出期间）"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="起始日期"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="截止日期"),
            OpenApiParameter("category", str, description="分类统计的类别"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        from fazhi.indicators.views import _records

        from .pagination import Pagination
        from .viewsets import viewset_for

        year = request.query_params.get("year")
        if year:
            if not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
                raise exceptions.ValidationError({"year": ["年度应为1990至2100之间的整数。"]})
            query = request._request.GET.copy()
            query["start"], query["end"] = date(int(year), 1, 1).isoformat(), date(int(year), 12, 31).isoformat()
            request._request.GET = query
        try:
            info = _records(request)
        except Http404 as e:
            raise exceptions.NotFound(str(e) or "记录不存在，或不在您可以查看的范围内。") from None
        paginator = Pagination()
        page = paginator.paginate_queryset(info["qs"].select_related("org").order_by("pk"), request, view=self)
        serializer = viewset_for(info["registry"]).serializer_class(page, many=True, context={"request": request, "unmasked": False})
        response = paginator.get_paginated_response(serializer.data)
        response.data["key"] = info["key"]
        response.data["value"] = info["value"].as_dict() if info["value"] is not None else None
        return response


# ---- the annual reports ------------------------------------------------------------------------------------
class FrozenSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="版本")
    title = serializers.CharField(help_text="标题")
    content_hash = serializers.CharField(help_text="内容哈希（SHA-256）")
    frozen_at = serializers.DateTimeField(help_text="定稿时间")
    frozen_by_name = serializers.CharField(help_text="定稿人姓名")
    verified = serializers.SerializerMethodField(help_text="内容与哈希一致")

    def get_verified(self, obj) -> bool:
        return obj.verify()


class DraftSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="报告编号")
    org = serializers.CharField(source="org.code", read_only=True, help_text="报告单位代码")
    year = serializers.IntegerField(help_text="报告年度")
    title = serializers.CharField(help_text="标题")
    frozen_versions = FrozenSerializer(many=True, read_only=True, help_text="已定稿的版本")


@extend_schema_view(list=extend_schema(tags=["年度报告"]), retrieve=extend_schema(tags=["年度报告"]),
                    frozen=extend_schema(tags=["年度报告"]), download=extend_schema(tags=["年度报告"]))
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """年度法治政府建设报告：草稿列表、已定稿版本（含内容哈希）与各格式下载；只能查看本人数据范围内单位的报告。"""

    serializer_class = DraftSerializer
    lookup_value_regex = r"\d+"

    def perform_content_negotiation(self, request, force=False):
        # ``?format=docx`` names the file to download, not a renderer of DRF's: never a 404 for it.
        return super().perform_content_negotiation(request, force=True)

    def get_queryset(self):
        from fazhi.reports.models import ReportDraft

        if getattr(self, "swagger_fake_view", False):
            return ReportDraft.objects.none()
        if not self.request.user.has_perm("reports.view_reportdraft"):
            raise exceptions.PermissionDenied("您没有此功能的权限。")
        return ReportDraft.objects.visible_to(self.request.user, "view").select_related("org").prefetch_related("frozen_versions").order_by("pk")

    @extend_schema(summary="已定稿版本的全文与数据", responses={200: inline_serializer("FrozenText", {
        "version": serializers.IntegerField(), "content_hash": serializers.CharField(), "verified": serializers.BooleanField(),
        "text": serializers.CharField(), "numbers": serializers.ListField(child=serializers.DictField())})})
    @action(detail=True, methods=["get"], url_path=r"frozen/(?P<version>\d+)")
    def frozen(self, request, pk=None, version=None, **kwargs):
        draft = self.get_object()
        frozen = get_object_or_404(draft.frozen_versions.all(), version=int(version))
        return Response({"version": frozen.version, "title": frozen.title, "content_hash": frozen.content_hash,
                         "verified": frozen.verify(), "frozen_at": frozen.frozen_at, "text": frozen.text, "numbers": frozen.numbers})

    @extend_schema(summary="下载报告", parameters=[
        OpenApiParameter("format", str, description="docx（公文格式）、html 或 md", enum=["docx", "html", "md"]),
        OpenApiParameter("version", int, description="已定稿的版本；不填为当前草稿")], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, **kwargs):
        from fazhi.reports import builder, exporters

        draft = self.get_object()
        fmt = request.query_params.get("format", "docx")
        if fmt not in exporters.FORMATS:
            raise exceptions.ValidationError({"format": [f"格式应为 {'、'.join(exporters.FORMATS)} 之一。"]})
        version = request.query_params.get("version")
        if version:
            if not (version.isascii() and version.isdigit()):
                raise exceptions.ValidationError({"version": ["版本应为整数。"]})
            report = builder.render_frozen(get_object_or_404(draft.frozen_versions.all(), version=int(version)))
        else:
            report = builder.render_draft(draft)
        data = exporters.export(report, fmt, base_url=request.build_absolute_uri("/").rstrip("/"))
        name = exporters.filename(report, fmt)
        record(request, AuditAction.EXPORT, obj=report.frozen or draft, message=f"通过接口下载“{name}”")
        return download(io.BytesIO(data), name, exporters.FORMATS[fmt][0])
