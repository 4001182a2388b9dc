"""Errors as the pages give them: a Chinese message in ``detail`` (and per field for validation), never a 500 page."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_handler

MESSAGES = {
    exceptions.NotAuthenticated: "请先登录，或在请求头中提供令牌（Authorization: Bearer 令牌）。",
    exceptions.NotFound: "记录不存在，或不在您可以查看的范围内。",
    exceptions.MethodNotAllowed: "不支持该请求方法。",
    exceptions.UnsupportedMediaType: "请求体应为 JSON（Content-Type: application/json）。",
    exceptions.ParseError: "请求体不是有效的 JSON。",
    exceptions.NotAcceptable: "无法按所请求的格式返回。",
}


class TooLarge(exceptions.APIException):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: 413, to be sent in smaller batches."""

    status_code = 413
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """A workflow guard refused the step, or the record is referenced elsewhere: 409 with the reason."""

    status_code = 409
    default_detail = "当前状态不能执行该操作。"
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        exc = TooLarge(f"请求体超过{limit / 1024 / 1024:.1f}MB，请分批提交。")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "您没有此功能的权限。")
    if type(exc) in MESSAGES:
        exc.detail = exceptions.ErrorDetail(MESSAGES[type(exc)], code=exc.default_code)
    elif isinstance(exc, exceptions.Throttled):
        exc.detail = exceptions.ErrorDetail(f"请求过于频繁，请在{exc.wait or 1:.0f}秒后再试。", code="throttled")
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) == exceptions.PermissionDenied.default_detail:
        exc.detail = exceptions.ErrorDetail("您没有此功能的权限。", code="permission_denied")
    return drf_handler(exc, context)
