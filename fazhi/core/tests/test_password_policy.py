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
        validate_password("abcdefghij", Named("x"))
    assert e.value.messages == [TOO_FEW_CLASSES]
    validate_password("Abcdefgh12", Named("x"))
    assert password_validators_help_texts() == [
        "密码长度至少10位，须包含大写字母、小写字母、数字、特殊字符中的至少三类，且不能包含用户名。"
    ]


@pytest.mark.django_db
def test_the_demo_password_meets_the_policy(cast):
    validate_password(PASSWORD, cast["station1"])


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
    assert "新密码不能与原密码相同。" in r.content.decode()


@pytest.mark.django_db
def test_the_password_change_page_accepts_a_strong_password_which_then_signs_in(cast, client):
    real_login(client, "station1")
    r = change_password(client, PASSWORD, "Qingshi#River9")
    assert r.status_code == 302
    client.logout()
    assert client.post("/login/", {"username": "station1", "password": PASSWORD}).status_code == 200
    real_login(client, "station1", "Qingshi#River9")
