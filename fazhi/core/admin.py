"""Admin pages of core: the org tree, accounts, roles, holidays, periods, local rules and lockouts.

Business data has no admin pages: it lives in the registries, behind data scope."""

import io
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .audit import record
from .choices import AuditAction
from .downloads import download
from .models import Holiday, LocalRule, Lockout, Org, Period, Role, User
from .resources import OrgResource
from .rules import RULES, SECURITY_RULES
from .services import lift_lockout
from .views.generic import XLSX


@admin.register(Org)
class OrgAdmin(SimpleHistoryAdmin):
    change_list_template = "admin/core/org/change_list.html"
    list_display = ["indented_name", "code", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent", "serves"]
    readonly_fields = ["path"]
    fields = ["code", "name", "short_name", "kind", "parent", "serves", "sort_order", "is_active", "path"]
    list_per_page = 100

    @admin.display(description="机构名称", ordering="path")
    def indented_name(self, obj):
        return format_html("{}{}", "　" * obj.depth, obj.name)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="core_org_import"),
            path("import/template/", self.admin_site.admin_view(self.template_view), name="core_org_template"),
            *super().get_urls(),
        ]

    def template_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=settings.VAR_DIR) as tmp:
            OrgResource().template(tmp.name)
            data = Path(tmp.name).read_bytes()
        return download(io.BytesIO(data), "机构导入模板.xlsx", XLSX)

    def import_view(self, request):
        """Import an org tree from Excel: parents above children; all rows or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        result = None
        if request.method == "POST" and request.FILES.get("file"):
            upload = request.FILES["file"]
            with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=settings.VAR_DIR) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                result = OrgResource().import_file(tmp.name, request.user)
            if result.ok:
                record(request, AuditAction.IMPORT, message=f"导入机构{result.created}个（文件：{upload.name}）", detail={"model": "core.Org", "created": result.created})
                messages.success(request, f"导入成功：新增机构{result.created}个。")
                return redirect("admin:core_org_changelist")
            record(request, AuditAction.IMPORT_REJECTED, message=f"导入机构被拒：{len(result.errors)}处错误（文件：{upload.name}）", detail={"model": "core.Org"})
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "从 Excel 导入机构", "result": result}
        return TemplateResponse(request, "admin/core/org/import.html", context, status=400 if result and not result.ok else 200)


class UserCreateForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name")


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    list_display = ["username", "full_name", "active_org", "is_active", "must_change_password", "last_login"]
    list_filter = ["is_active", "must_change_password"]
    search_fields = ["username", "full_name", "phone"]
    readonly_fields = ["last_login", "date_joined", "password_changed_at", "memberships_summary"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "phone", "email"]}),
        ("单位与角色", {"fields": ["active_org", "memberships_summary"]}),
        ("状态", {"fields": ["is_active", "must_change_password", "password_changed_at", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "full_name", "password1", "password2"]})]
    filter_horizontal = []

    @admin.display(description="任职与角色")
    def memberships_summary(self, obj):
        if not obj.pk:
            return "保存后分配单位和角色。"
        rows = format_html_join(
            "",
            '<li>{}：{}（<a href="{}">修改</a>）</li>',
            (
                (m.org.name, "、".join(r.name for r in m.roles.all()) or "无角色", reverse("assign_roles", args=[obj.pk]) + f"?org={m.org_id}")
                for m in obj.memberships.select_related("org").prefetch_related("roles")
            ),
        )
        return format_html('<ul>{}</ul><a class="button" href="{}">分配单位和角色</a>', rows, reverse("assign_roles", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        changed = ", ".join(form.changed_data) if change else "新建账户"
        record(request, AuditAction.USER_CHANGE, obj=obj, message=f"账户 {obj.username}：{changed}")


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["code", "name", "kind", "description", "permissions", "data_scope", "custom_orgs", "can_view_pii"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].queryset = Permission.objects.select_related("content_type").exclude(
            content_type__app_label__in=["admin", "contenttypes", "sessions", "auth"]
        ).exclude(codename__startswith="view_historical").exclude(codename__contains="historical")

    def clean(self):
        data = super().clean()
        if data.get("data_scope") == "custom" and not data.get("custom_orgs"):
            raise forms.ValidationError("数据范围为“自定”时，须选择至少一个机构。")
        return data


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    form = RoleForm
    list_display = ["name", "code", "kind", "data_scope", "can_view_pii"]
    list_filter = ["kind", "data_scope"]
    filter_horizontal = ["permissions", "custom_orgs"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            record(request, AuditAction.ROLE_CHANGE, obj=obj, message=f"角色“{obj.name}”修改：{', '.join(form.changed_data)}",
                   detail={"changed": form.changed_data, "data_scope": obj.data_scope})


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        obj.source = "manual"
        super().save_model(request, obj, form, change)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "length", "unit", "basis"]
    list_filter = ["unit"]
    search_fields = ["key", "label", "basis"]


def may_manage_rule(user, key):
    """Security rules belong to the security administrator, the others to business administrators."""
    return user.has_perm("core.change_lockout" if key in SECURITY_RULES else "core.change_period")


class LocalRuleForm(forms.ModelForm):
    """A local rule; ``user`` (set by the admin) may only set the rules of its duty — refused on the form, so
    the admin shows the error there and saves nothing (no "成功添加" for a rule that was not saved)."""

    key = forms.ChoiceField(label="规则", choices=[(k, r.label) for k, r in RULES.items()])
    user = None

    class Meta:
        model = LocalRule
        fields = ["org", "key", "value", "basis"]

    def clean(self):
        data = super().clean()
        key = data.get("key")
        if self.user is not None:
            keys = {key, self.instance.key if self.instance.pk else None} - {None, ""}
            if any(not may_manage_rule(self.user, k) for k in keys):
                self.add_error("key", "该规则不属于您的管理范围。")
                return data
        if key and data.get("value") is not None:
            RULES[key].parse(data["value"])
        return data


@admin.register(LocalRule)
class LocalRuleAdmin(admin.ModelAdmin):
    form = LocalRuleForm
    list_display = ["org", "rule_label", "value", "basis"]
    list_filter = ["key"]
    autocomplete_fields = ["org"]

    @admin.display(description="规则")
    def rule_label(self, obj):
        return RULES[obj.key].label if obj.key in RULES else obj.key

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if not may_manage_rule(request.user, obj.key):  # the form refuses it first; never saved in any case
            raise PermissionDenied("该规则不属于您的管理范围。")
        super().save_model(request, obj, form, change)
        record(request, AuditAction.SETTING_CHANGE, obj=obj, message=f"{obj.org}：{RULES[obj.key].label} = {obj.value}")


@admin.register(Lockout)
class LockoutAdmin(admin.ModelAdmin):
    list_display = ["username", "ip", "at", "until", "in_force", "lifted_by"]
    actions = ["lift"]
    readonly_fields = ["username", "ip", "at", "until", "lifted_by"]

    @admin.display(description="生效中", boolean=True)
    def in_force(self, obj):
        return obj.until > timezone.now()

    @admin.action(description="解除所选锁定", permissions=["change"])
    def lift(self, request, queryset):
        for lock in queryset.filter(until__gt=timezone.now()):
            lift_lockout(request, lock)
        messages.success(request, "已解除锁定。")

    def has_add_permission(self, request):
        return False
