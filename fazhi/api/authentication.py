"""``Authorization: Bearer <token>``: a personal access token (fazhi.api.models.ApiToken) signs its user in."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken, digest


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确，应为“Authorization: Bearer 令牌”。")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌格式不正确。") from None
        token = ApiToken.objects.usable().select_related("user").filter(key_digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效、已过期或已吊销。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("令牌所属用户已停用。")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The token in the schema (and the docs' 授权 button)."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "个人访问令牌：Authorization: Bearer <令牌>（“我的接口令牌”页面或 fazhi token 生成）"}
