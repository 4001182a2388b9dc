"""System checks (``fazhi check``, and every ``runserver``/``migrate``): the personal-data keys can be read."""

import os
import stat

from django.core.checks import Error, Warning, register


@register()
def data_keys(app_configs=None, **kwargs):
    from . import crypto

    try:
        ring = crypto.ring()
    except crypto.KeyError_ as e:
        return [Error(str(e), hint="见 docs/security.md“个人信息加密存储”。", id="fazhi.E001")]
    problems = []
    if ring.source != "env":
        mode = stat.S_IMODE(os.stat(ring.source).st_mode)
        if mode & 0o077:
            problems.append(Warning(f"个人信息密钥文件 {ring.source} 的权限为 {mode:o}，其他账户可读。",
                                    hint=f"chmod 600 {ring.source}", id="fazhi.W001"))
    return problems
