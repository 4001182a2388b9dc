"""The standard roles: the three administrator duties (三员分立) and the five business roles.

Business roles get their function permissions on every registry model (every subclass of
``RegistryModel``), so that a new registry is covered by re-running ``ensure_roles``."""

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from .choices import DataScope, RoleKind
from .models import Role
from .models.registry import RegistryModel
from .separation import system_change

ALL = ("view", "add", "change", "delete")
WRITE = ("view", "add", "change")

# code: (name, kind, scope, registry actions, extra permissions (core's by codename, others' as "app.codename"),
#        can_view_pii, description)
STANDARD_ROLES = {
    "system_admin": ("系统管理员", RoleKind.SYSTEM_ADMIN, DataScope.UNIT, (),
                     ["view_org", "add_org", "change_org", "view_user", "add_user", "change_user", "view_role", "add_role", "change_role", "view_membership", "add_membership", "change_membership", "delete_membership"],
                     False, "管理机构、账户和角色，不能查看业务数据。"),
    "security_admin": ("安全管理员", RoleKind.SECURITY_ADMIN, DataScope.UNIT, (),
                       ["view_lockout", "change_lockout", "view_loginattempt", "view_localrule", "add_localrule", "change_localrule",
                        "view_user", "change_user", "view_role", "view_membership", "change_membership",
                        "api.view_apitoken", "api.change_apitoken"],
                       False, "管理安全设置（会话超时等）和账户锁定；授予和撤销管理员角色、重置管理员账户的密码（双人规则），不能查看业务数据。"),
    "auditor": ("安全审计员", RoleKind.AUDITOR, DataScope.UNIT, (), ["view_auditevent"], False, "只能查阅和导出审计日志。"),
    "bureau_admin": ("司法局管理员", RoleKind.BUSINESS, DataScope.CUSTOM, ALL,
                     ["view_org", "view_holiday", "add_holiday", "change_holiday", "delete_holiday", "view_period", "change_period", "view_localrule", "add_localrule", "change_localrule",
                      "indicators.view_baseline", "indicators.add_baseline", "indicators.change_baseline", "indicators.delete_baseline"],
                     True, "司法局业务管理：全县业务数据、节假日、法定期限和地方规则。"),
    "section_staff": ("司法局科室工作人员", RoleKind.BUSINESS, DataScope.CUSTOM, WRITE,
                      ["view_org", "indicators.view_baseline", "indicators.add_baseline", "indicators.change_baseline"], True, "司法局各科室经办人员，办理全县业务。"),
    "station_staff": ("司法所工作人员", RoleKind.BUSINESS, DataScope.UNIT, WRITE, [], False, "司法所经办人员，只能办理本所业务。"),
    "department_liaison": ("部门联络员", RoleKind.BUSINESS, DataScope.UNIT, WRITE, [], False, "县直部门法治工作联络员，只能填报本部门数据。"),
    "leader": ("领导（只读）", RoleKind.BUSINESS, DataScope.CUSTOM, ("view",), ["view_org", "indicators.view_baseline"], False, "查看全县数据，不能修改。"),
}


def registry_models():
    return [m for m in apps.get_models() if issubclass(m, RegistryModel)]


def ensure_roles(custom_root=None):
    """Create or update the standard roles; custom-scope roles see ``custom_root`` and its subtree.
    Returns {code: Role}. This is the system fixing its own roles, which nobody may do by hand (三员分立)."""
    with system_change():
        return _ensure_roles(custom_root)


def _ensure_roles(custom_root):
    out = {}
    core_ct = {ct.model: ct for ct in ContentType.objects.filter(app_label="core")}
    for code, (name, kind, scope, actions, core_perms, pii, description) in STANDARD_ROLES.items():
        role, _ = Role.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "data_scope": scope, "can_view_pii": pii, "description": description}
        )
        perms = []
        for model in registry_models():
            ct = ContentType.objects.get_for_model(model)
            perms += list(Permission.objects.filter(content_type=ct, codename__in=[f"{a}_{model._meta.model_name}" for a in actions]))
        for codename in core_perms:
            if "." in codename:  # another app's permission, e.g. the indicators' baselines
                app_label, codename = codename.split(".", 1)
                perms += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
                continue
            model_name = codename.split("_", 1)[1]
            perms += list(Permission.objects.filter(content_type=core_ct.get(model_name), codename=codename))
        role.permissions.set(perms)
        if scope == DataScope.CUSTOM and custom_root is not None:
            role.custom_orgs.set([custom_root])
        out[code] = role
    return out
