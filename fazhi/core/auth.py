"""Authentication backend: Argon2 passwords, lockout, and permissions from the roles of the active org."""

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .audit import record
from .choices import AuditAction


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.FAZHI_TRUSTED_PROXIES)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or — when REMOTE_ADDR is one of FAZHI_TRUSTED_PROXIES — the nearest
    address in X-Forwarded-For that is not a trusted proxy. A client cannot choose its address by sending the
    header itself: it is read only from a request that came through a proxy we trust."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a malformed hop: nothing to its left can be trusted
        if not _trusted(hop):
            return hop
        remote = hop
    return remote


def active_lockout(username):
    """The lockout in force for this account, if any. Addresses are throttled, never locked (address_wait)."""
    from .models import Lockout

    if not username:
        return None
    return Lockout.objects.filter(until__gt=timezone.now(), username=username).first()


def address_wait(ip):
    """Seconds before the next sign-in from ``ip`` is tried, or 0. After N failures from one address within the
    window, each further failure doubles the wait (1, 2, 4 … s, at most FAZHI_THROTTLE_MAX_SECONDS): a guesser
    gets a try a minute, while an office behind one NAT address is never locked out, and no captcha is needed."""
    from .models import LoginAttempt

    if not ip:
        return 0
    now = timezone.now()
    window_start = now - timedelta(minutes=settings.FAZHI_LOCKOUT_WINDOW_MINUTES)
    failures = LoginAttempt.objects.filter(ip=ip, success=False, at__gte=window_start)
    count = failures.count()
    over = count - settings.FAZHI_LOCKOUT_FAILURES
    if over < 0:
        return 0
    last = failures.order_by("-at").values_list("at", flat=True).first()
    wait = min(settings.FAZHI_THROTTLE_MAX_SECONDS, 2**over)
    return max(0, math.ceil(wait - (now - last).total_seconds()))


def register_failure(request, username, message="用户名或密码错误"):
    """Record a failed login (or a wrong old password on the password page); lock the account after N failures
    within the window (the address is throttled by address_wait, never locked)."""
    from .models import Lockout, LoginAttempt

    ip = client_ip(request)
    now = timezone.now()
    LoginAttempt.objects.create(username=username or "", ip=ip, at=now, success=False)
    record(request, AuditAction.LOGIN_FAILED, username=username, message=message)
    if not username:
        return
    window_start = now - timedelta(minutes=settings.FAZHI_LOCKOUT_WINDOW_MINUTES)
    # Failures after the last lockout of the account, so that a lifted lock starts a fresh count.
    qs = LoginAttempt.objects.filter(at__gte=window_start, success=False, username=username)
    last = Lockout.objects.filter(username=username).order_by("-at").first()
    if last:
        qs = qs.filter(at__gt=last.at)
    limit = settings.FAZHI_LOCKOUT_FAILURES
    if qs.count() >= limit:
        Lockout.objects.create(username=username, at=now, until=now + timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES))
        record(request, AuditAction.LOCKOUT, username=username, message=f"账户连续登录失败{limit}次，锁定{settings.FAZHI_LOCKOUT_MINUTES}分钟")


def lock_if_dormant(request, user):
    """Lock ``user`` (until the security administrator lifts it) when he has not signed in for the local rule
    ``dormant_account_days`` (90 by default); counted from his last sign-in, his account's creation, or the last
    lift of such a lock. Returns whether the account is locked."""
    from .models import Lockout
    from .rules import get_rule

    days = get_rule(user.active_org, "dormant_account_days")
    if not days:
        return False
    now = timezone.now()
    lifted = Lockout.objects.filter(username=user.username, reason=Lockout.DORMANT, until__lte=now).order_by("-until").values_list("until", flat=True).first()
    since = max(t for t in (user.last_login or user.date_joined, lifted) if t is not None)
    if now - since <= timedelta(days=days):
        return False
    Lockout.objects.create(username=user.username, reason=Lockout.DORMANT, at=now, until=now + timedelta(days=365 * 100))
    record(request, AuditAction.LOCKOUT, username=user.username, user=user, message=f"账户{days}天以上未登录，锁定至安全管理员解锁")
    return True


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
