"""Pages of the indicators: the dashboard (with its Excel workbook and printable page), the records behind
any number, the consistency checks, baselines and the presets.

Every number is computed through the user's data scope (``Scope(org, subtree, user)``); an org outside the
orgs the user can see is a 404, like any out-of-scope record."""

import hashlib
import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fazhi.core import submissions
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction, RoleKind
from fazhi.core.downloads import download
from fazhi.core.models import LocalRule
from fazhi.core.views.generic import XLSX, views_for

from . import checks as checks_module
from . import dashboard as dash_module
from . import definitions
from .dashboard import (
    NULL,
    PERIOD_KINDS,
    QUARTERS,
    Period,
    parse_date,
    parse_period,
    preset_names,
    top_org,
    visible_orgs,
)
from .engine import Engine, Scope
from .exports import workbook
from .forms import BaselineForm, PresetForm
from .models import Baseline
from .presets import HALF_UP, PRESETS, resolve


# ---- shared -------------------------------------------------------------------------------------------
def _orgs(request):
    """The orgs the user can see; a user without business roles has no numbers to see (403)."""
    orgs = visible_orgs(request.user)
    if not orgs:
        raise PermissionDenied("您的角色不能查看业务数据。")
    return orgs


def _org(request, orgs, default=None):
    """The org chosen by ``?org=CODE`` among ``orgs`` (404 outside them), else ``default`` or the top one."""
    code = request.GET.get("org")
    if code:
        for o in orgs:
            if o.code == code:
                return o
        raise Http404("所选单位不存在，或不在您可以查看的范围内。")
    return default or top_org(orgs)


def _org_options(orgs):
    top = min(o.depth for o in orgs)
    return [{"code": o.code, "label": "\u3000" * (o.depth - top) + o.name} for o in orgs]


def _file(request, path, filename):
    handle = open(path, "rb")  # noqa: SIM115 — closed by FileResponse
    Path(path).unlink()  # the open handle keeps the data until the response is sent
    return download(handle, filename, XLSX)


def _tmp():
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=settings.VAR_DIR)
    tmp.close()
    return tmp.name


# ---- dashboard ----------------------------------------------------------------------------------------
def scope_signature(user):
    """Everything of ``user`` that decides which records its numbers count: the user (仅本人), the active unit
    (本单位, 本单位及下级), and each active role's scope, custom units and permissions (all loaded with the roles)."""
    roles = sorted(
        (r.pk, r.kind, r.data_scope, tuple(sorted(o.pk for o in r.custom_orgs.all())), tuple(sorted(p.pk for p in r.permissions.all())))
        for r in user.active_roles()
    )
    return (user.pk, user.active_org_id, tuple(roles))


def build_dashboard(user, org, period, subtree, *, fresh=False):
    """(Dashboard, when it was computed). A dashboard is kept for ``FAZHI_DASHBOARD_CACHE_SECONDS`` (60 by
    default; 0 keeps none) per user scope, unit and period: a leader's refresh, or twenty people opening the same
    dashboard, costs one evaluation a minute per server process. The page says when its numbers were computed and
    offers 立即刷新 (``fresh``: computed again and kept); the records behind a number, exports and reports are always computed live."""
    seconds = settings.FAZHI_DASHBOARD_CACHE_SECONDS
    if not seconds:
        return dash_module.build(org, period, user=user, subtree=subtree), timezone.localtime()
    raw = repr((scope_signature(user), org.pk, org.path, subtree, period.kind, period.start, period.end))
    key = "fazhi:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = None if fresh else cache.get(key)
    if hit is not None:
        return hit
    built = dash_module.build(org, period, user=user, subtree=subtree), timezone.localtime()
    cache.set(key, built, seconds)
    return built


def _dashboard(request, fresh=False):
    """(Dashboard, context) for the dashboard's query parameters."""
    orgs = _orgs(request)
    org = _org(request, orgs)
    subtree = request.GET.get("unit_only") != "1"
    today = timezone.localdate()
    period, errors = parse_period(request.GET, today)
    dash, computed_at = build_dashboard(request.user, org, period, subtree, fresh=fresh or request.GET.get("fresh") == "1")
    query = dash.links.dashboard_query()
    context = {
        "title": "数据看板",
        "dash": dash,
        "errors": errors,
        "orgs": _org_options(orgs),
        "period": period,
        "period_kinds": PERIOD_KINDS,
        "years": list(range(today.year, today.year - 10, -1)),
        "quarters": QUARTERS,
        "period_quarter": (period.start.month - 1) // 3 + 1,
        "months": range(1, 13),
        "query": query,
        "export_url": reverse("indicators:dashboard_export") + "?" + query,
        "print_url": reverse("indicators:dashboard_print") + "?" + query,
        "checks_url": reverse("indicators:checks") + f"?org={org.code}&year={period.start.year}",
        "presets_url": reverse("indicators:presets") + f"?org={org.code}",
        "now": computed_at,
        "cache_seconds": settings.FAZHI_DASHBOARD_CACHE_SECONDS,
        "tile_sections": len(dash.tiles),
    }
    return dash, context


@login_required
def dashboard(request):
    """The dashboard of one org and period: tiles with year-on-year, charts with tables, every number a link."""
    _, context = _dashboard(request)
    return render(request, "indicators/dashboard.html", context)


@login_required
def dashboard_print(request):
    """The same dashboard laid out for paper: no navigation, the charts with their tables."""
    _, context = _dashboard(request)
    return render(request, "indicators/print.html", context)


@login_required
def dashboard_export(request):
    """The dashboard as an Excel workbook (audited as an export), always computed afresh."""
    dash, _ = _dashboard(request, fresh=True)
    path = _tmp()
    rows = workbook(dash, path, user=request.user)
    record(request, AuditAction.EXPORT, message=f"导出数据看板“{dash.scope_label} {dash.period.label}”（{rows}项指标）",
           detail={"model": "indicators.dashboard", "org": dash.org.code, "start": dash.period.start.isoformat(),
                   "end": dash.period.end.isoformat(), "subtree": dash.subtree, "count": rows})
    return _file(request, path, f"数据看板_{dash.org.name}_{dash.period.label}.xlsx")


# ---- records behind a number --------------------------------------------------------------------------
def ranking_fields(model):
    """The fields a drill-down may group ``model``'s records by: those of the dashboard's rankings."""
    out = set()
    for ranking in dash_module.declarations.every("rankings"):
        for key in (ranking.count_key, ranking.rate_key):
            definition = definitions.get(key)
            first = definitions.get(definition.numerator_keys[0]) if definition.kind == "rate" else definition
            if first.model is model:
                out.add(ranking.group_by)
    return out


def _records(request):
    """Everything the records page and its export need, from ``?key=…&org=…&start=…&end=…[&category=…][&by=…]``."""
    key = request.GET.get("key", "")
    if key not in definitions.REGISTRY:
        raise Http404("未定义的指标。")
    definition = definitions.get(key)
    if definition.kind == "rate":
        model = definitions.get(definition.numerator_keys[0]).model
    else:
        model = definition.model
    registry = views_for(model)
    if registry is None:
        raise Http404("该指标的记录没有列表页面。")
    if not request.user.has_perm(registry.perm("view")):
        raise PermissionDenied("您没有此功能的权限。")
    orgs = _orgs(request)
    org = _org(request, orgs)
    subtree = request.GET.get("unit_only") != "1"
    errors = []
    today = timezone.localdate()
    start = parse_date(request.GET.get("start"), "起始日期", errors) if request.GET.get("start") else date(today.year - 1, 1, 1)
    end = parse_date(request.GET.get("end"), "截止日期", errors) if request.GET.get("end") else date(today.year - 1, 12, 31)
    if errors:
        raise Http404("；".join(errors))
    if start > end:
        raise Http404("起始日期不能晚于截止日期。")
    names, _ = preset_names(org)
    engine = Engine(Scope(org, subtree, request.user), start, end, names)
    category = request.GET.get("category")
    by = request.GET.get("by", "")
    category_label = ""
    if definition.kind == "breakdown" and category is not None and not by:
        if category == NULL:
            qs = engine.records(key).filter(**{f"{definition.group_by}__isnull": True})
        else:
            qs = engine.records(key, category)
        category_label = definition.choices.get(category, "") or ("（未填）" if category in (NULL, "") else category)
    else:
        qs = engine.records(key)
    if by:
        if by not in ranking_fields(model):
            raise Http404("不能按该字段分组。")
        if category in (None, NULL):
            qs = qs.filter(**{f"{by}__isnull": True})
            category_label = "系统外机关"
        else:
            qs = qs.filter(**{f"{by}_id" if not by.endswith("_id") else by: category})
    if definition.kind == "breakdown" and category and category != NULL and definition.label_field and not by:
        row = qs.values(definition.label_field).first()
        category_label = row[definition.label_field] if row else category
    if by and category not in (None, NULL):
        field = model._meta.get_field(by)
        target = field.related_model.objects.filter(pk=category).first() if field.is_relation else None
        category_label = str(target) if target else category
    value = None
    if definition.kind in ("count", "rate"):
        value = engine.evaluate([key])[key]
    return {
        "key": key, "definition": definition, "registry": registry, "model": model, "org": org, "subtree": subtree,
        "start": start, "end": end, "qs": qs, "value": value, "category": category, "category_label": category_label,
        "by": by, "engine": engine, "period": Period("range", start, end),
    }


@login_required
def records(request):
    """The list of the records behind one number of the dashboard, with the registry's own table."""
    info = _records(request)
    registry = info["registry"]
    table = registry.table_class(request, unmasked=False)
    qs = info["qs"].select_related("org").prefetch_related(*registry.prefetch).order_by(*table.ordering())
    page = Paginator(qs, settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    export_params = params.copy()
    export_params.pop("sort", None)
    links = dash_module.Links(info["org"], info["subtree"], info["period"])
    value = info["value"]
    sides = []
    if value is not None and value.kind == "rate":
        for side, keys, n in (("分子", value.numerator_keys, value.numerator), ("分母", value.denominator_keys, value.denominator)):
            sides.append({"side": side, "n": n, "parts": [{"label": definitions.get(k).label, "url": links.records(k)} for k in keys]})
    definition = info["definition"]
    context = {
        **info,
        "title": f"{definition.label} · 明细",
        "opts": info["model"]._meta,
        "table": table,
        "headers": table.headers(),
        "rows": list(table.rows(page.object_list, lambda o: registry.url("detail", o.pk))),
        "page": page,
        "query": params.urlencode(),
        "export_url": reverse("indicators:records_export") + "?" + export_params.urlencode(),
        "dashboard_url": reverse("indicators:dashboard") + "?" + dash_module.Links(info["org"], info["subtree"], _dashboard_period(info)).dashboard_query(),
        "sides": sides,
        "period_label": info["period"].label if info["period"].kind != "range" else _range_label(info["start"], info["end"]),
    }
    return render(request, "indicators/records.html", context)


def _dashboard_period(info):
    """The dashboard period a drill-down came from, when its span is a year, a quarter or a month."""
    start, end = info["start"], info["end"]
    for kind in ("year", "quarter", "month"):
        params = {"period": kind, "year": start.year, "quarter": (start.month - 1) // 3 + 1, "month": start.month}
        p, errors = parse_period(params, date(max(end.year, start.year) + 1, 1, 1))
        if not errors and p.start == start and p.end == end:
            return p
    return Period("range", start, end)


def _range_label(start, end):
    p = _dashboard_period({"start": start, "end": end})
    return p.label


@login_required
def records_export(request):
    """The same records as an Excel workbook with the registry's columns (audited as an export)."""
    info = _records(request)
    registry = info["registry"]
    resource = registry.resource_class()
    qs = info["qs"].select_related("org").prefetch_related(*registry.prefetch).order_by("pk")
    path = _tmp()
    count = resource.export(qs, path, unmasked=False)
    definition = info["definition"]
    label = definition.label + (f"·{info['category_label']}" if info["category_label"] else "")
    record(request, AuditAction.EXPORT, message=f"导出指标明细“{label}”（{info['org'].name} {_range_label(info['start'], info['end'])}）{count}条",
           detail={"model": info["model"]._meta.label, "key": info["key"], "org": info["org"].code, "start": info["start"].isoformat(),
                   "end": info["end"].isoformat(), "category": info["category"], "by": info["by"], "count": count})
    return _file(request, path, f"{definition.label}_明细_{timezone.localdate():%Y%m%d}.xlsx")


# ---- consistency checks -------------------------------------------------------------------------------
@login_required
def checks_page(request):
    """The part-sum identities and record rules for an org and a year, over the records and the year's
    baselines; each finding names its rule and links to the records behind it."""
    orgs = _orgs(request)
    org = _org(request, orgs)
    today = timezone.localdate()
    errors = []
    year = dash_module.parse_int(request.GET.get("year") or today.year - 1, dash_module.FIRST_YEAR, today.year, "年份", errors)
    if year is None:
        year = today.year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    baselines = {b.key: b.value for b in Baseline.objects.filter(org=org, year=year)}
    findings = checks_module.run(org, start, end, user=request.user, baselines=baselines)
    links = dash_module.Links(org, True, Period("year", start, end))
    rows = []
    for f in findings:
        rule = definitions.CHECKS.get(f.rule)
        item = {"finding": f, "rule": rule, "terms": [], "records": [], "baseline_url": ""}
        if rule is not None and rule.kind == "identity":
            for k in rule.left_keys + rule.right_keys:
                item["terms"].append({"label": definitions.get(k).label, "side": "左" if k in rule.left_keys else "右",
                                      "url": links.records(k) if f.source == "records" else ""})
        if f.source == "baseline":
            item["baseline_url"] = reverse("indicators:baselines") + f"?org={org.code}&year={year}"
        if f.records and f.model is not None:
            registry = views_for(f.model)
            for pk, text in f.records:
                item["records"].append({"text": text, "url": registry.url("detail", pk) if registry else ""})
        rows.append(item)
    failed = {f.rule for f in findings}
    rules = [{"rule": c, "ok": c.key not in failed} for c in definitions.CHECKS.values()]
    return render(request, "indicators/checks.html", {
        "title": "一致性检查", "org": org, "year": year, "rows": rows, "rules": rules, "errors": errors,
        "orgs": _org_options(orgs), "years": list(range(today.year, today.year - 10, -1)), "baselines": baselines,
        "baselines_url": reverse("indicators:baselines") + f"?org={org.code}&year={year}",
        "dashboard_url": reverse("indicators:dashboard") + f"?org={org.code}&period=year&year={year}",
    })


# ---- baselines ----------------------------------------------------------------------------------------
def _baseline_perm(request, action):
    if not request.user.has_perm(f"indicators.{action}_baseline"):
        raise PermissionDenied("您没有维护基期数据的权限。")


@login_required
def baselines(request):
    """The baselines of the orgs the user can see, by org and year."""
    _baseline_perm(request, "view")
    orgs = _orgs(request)
    qs = Baseline.objects.filter(org__in=orgs).select_related("org")
    org = None
    if request.GET.get("org"):
        org = _org(request, orgs)
        qs = qs.filter(org=org)
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    items = []
    for b in qs.order_by("org__path", "-year", "key"):
        x = definitions.REGISTRY.get(b.key)
        items.append({"b": b, "label": x.label if x else f"（未定义：{b.key}）",
                      "value": (str(int(b.value)) if x is not None and x.kind == "count" else f"{b.value.normalize():f}%") if x else b.value})
    query = request.GET.urlencode()
    return render(request, "indicators/baselines.html", {
        "title": "基期数据", "items": items, "orgs": _org_options(orgs), "org": org, "year": year,
        "can_add": request.user.has_perm("indicators.add_baseline"),
        "can_change": request.user.has_perm("indicators.change_baseline"),
        "can_delete": request.user.has_perm("indicators.delete_baseline"),
        "create_url": reverse("indicators:baseline_create") + (f"?{query}" if query else ""),
    })


def _save_baseline(request, form, instance):
    """Save the form's baseline (in the caller's transaction) and audit it; returns the list page to go to."""
    b = form.save(commit=False)
    if b.created_by_id is None:
        b.created_by = request.user
    b.save()
    action = AuditAction.UPDATE if instance is not None else AuditAction.CREATE
    record(request, action, obj=b, message=f"{'修改' if instance is not None else '登记'}基期数据：{b.org} {b.year}年 "
           f"{definitions.get(b.key).label} = {b.value.normalize():f}（{b.source}）",
           detail={"org": b.org.code, "year": b.year, "key": b.key, "value": f"{b.value.normalize():f}", "source": b.source})
    return b, reverse("indicators:baselines") + f"?org={b.org.code}&year={b.year}"


def _create_baseline(request, form):
    """A new baseline, saved once however often its form is posted (core.submissions); None: the form's errors."""
    try:
        token = submissions.read_token(request)
    except submissions.TokenError as e:
        form.add_error(None, str(e))
        return None
    valid = form.is_valid()
    if (first := submissions.earlier(request, token)) is not None:  # after validation: see RegistryCreateView
        return submissions.duplicate(request, first, reverse("indicators:baselines"))
    if not valid:
        return None
    try:
        with submissions.once(request, token) as submission:
            b, url = _save_baseline(request, form, None)
            submission.done(b, url)
    except submissions.AlreadySubmitted as e:
        return submissions.duplicate(request, e.submission, reverse("indicators:baselines"))
    messages.success(request, "基期数据已保存。")
    return redirect(url)


def _baseline_form_page(request, instance=None):
    orgs = _orgs(request)
    if request.method == "POST":
        form = BaselineForm(request.POST, instance=instance, orgs=orgs)
        if instance is None:
            if (answer := _create_baseline(request, form)) is not None:
                return answer
        elif form.is_valid():
            with transaction.atomic():
                _, url = _save_baseline(request, form, instance)
            messages.success(request, "基期数据已保存。")
            return redirect(url)
    else:
        initial = {}
        if instance is None:
            code = request.GET.get("org")
            org = next((o for o in orgs if o.code == code), None)
            if org is not None:
                initial["org"] = org.pk
            if request.GET.get("year", "").isdigit():
                initial["year"] = int(request.GET["year"])
        form = BaselineForm(instance=instance, orgs=orgs, initial=initial)
    return render(request, "indicators/baseline_form.html", {
        "title": "编辑基期数据" if instance is not None else "登记基期数据", "form": form, "object": instance,
        "cancel_url": reverse("indicators:baselines"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def baseline_create(request):
    _baseline_perm(request, "add")
    return _baseline_form_page(request)


def _baseline(request, pk):
    orgs = _orgs(request)
    return get_object_or_404(Baseline.objects.select_related("org"), pk=pk, org__in=orgs)


@login_required
@require_http_methods(["GET", "POST"])
def baseline_edit(request, pk):
    _baseline_perm(request, "change")
    return _baseline_form_page(request, _baseline(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def baseline_delete(request, pk):
    _baseline_perm(request, "delete")
    b = _baseline(request, pk)
    if request.method == "POST":
        with transaction.atomic():
            record(request, AuditAction.DELETE, obj=b, message=f"删除基期数据：{b.org} {b.year}年 {b.key} = {b.value.normalize():f}",
                   detail={"org": b.org.code, "year": b.year, "key": b.key, "value": f"{b.value.normalize():f}", "source": b.source})
            b.delete()
        messages.success(request, "基期数据已删除。")
        return redirect(reverse("indicators:baselines") + f"?org={b.org.code}&year={b.year}")
    return render(request, "indicators/baseline_delete.html", {"title": "删除基期数据", "object": b, "cancel_url": reverse("indicators:baselines")})


# ---- presets ------------------------------------------------------------------------------------------
def can_set_presets(user):
    """A bureau administrator: the local-rule permission through a business role (the security administrator
    also holds it, for security rules only — as on the local-rule admin page)."""
    return user.has_perm("core.change_localrule") and any(r.kind == RoleKind.BUSINESS for r in user.active_roles())


def rate_rows(names):
    """Each registered rate's definition in words under the presets ``names`` and under the default."""
    engine = Engine(Scope(None), date(2000, 1, 1), date(2000, 12, 31), names)
    default = Engine(Scope(None), date(2000, 1, 1), date(2000, 12, 31), "default")
    rows = []
    for key, x in definitions.REGISTRY.items():
        if x.kind != "rate":
            continue
        numerator, denominator, decimals, rounding, label = engine.rate_rule(x)
        base = default.rate_rule(x)
        rows.append({
            "key": key, "label": label, "numerator": " + ".join(definitions.get(k).label for k in numerator),
            "denominator": " + ".join(definitions.get(k).label for k in denominator),
            "rounding": f"{'四舍五入' if rounding == HALF_UP else '截断'}，保留{decimals}位小数",
            "definition": x.description or engine.describe_rate(numerator, denominator, decimals, rounding),
            "default": default.describe_rate(*base[:4]),
            "changed": (numerator, denominator, decimals, rounding, label) != base,
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def presets_page(request):
    """Each rate's definition in words, the presets and those in force; a bureau administrator chooses them
    for an org (its active org by default) — written as the local rule ``indicator_preset``, audited."""
    orgs = _orgs(request)
    active = next((o for o in orgs if o.pk == request.user.active_org_id), None)
    org = _org(request, orgs, default=active)
    editable = can_set_presets(request.user)
    names, warnings = preset_names(org)
    own = LocalRule.objects.filter(org=org, key="indicator_preset").first()
    inherited_from = None
    if own is None:
        codes = [c for c in org.path.split("/") if c]
        rule = LocalRule.objects.filter(key="indicator_preset", org__code__in=codes).select_related("org").order_by("-org__depth").first()
        inherited_from = rule.org if rule else None
    form = PresetForm(initial={"presets": [n for n in names if n != "default"], "basis": own.basis if own else ""})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只有司法局管理员可以设置指标口径。")
        form = PresetForm(request.POST)
        if form.is_valid():
            value = form.value()
            old = own.value if own else None
            with transaction.atomic():
                rule, _ = LocalRule.objects.update_or_create(org=org, key="indicator_preset",
                                                             defaults={"value": value, "basis": form.cleaned_data["basis"]})
                labels = "、".join(p.label for p in resolve(value))
                record(request, AuditAction.SETTING_CHANGE, obj=rule, message=f"{org}：指标口径预设 = {value}（{labels}）",
                       detail={"org": org.code, "key": "indicator_preset", "old": old, "new": value})
            messages.success(request, f"已将“{org.name}”的指标口径设为：{labels}。")
            return redirect(reverse("indicators:presets") + f"?org={org.code}")
    presets = []
    for name, p in PRESETS.items():
        changes = []
        for key, rule in p.rates.items():
            if key not in definitions.REGISTRY:
                continue
            parts = []
            if rule.numerator is not None:
                parts.append("分子改为" + " + ".join(definitions.get(k).label for k in definitions._keys(rule.numerator)))
            if rule.denominator is not None:
                parts.append("分母改为" + " + ".join(definitions.get(k).label for k in definitions._keys(rule.denominator)))
            if rule.label:
                parts.append(f"名称改为“{rule.label}”")
            changes.append(f"{definitions.get(key).label}：{'，'.join(parts)}")
        presets.append({"name": name, "preset": p, "in_force": name in names, "changes": changes})
    return render(request, "indicators/presets.html", {
        "title": "指标口径", "org": org, "orgs": _org_options(orgs), "rates": rate_rows(names), "presets": presets,
        "names": names, "labels": "、".join(p.label for p in resolve(names)), "own": own, "inherited_from": inherited_from,
        "editable": editable, "form": form, "warnings": warnings,
        "dashboard_url": reverse("indicators:dashboard") + f"?org={org.code}",
    })
