"""Password policy: at least 10 characters, three of four character classes, not containing the username."""

import re

from django.core.exceptions import ValidationError


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
