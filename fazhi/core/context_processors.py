"""The shell's context: navigation by business line, the active org and the user's other orgs."""

from django.urls import NoReverseMatch, reverse

# (section label, [(label, url name, permission)]) — a line appears when its permission is held.
NAV = [
    ("工作台", [("首页", "home", None)]),
    ("依法决策", [("法律顾问", "advisers:legaladviser_list", "advisers.view_legaladviser")]),
    (
        "系统管理",
        [
            ("机构", "admin:core_org_changelist", "core.view_org"),
            ("用户", "admin:core_user_changelist", "core.view_user"),
            ("角色", "admin:core_role_changelist", "core.view_role"),
            ("节假日", "admin:core_holiday_changelist", "core.view_holiday"),
            ("法定期限", "admin:core_period_changelist", "core.view_period"),
            ("地方规则", "admin:core_localrule_changelist", "core.view_localrule"),
            ("账户锁定", "admin:core_lockout_changelist", "core.view_lockout"),
            ("审计日志", "audit_log", "core.view_auditevent"),
        ],
    ),
]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = []
    for section, items in NAV:
        links = []
        for label, name, perm in items:
            if perm and not user.has_perm(perm):
                continue
            try:
                links.append({"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name)) and name != "home"})
            except NoReverseMatch:
                continue
        if links:
            nav.append({"label": section, "links": links})
    return {"nav": nav, "memberships": user.memberships_with_orgs(), "active_org": user.active_org}
