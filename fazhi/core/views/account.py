"""Sign-in (with lockout), first-login password change, and the active-org switch."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..audit import record
from ..auth import active_lockout, address_wait, client_ip, lock_if_dormant, register_failure
from ..choices import AuditAction
from ..models import Lockout, UserSession
from ..todos import todos_for

DORMANT_MESSAGE = "该账户长期未登录，已按规定锁定，请联系安全管理员解锁。"


class LoginForm(AuthenticationForm):
    """Checks the lockout of the account and of the address before the password is even tried."""

    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败5次将锁定15分钟。",
        "inactive": "该账户已停用。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = address_wait(client_ip(self.request))
        if wait:
            raise ValidationError(f"本地址登录失败次数较多，请{wait}秒后再试。", code="throttled")
        lock = active_lockout(username)
        if lock and lock.reason == Lockout.DORMANT:
            raise ValidationError(DORMANT_MESSAGE, code="dormant")
        if lock:
            until = timezone.localtime(lock.until).strftime("%H:%M")
            raise ValidationError(f"登录失败次数过多，账户已锁定，请于{until}后再试，或联系安全管理员解锁。", code="locked")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if lock_if_dormant(self.request, user):
            raise ValidationError(DORMANT_MESSAGE, code="dormant")
        until = user.one_time_password_until
        if until is not None and until <= timezone.now():
            raise ValidationError("一次性密码已过期，请联系管理员重新重置密码。", code="one_time_password_expired")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordForm(PasswordChangeForm):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

    def clean_old_password(self):
        """A wrong old password counts as a failed sign-in of the account (lockout, audit): a session left open
        must not be a way to guess the password."""
        try:
            return super().clean_old_password()
        except ValidationError:
            register_failure(self.request, self.user.username, message="修改密码时原密码错误")
            raise

    def clean(self):
        # Django 5.1+ validates the new password in SetPasswordForm.clean() (there is no
        # clean_new_password2 any more), so the "not the same as before" rule runs after it.
        data = super().clean()
        new = data.get("new_password2")
        if new and self.user.check_password(new):
            self.add_error("new_password2", "新密码不能与原密码相同。")
        return data


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordForm
    template_name = "registration/password_change.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        lock = active_lockout(self.request.user.username)
        if lock is not None:
            logout(self.request)
            messages.error(self.request, "原密码连续输错次数过多，账户已锁定，请稍后重新登录或联系安全管理员解锁。")
            return redirect("login")
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.save()
        user.must_change_password = False
        user.one_time_password_until = None
        user.save(update_fields=["must_change_password", "one_time_password_until", "password_changed_at"])
        old_key = self.request.session.session_key
        update_session_auth_hash(self.request, user)  # a new session key; the tracked session follows it
        UserSession.objects.filter(session_key=old_key).update(session_key=self.request.session.session_key)
        record(self.request, AuditAction.PASSWORD_CHANGE, message="修改密码")
        messages.success(self.request, "密码已修改。")
        return redirect("home")


@login_required
def home(request):
    """The home page: 我的待办 (due soon and overdue, from every registry that declares deadlines)."""
    items = todos_for(request.user)
    return render(
        request,
        "core/home.html",
        {"todos": items, "overdue": sum(1 for t in items if t.overdue), "title": "首页"},
    )


class SwitchOrgForm(forms.Form):
    org = forms.IntegerField()


@login_required
@require_POST
def switch_org(request):
    """Switch the active org to another of the user's memberships; permissions and scope follow it."""
    form = SwitchOrgForm(request.POST)
    m = None
    if form.is_valid():
        m = request.user.memberships.select_related("org").filter(org_id=form.cleaned_data["org"]).first()
    if m is None:
        messages.error(request, "您不在所选单位任职，无法切换。")
        return redirect("home")
    old = request.user.active_org
    request.user.active_org = m.org
    request.user.save(update_fields=["active_org"])
    record(request, AuditAction.ORG_SWITCH, message=f"从“{old}”切换到“{m.org}”", org=m.org)
    messages.success(request, f"已切换到“{m.org}”。")
    return redirect("home")
