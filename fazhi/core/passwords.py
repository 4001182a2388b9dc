"""Password policy (GB/T 22239-2019 8.1.4.1): at least 10 characters, three of four character classes, not
containing the username, not a common password, none of the account's last few; passwords expire."""

import re
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator as DjangoCommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

EXPIRY_WARNING_DAYS = 7


class PasswordPolicyValidator:
    min_length = 10

    def validate(self, password, user=None):
        errors = []
        if len(password) < self.min_length:
            errors.append(f"密码长度至少{self.min_length}位。")
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            errors.append("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。")
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            errors.append("密码不能包含用户名。")
        if errors:
            raise ValidationError(errors, code="password_policy")

    def get_help_text(self):
        return "密码长度至少10位，须包含大写字母、小写字母、数字、特殊字符中的至少三类，且不能包含用户名。"


ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no 0/O, 1/l/I to misread
ONE_TIME_SYMBOLS = "#%+=@"


def one_time_password():
    """A random password for a reset: 16 characters in four groups, with every character class of the policy,
    so that it passes the validator it is never checked against (it is never chosen by a person)."""
    import secrets

    while True:
        groups = ["".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(4)]
        text = secrets.choice(ONE_TIME_SYMBOLS).join(groups[:2]) + "-" + "".join(groups[2:])
        if re.search(r"[a-z]", text) and re.search(r"[A-Z]", text) and re.search(r"[0-9]", text):
            return text


class CommonPasswordValidator(DjangoCommonPasswordValidator):
    """Django's 20,000 common passwords and fazhi's list of those common here (core/data/common_passwords.txt)."""

    def __init__(self):
        super().__init__()
        extra = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
        self.passwords = set(self.passwords) | {
            line.strip().lower() for line in extra.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
        }

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError("该密码过于常见，容易被猜中，请换一个。", code="password_too_common")

    def get_help_text(self):
        return "不能使用常见密码。"


def _rule(user, key):
    from .rules import get_rule

    return get_rule(getattr(user, "active_org", None), key)


class PasswordHistoryValidator:
    """None of the account's last N passwords (the local rule ``password_history``, 5 by default)."""

    def validate(self, password, user=None):
        if getattr(user, "pk", None) is None:
            return
        n = _rule(user, "password_history")
        if n <= 0:
            return
        hashes = list(user.password_history.values_list("password", flat=True)[:n])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][:n]
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(f"新密码不能与最近{n}次使用过的密码相同。", code="password_reused")

    def get_help_text(self):
        return "不能与最近使用过的密码相同。"


def remember_password(user):
    """Keep the hash of the password just set (called after the account is saved); older ones beyond 10 go."""
    from .models import PasswordHistory

    PasswordHistory.objects.create(user=user, password=user.password)
    stale = list(user.password_history.values_list("pk", flat=True)[10:])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()


def password_expires_at(user):
    """When ``user``'s password expires (the local rule ``password_max_age_days``; 0 means never), or None."""
    days = _rule(user, "password_max_age_days")
    changed = user.password_changed_at or user.date_joined
    if not days or changed is None:
        return None
    return changed + timedelta(days=days)


def password_expired(user):
    at = password_expires_at(user)
    return at is not None and at <= timezone.now()


def password_expires_soon(user):
    """Days left when the password expires within EXPIRY_WARNING_DAYS, else None."""
    at = password_expires_at(user)
    if at is None:
        return None
    left = at - timezone.now()
    return max(0, left.days) if left <= timedelta(days=EXPIRY_WARNING_DAYS) and left.total_seconds() > 0 else None
