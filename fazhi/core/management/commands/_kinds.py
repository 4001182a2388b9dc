"""Shared argument handling of the Excel commands."""

from django.core.management.base import CommandError

from fazhi.core.excel import RESOURCES, get_resource


def resource_for(kind):
    try:
        return get_resource(kind)
    except KeyError:
        raise CommandError(f"未知的数据类别“{kind}”，可选：{'、'.join(sorted(RESOURCES))}") from None


def org_for(code):
    from fazhi.core.models import Org

    if not code:
        return None
    org = Org.objects.filter(code=code).first()
    if org is None:
        raise CommandError(f"机构代码“{code}”不存在。")
    return org


def user_for(username):
    from fazhi.core.models import User

    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在。")
    return user
