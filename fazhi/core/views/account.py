"""Sign-in (with lockout), first-login password change, and the active-org switch."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..audit import record
from ..auth import active_lockout, client_ip
from ..choices import AuditAction
from ..todos import todos_for


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
        lock = active_lockout(username, client_ip(self.request))
        if lock:
            until = timezone.localtime(lock.until).strftime("%H:%M")
            raise ValidationError(f"登录失败次数过多，账户或地址已锁定，请于{until}后再试，或联系安全管理员解锁。", code="locked")
        return super().clean()


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"

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

    def form_valid(self, form):
        user = form.save()
        user.must_change_password = False
        user.save(update_fields=["must_change_password", "password_changed_at"])
        update_session_auth_hash(self.request, user)
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
