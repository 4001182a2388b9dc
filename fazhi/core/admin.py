"""Admin pages of core: the org tree, accounts, roles, holidays, periods, local rules and lockouts.

Business data has no admin pages: it lives in the registries, behind data scope."""

import io
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .audit import record
from .choices import AuditAction, RoleKind
from .downloads import download
from .models import Holiday, LocalRule, Lockout, Org, Period, Role, User
from .resources import OrgResource
from .roles import STANDARD_ROLES
from .rules import RULES, SECURITY_RULES, rule_effect, rule_orgs_for
from .separation import is_admin_role, may_manage_account, role_edit_conflicts
from .services import lift_lockout
from .views.generic import XLSX


class ActorFormMixin:
    """The admin's form is given the signed-in user (``actor``), whose duties its checks weigh (三员分立, rule scope)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithActor(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, actor=request.user, **kw)

        return WithActor


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


class UserCreateForm(forms.ModelForm):
    """A new account has no password anyone chose: the system administrator resets it afterwards and hands the
    one-time password to its holder, who must change it at first sign-in."""

    class Meta:
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
    search_fields = ["username", "full_name"]  # the phone is stored encrypted: not searchable
    # Whether the holder must change the password is the reset's business, not a box to untick (三员分立).
    readonly_fields = ["last_login", "date_joined", "password_changed_at", "must_change_password", "one_time_password_until",
                       "memberships_summary", "password_reset"]
    fieldsets = [
        (None, {"fields": ["username", "password_reset"]}),
        ("个人信息", {"fields": ["full_name", "phone", "email"]}),
        ("单位与角色", {"fields": ["active_org", "memberships_summary"]}),
        ("状态", {"fields": ["is_active", "must_change_password", "one_time_password_until", "password_changed_at", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "full_name"]})]
    filter_horizontal = []

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            obj._viewer = request.user  # the links below are shown only to whoever may follow them
        return super().get_form(request, obj, **kwargs)

    def _manages(self, obj):
        viewer = getattr(obj, "_viewer", None)
        return viewer is not None and may_manage_account(viewer, obj)

    @admin.display(description="任职与角色")
    def memberships_summary(self, obj):
        if not obj.pk:
            return "保存后分配单位和角色。"
        if not self._manages(obj):
            return "、".join(f"{m.org.name}：{'、'.join(r.name for r in m.roles.all()) or '无角色'}" for m in obj.memberships.select_related("org").prefetch_related("roles")) or "无"
        rows = format_html_join(
            "",
            '<li>{}：{}（<a href="{}">修改</a>）</li>',
            (
                (m.org.name, "、".join(r.name for r in m.roles.all()) or "无角色", reverse("assign_roles", args=[obj.pk]) + f"?org={m.org_id}")
                for m in obj.memberships.select_related("org").prefetch_related("roles")
            ),
        )
        return format_html('<ul>{}</ul><a class="button" href="{}">分配单位和角色</a>', rows, reverse("assign_roles", args=[obj.pk]))

    @admin.display(description="密码")
    def password_reset(self, obj):
        if not obj.pk or not self._manages(obj):
            return ""
        return format_html('<a class="button" href="{}">重置密码（生成一次性密码）</a>', reverse("reset_password", args=[obj.pk]))

    def has_change_permission(self, request, obj=None):
        """Business accounts are the system administrator's, administrator accounts the security
        administrator's, and one's own account nobody's (三员分立, separation.py)."""
        return super().has_change_permission(request, obj) and (obj is None or may_manage_account(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        """Django's set-a-password page would let an administrator choose another user's password: the reset
        with a one-time password replaces it."""
        return redirect("reset_password", id)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        changed = ", ".join(form.changed_data) if change else "新建账户"
        record(request, AuditAction.USER_CHANGE, obj=obj, message=f"账户 {obj.username}：{changed}")
        if not change:
            messages.info(request, "账户已建立，尚无可用密码：请在账户页“重置密码”生成一次性密码交给本人。")


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["code", "name", "kind", "description", "permissions", "data_scope", "custom_orgs", "can_view_pii"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "permissions" in self.fields:
            self.fields["permissions"].queryset = Permission.objects.select_related("content_type").exclude(
                content_type__app_label__in=["admin", "contenttypes", "sessions", "auth"]
            ).exclude(codename__contains="historical")
        if "kind" in self.fields and self.instance.pk is None:
            self.fields["kind"].choices = [(RoleKind.BUSINESS, RoleKind.BUSINESS.label)]

    def clean(self):
        data = super().clean()
        if data.get("data_scope") == "custom" and not data.get("custom_orgs"):
            raise forms.ValidationError("数据范围为“自定”时，须选择至少一个机构。")
        conflicts = role_edit_conflicts(self.actor, self.instance if self.instance.pk else Role(), new_kind=data.get("kind", self.instance.kind), changed=self.changed_data)
        if conflicts:
            raise forms.ValidationError(conflicts)
        return data


@admin.register(Role)
class RoleAdmin(ActorFormMixin, admin.ModelAdmin):
    form = RoleForm
    list_display = ["name", "code", "kind", "data_scope", "can_view_pii"]
    list_filter = ["kind", "data_scope"]
    filter_horizontal = ["permissions", "custom_orgs"]
    search_fields = ["name", "code"]

    def has_change_permission(self, request, obj=None):
        """The three administrator roles are fixed by the system: shown, never edited (三员分立)."""
        return super().has_change_permission(request, obj) and (obj is None or not is_admin_role(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.code not in STANDARD_ROLES)

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
    """A local rule; ``actor`` (set by the admin) may only set the rules of his duty, on units within his scope,
    within the rule's range — all refused on the form, so the admin shows the error there and saves nothing (no
    "成功添加" for a rule that was not saved)."""

    # A callable: the registries add their rules when their apps are ready, after this module is imported.
    key = forms.ChoiceField(label="规则", choices=lambda: [(k, r.label) for k, r in RULES.items()])

    class Meta:
        model = LocalRule
        fields = ["org", "key", "value", "basis"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["value"].help_text = "；".join(f"{r.label}：{r.minimum}至{r.maximum}" for r in RULES.values() if r.kind is int and r.maximum is not None)

    def clean(self):
        data = super().clean()
        key, org = data.get("key"), data.get("org")
        # the key being replaced counts too: a security rule is not turned into a business one by its editor
        keys = {key, self.instance.key if self.instance.pk else None} - {None, ""}
        if self.actor is not None and any(not may_manage_rule(self.actor, k) for k in keys):
            self.add_error("key", "该规则不属于您的管理范围。")
            return data
        if self.actor is not None and org is not None:
            for k in keys:
                if k in RULES and not rule_orgs_for(self.actor, k).filter(pk=org.pk).exists():
                    who = "安全管理员" if k in SECURITY_RULES else "业务管理员"
                    raise forms.ValidationError(f"“{RULES[k].label}”只能由{who}在本人管理范围内的单位设置，不能设置在“{org}”。")
        return data


@admin.register(LocalRule)
class LocalRuleAdmin(ActorFormMixin, admin.ModelAdmin):
    """Local rules: each within its declared range, on units within the setter's scope, and the change page says
    which units below inherit the value and which keep a setting of their own."""

    form = LocalRuleForm
    list_display = ["org", "rule_label", "value", "basis"]
    list_filter = ["key"]
    autocomplete_fields = ["org"]
    readonly_fields = ["effect"]

    @admin.display(description="规则")
    def rule_label(self, obj):
        return RULES[obj.key].label if obj.key in RULES else obj.key

    @admin.display(description="对下级的影响")
    def effect(self, obj):
        if obj is None or obj.pk is None:
            return "保存后显示：本单位以下哪些单位继承此规则，哪些有自己的设置而不受影响。"
        inherit, own = rule_effect(obj.org, obj.key)
        text = f"本规则适用于“{obj.org}”及继承它的{len(inherit)}个下级单位"
        if own:
            text += f"；{len(own)}个下级单位有自己的设置，不受影响：" + "、".join(str(o) for o in own[:20]) + ("等" if len(own) > 20 else "")
        return text + "。"

    def save_model(self, request, obj, form, change):
        if not may_manage_rule(request.user, obj.key):  # the form refuses it first; never saved in any case
            raise PermissionDenied("该规则不属于您的管理范围。")
        super().save_model(request, obj, form, change)
        inherit, own = rule_effect(obj.org, obj.key)
        record(request, AuditAction.SETTING_CHANGE, obj=obj, message=f"{obj.org}：{RULES[obj.key].label} = {obj.value}（下级继承{len(inherit)}个单位，自有设置{len(own)}个）")
        messages.info(request, f"“{RULES[obj.key].label}”= {obj.value} 适用于“{obj.org}”及{len(inherit)}个下级单位；{len(own)}个下级单位有自己的设置，不受影响。")


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
