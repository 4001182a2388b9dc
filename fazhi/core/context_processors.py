"""The shell's context: navigation by business line, the active org and the user's other orgs."""

from django.urls import NoReverseMatch, reverse

# The left navigation, by business line. Sections appear in this order; registries add their lines with
# ``register_nav`` from their AppConfig.ready(). A line appears when its permission is held.
SECTIONS = ["工作台", "依法决策", "严格执法", "争议化解", "基层治理与公共法律服务", "法治督察", "系统管理"]
NAV = {s: [] for s in SECTIONS}


def business_user(user):
    """A user holding a business role in the active org (administrators of 三员分立 see no business data)."""
    from .choices import RoleKind

    return any(r.kind == RoleKind.BUSINESS for r in user.active_roles())


def register_nav(section, label, url_name, perm=None):
    """Add a line to the left navigation (idempotent). ``perm`` is a permission name, or a callable
    ``perm(user) -> bool`` (e.g. ``business_user``), or None for everyone."""
    entry = (label, url_name, perm)
    if entry not in NAV[section]:
        NAV[section].append(entry)


NAV["工作台"] = [("首页", "home", None)]
NAV["系统管理"] = [
            ("机构", "admin:core_org_changelist", "core.view_org"),
            ("用户", "admin:core_user_changelist", "core.view_user"),
            ("角色", "admin:core_role_changelist", "core.view_role"),
            ("节假日", "admin:core_holiday_changelist", "core.view_holiday"),
            ("法定期限", "admin:core_period_changelist", "core.view_period"),
            ("地方规则", "admin:core_localrule_changelist", "core.view_localrule"),
            ("账户锁定", "admin:core_lockout_changelist", "core.view_lockout"),
            ("审计日志", "audit_log", "core.view_auditevent"),
]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = []
    for section, items in NAV.items():
        links = []
        for label, name, perm in items:
            if callable(perm) and not perm(user):
                continue
            if perm and not callable(perm) and not user.has_perm(perm):
                continue
            if name.startswith("admin:") and not user.is_staff:
                continue  # the admin site lets in staff only; others would land on its login page
            try:
                url = reverse(name)
                # 首页 ("/") is a prefix of every path: it is active only on itself.
                active = request.path == url if url == "/" else request.path.startswith(url)
                links.append({"label": label, "url": url, "active": active})
            except NoReverseMatch:
                continue
        if links:
            nav.append({"label": section, "links": links})
    return {"nav": nav, "memberships": user.memberships_with_orgs(), "active_org": user.active_org}
