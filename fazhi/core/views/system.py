"""System pages: the audit log (auditor), role assignment with a preview of the combined access
(system administrator)."""

import tempfile
from pathlib import Path

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from openpyxl import Workbook

from ..audit import record
from ..choices import AuditAction, RoleKind
from ..downloads import download
from ..excel import row_cells
from ..models import AuditEvent, Membership, Org, Role, User
from ..separation import (
    SeparationError,
    account_conflicts,
    admin_kind,
    assignable_roles,
    held_roles,
    role_change_conflicts,
)
from ..services import assign_roles, effective_access, reset_password
from .generic import XLSX


class AuditFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="账户", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label="事件", choices=AuditAction.choices)
    start = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte")
    end = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte")
    q = django_filters.CharFilter(label="关键词", method="search")

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.form.fields.items():
            f.widget.attrs["class"] = "form-select form-select-sm" if name == "action" else "form-control form-control-sm"
            if name in ("start", "end"):
                f.widget.input_type = "date"

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(message__icontains=value) | Q(object_repr__icontains=value) | Q(ip__icontains=value))


def _audit_qs(request):
    fs = AuditFilter(request.GET or None, queryset=AuditEvent.objects.select_related("org"))
    qs = fs.qs if (not fs.is_bound or fs.is_valid()) else AuditEvent.objects.none()
    return fs, qs


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_log(request):
    fs, qs = _audit_qs(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "core/audit_log.html", {"filter": fs, "page": page, "query": params.urlencode(), "title": "审计日志"})


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_export(request):
    fs, qs = _audit_qs(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("审计日志")
    ws.append(row_cells(ws, ["时间", "账户", "地址", "当前单位", "事件", "对象", "说明"]))
    n = 0
    for e in qs.iterator(chunk_size=2000):
        ws.append(row_cells(ws, [timezone.localtime(e.at).replace(tzinfo=None), e.username, e.ip, e.org.name if e.org else "", e.get_action_display(),
                                 e.object_repr, e.shown_message]))
        n += 1
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=settings.VAR_DIR)
    tmp.close()
    wb.save(tmp.name)
    record(request, AuditAction.EXPORT, message=f"导出审计日志{n}条", detail={"model": "core.AuditEvent", "count": n, "filters": request.GET.dict()})
    handle = open(tmp.name, "rb")  # noqa: SIM115
    Path(tmp.name).unlink()
    return download(handle, f"审计日志_{timezone.localdate():%Y%m%d}.xlsx", XLSX)


class AssignRolesForm(forms.Form):
    org = forms.ModelChoiceField(label="单位", queryset=Org.objects.filter(is_active=True).order_by("path"))
    roles = forms.ModelMultipleChoiceField(label="角色", queryset=Role.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label="职务", required=False, max_length=50)

    def __init__(self, *args, actor, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.target = actor, target
        # The system administrator gives business roles, the security administrator the administrator roles.
        self.fields["roles"].queryset = assignable_roles(actor)
        self.fields["org"].widget.attrs["class"] = "form-select"
        self.fields["title"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        if data.get("org") is not None:
            conflicts = role_change_conflicts(self.actor, self.target, data["org"].pk, list(data.get("roles") or []))
            if conflicts:
                raise forms.ValidationError(conflicts)
        return data


def _account_manager_or_403(request, target, *, roles=False):
    """The system administrator for business accounts, the security administrator for administrator accounts
    (and the system administrator for the security administrator's password), nobody for his own (三员分立,
    separation.py). ``roles``: the page changes the account's roles, not its sign-in."""
    if admin_kind(request.user) not in (RoleKind.SYSTEM_ADMIN, RoleKind.SECURITY_ADMIN):
        raise PermissionDenied
    held = [r for _, r in held_roles(target)] if roles else []
    conflicts = account_conflicts(request.user, target, roles_after=held)
    if conflicts:
        raise PermissionDenied(conflicts[0])


@login_required
def assign_user_roles(request, pk):
    """Assign roles to a user in one org. The first POST shows the combined access of the chosen roles
    (the union of permissions and scopes); only the confirming POST saves."""
    target = get_object_or_404(User, pk=pk)
    _account_manager_or_403(request, target, roles=True)
    memberships = Membership.objects.filter(user=target).select_related("org").prefetch_related("roles")
    initial = {}
    if request.GET.get("org"):
        m = memberships.filter(org_id=request.GET["org"]).first()
        if m:
            initial = {"org": m.org, "roles": list(m.roles.all()), "title": m.title}
    form = AssignRolesForm(request.POST or None, initial=initial, actor=request.user, target=target)
    preview = None
    if request.method == "POST" and form.is_valid():
        roles = list(form.cleaned_data["roles"])
        chosen = ",".join(str(r.pk) for r in sorted(roles, key=lambda r: r.pk))
        # Save only what was previewed: a changed selection is previewed again.
        if request.POST.get("confirm") == "1" and request.POST.get("previewed") == chosen:
            try:
                assign_roles(request, target, form.cleaned_data["org"], roles, form.cleaned_data["title"])
            except SeparationError as e:  # changed by someone else since the form was checked
                form.add_error(None, e)
            else:
                messages.success(request, f"已保存 {target.username} 在“{form.cleaned_data['org']}”的角色。")
                return redirect("admin:core_user_change", target.pk)
        if form.is_valid():
            preview = effective_access(roles)
            preview.chosen = chosen
    return render(
        request,
        "core/assign_roles.html",
        {"target": target, "form": form, "preview": preview, "memberships": memberships, "title": "分配角色"},
    )


@login_required
def reset_user_password(request, pk):
    """Reset another account's password: a confirmation first, then the one-time password, shown once on this
    page (the response is not cached) and nowhere else."""
    target = get_object_or_404(User, pk=pk)
    _account_manager_or_403(request, target)
    password = None
    if request.method == "POST":
        try:
            password = reset_password(request, target)
        except SeparationError as e:
            raise PermissionDenied(e.messages[0]) from e
    return render(
        request,
        "core/reset_password.html",
        {"target": target, "password": password, "hours": settings.FAZHI_ONE_TIME_PASSWORD_HOURS, "title": "重置密码"},
    )
