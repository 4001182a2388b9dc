"""Password policy: at least 10 characters, three of the four character classes, not containing the
username (in any case), with Chinese messages — in the validator, in Django's configured validation and
on the password-change page."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from fazhi.core.passwords import PasswordPolicyValidator

PASSWORD = "Demo#2026pass"
TOO_SHORT = "密码长度至少10位。"
TOO_FEW_CLASSES = "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"
CONTAINS_USERNAME = "密码不能包含用户名。"


class Named:
    def __init__(self, username):
        self.username = username


def messages_for(password, username="station1"):
    try:
        PasswordPolicyValidator().validate(password, Named(username))
    except ValidationError as e:
        return e.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "Abcdefgh12",  # upper, lower, digit — exactly 10 characters
        "Abcdefgh!!",  # upper, lower, special
        "abcdefg12!",  # lower, digit, special
        "ABCDEFG12!",  # upper, digit, special
        "Aa1!Aa1!Aa1!",  # all four
        "法治政府Abc12345",  # Chinese characters count as special characters
    ],
)
def test_a_password_of_ten_characters_and_three_classes_is_accepted(password):
    assert messages_for(password) == []


def test_a_password_of_nine_characters_is_refused_as_too_short():
    assert messages_for("Abcdefg1!") == [TOO_SHORT]


@pytest.mark.parametrize(
    "password", ["abcdefghijkl", "abcdefgh1234", "ABCDEFGH!!!!", "12345678!@#$", "Abcdefghijkl"]
)
def test_a_password_with_fewer_than_three_classes_is_refused(password):
    assert messages_for(password) == [TOO_FEW_CLASSES]


@pytest.mark.parametrize("password", ["Station1#2026", "STATION1#2026", "my-station1-Pw", "xx StAtIoN1 xx"])
def test_a_password_containing_the_username_is_refused_whatever_its_case(password):
    assert messages_for(password, "station1") == [CONTAINS_USERNAME]


def test_a_username_in_capitals_is_matched_case_insensitively_too():
    assert messages_for("Zhangsan#2026", "ZhangSan") == [CONTAINS_USERNAME]


def test_every_broken_rule_is_reported_at_once():
    assert messages_for("station1") == [TOO_SHORT, TOO_FEW_CLASSES, CONTAINS_USERNAME]


def test_the_policy_applies_without_a_user():
    v = PasswordPolicyValidator()
    v.validate("Abcdefgh12")
    with pytest.raises(ValidationError) as e:
        v.validate("short")
    assert TOO_SHORT in e.value.messages


def test_the_policy_is_the_configured_django_validator_with_a_chinese_help_text(settings):
    with pytest.raises(ValidationError) as e:
        validate_password("qingshiriver", Named("x"))
    assert e.value.messages == [TOO_FEW_CLASSES]
    validate_password("Abcdefgh12", Named("x"))
    assert password_validators_help_texts() == [
        "密码长度至少10位，须包含大写字母、小写字母、数字、特殊字符中的至少三类，且不能包含用户名。",
        "不能使用常见密码。",
        "不能与最近使用过的密码相同。",
    ]


@pytest.mark.django_db
def test_the_demo_password_meets_the_policy(cast):
    validate_password(PASSWORD, Named("station1"))


def change_password(client, old, new):
    return client.post("/password/", {"old_password": old, "new_password1": new, "new_password2": new})


def real_login(client, username, password=PASSWORD):
    r = client.post("/login/", {"username": username, "password": password})
    assert r.status_code == 302, "login refused"
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1!short", TOO_SHORT),
        ("abcdefghij12", TOO_FEW_CLASSES),
        ("STATION1#pass", CONTAINS_USERNAME),
    ],
)
def test_the_password_change_page_refuses_a_weak_password_with_the_chinese_message(
    cast, client, new, message
):
    real_login(client, "station1")
    r = change_password(client, PASSWORD, new)
    assert r.status_code == 200
    assert message in r.content.decode()
    user = cast["station1"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.check_password(new)


@pytest.mark.django_db
def test_the_password_change_page_refuses_the_current_password(cast, client):
    real_login(client, "station1")
    r = change_password(client, PASSWORD, PASSWORD)
    assert r.status_code == 200
    assert "新密码不能与最近5次使用过的密码相同。" in r.content.decode()


@pytest.mark.django_db
def test_the_password_change_page_accepts_a_strong_password_which_then_signs_in(cast, client):
    real_login(client, "station1")
    r = change_password(client, PASSWORD, "Qingshi#River9")
    assert r.status_code == 302
    client.logout()
    assert client.post("/login/", {"username": "station1", "password": PASSWORD}).status_code == 200
    real_login(client, "station1", "Qingshi#River9")


# ---- 等保 level 3: common passwords, history, expiry, dormant accounts, concurrent sessions ----------------------


@pytest.mark.django_db
@pytest.mark.parametrize("common", ["1qaz@WSX3edc", "Admin@123456", "P@ssw0rd123", "Password123!"])
def test_a_common_password_that_meets_the_character_rules_is_still_refused(cast, client, common):
    real_login(client, "station1")
    r = change_password(client, PASSWORD, common)
    assert r.status_code == 200
    assert "该密码过于常见" in r.content.decode()


@pytest.mark.django_db
def test_none_of_the_last_five_passwords_can_be_chosen_again_but_the_sixth_can(cast, client):
    real_login(client, "station1")
    passwords = [PASSWORD] + [f"Qingshi#River{i}x" for i in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change_password(client, old, new).status_code == 302
    current = passwords[-1]
    for earlier in passwords[-5:-1]:
        r = change_password(client, current, earlier)
        assert "新密码不能与最近5次使用过的密码相同。" in r.content.decode()
    assert change_password(client, current, PASSWORD).status_code == 302  # six changes ago


@pytest.mark.django_db
def test_an_expired_password_must_be_changed_and_a_week_before_the_user_is_warned(cast, client):
    from datetime import timedelta

    from django.utils import timezone

    from fazhi.core.models import User

    User.objects.filter(username="station1").update(password_changed_at=timezone.now() - timedelta(days=85))
    real_login(client, "station1")
    r = client.get("/", follow=True)
    assert r.status_code == 200 and "您的密码将在4天内过期" in r.content.decode()
    assert "将在" not in client.get("/").content.decode()  # once per session
    User.objects.filter(username="station1").update(password_changed_at=timezone.now() - timedelta(days=91))
    r = client.get("/advisers/")
    assert r.status_code == 302 and r["Location"] == "/password/"
    assert change_password(client, PASSWORD, "Qingshi#River9").status_code == 302
    assert client.get("/advisers/").status_code == 200


@pytest.mark.django_db
def test_an_account_unused_for_ninety_days_is_locked_until_the_security_administrator_lifts_it(cast, client):
    from datetime import timedelta

    from django.utils import timezone

    from fazhi.core.models import AuditEvent, Lockout, User

    User.objects.filter(username="station1").update(last_login=timezone.now() - timedelta(days=91))
    r = client.post("/login/", {"username": "station1", "password": PASSWORD})
    assert r.status_code == 200 and "长期未登录，已按规定锁定" in r.content.decode()
    lock = Lockout.objects.get(username="station1")
    assert lock.reason == Lockout.DORMANT and lock.until > timezone.now() + timedelta(days=3650)
    assert AuditEvent.objects.filter(action="lockout", username="station1").exists()
    r = client.post("/login/", {"username": "station1", "password": PASSWORD})
    assert "长期未登录，已按规定锁定" in r.content.decode()
    sec = real_login(type(client)(), "secadmin")
    assert sec.post("/admin/core/lockout/", {"action": "lift", "_selected_action": [lock.pk]}).status_code == 302
    real_login(client, "station1")
    # signed in once more: the clock starts again
    assert not Lockout.objects.filter(username="station1", until__gt=timezone.now()).exists()


@pytest.mark.django_db
def test_a_new_sign_in_ends_the_older_session_of_the_same_account_and_is_audited(cast):
    from django.test import Client

    from fazhi.core.models import AuditEvent

    first, second = Client(), Client()
    real_login(first, "station1")
    assert first.get("/advisers/").status_code == 200
    real_login(second, "station1")
    assert second.get("/advisers/").status_code == 200
    assert first.get("/advisers/").status_code == 302  # the older session ended
    event = AuditEvent.objects.get(action="session_end")
    assert event.username == "station1" and event.detail["ended"] == 1


@pytest.mark.django_db
def test_two_sessions_are_allowed_when_the_local_rule_says_so(cast):
    from django.test import Client

    from fazhi.core.models import LocalRule, Org

    LocalRule.objects.create(org=Org.objects.get(code="demo"), key="sessions_per_account", value="2")
    first, second, third = Client(), Client(), Client()
    for c in (first, second):
        real_login(c, "station1")
    assert first.get("/advisers/").status_code == 200 and second.get("/advisers/").status_code == 200
    real_login(third, "station1")
    assert first.get("/advisers/").status_code == 302 and second.get("/advisers/").status_code == 200
