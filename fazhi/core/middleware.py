"""Middleware: security headers, idle timeout, active org, first-login password change."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .audit import record
from .choices import AuditAction
from .passwords import password_expired, password_expires_soon
from .rules import get_rule, rules_read_once

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Inline style attributes remain allowed (Django admin and ECharts tooltips set them); no inline scripts.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline scripts, and the other headers a government intranet audit asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with rules_read_once():  # the first fazhi middleware: one read of each unit's rules per request
            response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "no-store")
        return response


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than the local rule ``session_timeout_minutes`` (30 by default)."""

    KEY = "fazhi_last_seen"
    # The stamp is rewritten at most once a minute: writing the session on every request cost three queries and, on
    # SQLite, the database's single write lock under concurrent requests (docs/performance.md). The timeout is in
    # minutes, so it stays exact to within one.
    STAMP_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(self.KEY)
            timeout = get_rule(user.active_org, "session_timeout_minutes") * 60
            if last is not None and now - last > timeout:
                record(request, AuditAction.IDLE_TIMEOUT, message=f"{timeout // 60}分钟无操作，自动退出")
                logout(request)
                messages.warning(request, "您已长时间未操作，为保障安全已自动退出，请重新登录。")
                return redirect(f"{reverse('login')}?next={request.path}")
        response = self.get_response(request)
        # Stamped after the view, so that the login request itself (anonymous on the way in) starts the clock.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(self.KEY)
            if last is None or not 0 <= now - last < self.STAMP_EVERY:
                request.session[self.KEY] = now
        return response


class ActiveOrgMiddleware:
    """Keep the user's active org one of their memberships, and expose it as ``request.org``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            m = user.active_membership()
            if m is not None and user.active_org_id != m.org_id:
                user.active_org = m.org
                type(user).objects.filter(pk=user.pk).update(active_org=m.org)
            elif m is None and user.active_org_id:
                user.active_org = None
            request.org = user.active_org
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A new account, one reset by an administrator, or one whose password has expired (the local rule
    ``password_max_age_days``) must change its password before anything else; a week before expiry it is warned
    once per session."""

    WARNED = "fazhi_password_warned"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            allowed = {reverse("password_change"), reverse("logout")}
            free = request.path in allowed or request.path.startswith("/static/")
            if user.must_change_password and not free:
                return redirect("password_change")
            if password_expired(user) and not free:
                messages.warning(request, "您的密码已超过有效期，请先修改密码。")
                return redirect("password_change")
            if not request.session.get(self.WARNED):
                left = password_expires_soon(user)
                if left is not None:
                    messages.info(request, f"您的密码将在{left}天内过期，请及时修改。" if left else "您的密码今天到期，请及时修改。")
                    request.session[self.WARNED] = True
        return self.get_response(request)
