"""The pages of the personal access tokens: a user's own (generate — shown once —, list, revoke) and the security
administrator's list of every token (revoke). Every act is audited."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core import submissions
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.context_processors import business_user

from .models import ApiToken

EXPIRY_CHOICES = [("30", "30天"), ("90", "90天"), ("180", "180天"), ("365", "一年")]


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, required=False, help_text="如：公安局执法办案系统推送复议答复。")
    expires = forms.ChoiceField(label="有效期", choices=EXPIRY_CHOICES, initial="90")
    read_only = forms.BooleanField(label="只读（只能查询，不能新增、修改或办理）", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-check-input" if name == "read_only" else ("form-select" if name == "expires" else "form-control")


def _revoke(request, queryset):
    pk = request.POST.get("revoke", "")
    token = queryset.filter(pk=int(pk)).first() if pk.isascii() and pk.isdigit() else None
    if token is None or token.revoked_at:
        messages.error(request, "令牌不存在或已吊销。")
        return
    token.revoke(by=request.user)
    record(request, AuditAction.SETTING_CHANGE, obj=token, message=f"吊销{token.user.username}的接口令牌 {token.shown}…")
    messages.success(request, f"已吊销令牌 {token.shown}…。")


@login_required
def my_tokens(request):
    if not business_user(request.user):
        raise PermissionDenied("管理员账户不使用业务接口，不能生成接口令牌。")
    mine = ApiToken.objects.filter(user=request.user)
    key = None
    form = TokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            _revoke(request, mine)
            return redirect("api_tokens:mine")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token_value = submissions.read_token(request)
            except submissions.TokenError as e:
                messages.error(request, str(e))
                return redirect("api_tokens:mine")
            with submissions.once(request, token_value) as submission:
                expires_at = timezone.now() + timedelta(days=int(form.cleaned_data["expires"]))
                token, key = ApiToken.issue(request.user, name=form.cleaned_data["name"], read_only=form.cleaned_data["read_only"],
                                            expires_at=expires_at, created_by=request.user)
                record(request, AuditAction.SETTING_CHANGE, obj=token,
                       message=f"生成接口令牌 {token.shown}…（{'只读' if token.read_only else '读写'}，{form.cleaned_data['expires']}天）")
                submission.done(token, "")
            form = TokenForm()
    return render(request, "api/tokens.html", {"title": "我的接口令牌", "tokens": mine, "form": form, "key": key, "mine": True})


@login_required
def all_tokens(request):
    if not request.user.has_perm("api.view_apitoken"):
        raise PermissionDenied("您没有此功能的权限。")
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if request.method == "POST":
        if not request.user.has_perm("api.change_apitoken"):
            raise PermissionDenied("您没有此功能的权限。")
        _revoke(request, tokens)
        return redirect("api_tokens:all")
    return render(request, "api/tokens.html", {"title": "接口令牌", "tokens": tokens, "mine": False})
