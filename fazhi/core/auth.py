"""Authentication backend: Argon2 passwords, lockout, and permissions from the roles of the active org."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .audit import record
from .choices import AuditAction


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def active_lockout(username, ip):
    """The lockout in force for this account or this address, if any."""
    from .models import Lockout

    now = timezone.now()
    qs = Lockout.objects.filter(until__gt=now)
    match = qs.filter(username=username).first() if username else None
    if match is None and ip:
        match = qs.filter(ip=ip, username="").first()
    return match


def register_failure(request, username):
    """Record a failed login; lock the account and/or the address after N failures within the window."""
    from .models import Lockout, LoginAttempt

    ip = client_ip(request)
    now = timezone.now()
    LoginAttempt.objects.create(username=username or "", ip=ip, at=now, success=False)
    record(request, AuditAction.LOGIN_FAILED, username=username, message="用户名或密码错误")
    window_start = now - timedelta(minutes=settings.FAZHI_LOCKOUT_WINDOW_MINUTES)
    until = now + timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    limit = settings.FAZHI_LOCKOUT_FAILURES
    recent = LoginAttempt.objects.filter(at__gte=window_start, success=False)
    # Failures after the last lockout of the same subject, so that a lifted lock starts a fresh count.
    if username:
        last = Lockout.objects.filter(username=username).order_by("-at").first()
        qs = recent.filter(username=username)
        if last:
            qs = qs.filter(at__gt=last.at)
        if qs.count() >= limit:
            Lockout.objects.create(username=username, at=now, until=until)
            record(request, AuditAction.LOCKOUT, username=username, message=f"账户连续登录失败{limit}次，锁定{settings.FAZHI_LOCKOUT_MINUTES}分钟")
    if ip:
        last = Lockout.objects.filter(ip=ip, username="").order_by("-at").first()
        qs = recent.filter(ip=ip)
        if last:
            qs = qs.filter(at__gt=last.at)
        if qs.count() >= limit:
            Lockout.objects.create(ip=ip, username="", at=now, until=until)
            record(request, AuditAction.LOCKOUT, username=username, message=f"地址 {ip} 连续登录失败{limit}次，锁定{settings.FAZHI_LOCKOUT_MINUTES}分钟")


class RoleBackend(ModelBackend):
    """Grants the permissions of the roles the user holds in the org where they work now (several roles:
    the union). Lockout is checked by the login form before the password is tried (``active_lockout``)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache = getattr(user_obj, "_role_perm_cache", None)
        if cache is None:
            cache = set()
            for role in user_obj.active_roles():
                for p in role.permissions.all():
                    cache.add(f"{p.content_type.app_label}.{p.codename}")
            if user_obj.is_superuser:
                from django.contrib.auth.models import Permission

                cache |= {f"{ct}.{cn}" for ct, cn in Permission.objects.values_list("content_type__app_label", "codename")}
            user_obj._role_perm_cache = cache
        return cache

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and any(p.split(".", 1)[0] == app_label for p in self.get_all_permissions(user_obj))
