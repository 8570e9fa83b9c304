"""The Django password validator, with Django from PyPI: configured through
AUTH_PASSWORD_VALIDATORS, messages in the active language, help text from the
checklist."""

import pytest

django = pytest.importorskip("django")
from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="en",
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
        DATABASES={},
        AUTH_PASSWORD_VALIDATORS=[
            {"NAME": "cvm_rules.django.PasswordValidator", "OPTIONS": {"profile": "api3", "os": ["windows"], "user_attribute": "username"}},
        ],
    )
    django.setup()

from django.contrib.auth import password_validation  # noqa: E402
from django.core.exceptions import ImproperlyConfigured, ValidationError  # noqa: E402
from django.utils import translation  # noqa: E402

from cvm_rules.django import PasswordValidator  # noqa: E402


class User:
    username = "deploy"


def test_validate_password_refuses_with_the_library_messages_and_rule_codes() -> None:
    with pytest.raises(ValidationError) as raised:
        password_validation.validate_password("abc123")
    assert [e.code for e in raised.value.error_list] == ["password.length", "password.classes"]
    assert raised.value.messages[0] == "Password must be 12 to 30 characters long, and it has 6."
    assert password_validation.validate_password("Zq7!vTr9#Lm2@Kx") is None


def test_the_user_attribute_is_the_account_the_rule_looks_for() -> None:
    with pytest.raises(ValidationError) as raised:
        password_validation.validate_password("Deploy!2024xyzQ", user=User())
    assert [e.code for e in raised.value.error_list] == ["password.contains_username"]
    assert password_validation.validate_password("Deploy!2024xyzQ") is None


def test_messages_and_help_text_follow_the_active_language() -> None:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as raised:
            password_validation.validate_password("abc123")
        assert raised.value.messages[0] == "密码长度必须为 12 到 30 个字符，当前为 6 个。"
        assert password_validation.password_validators_help_texts()[0].startswith("长度为 12 到 30 个字符；")
    help_text = password_validation.password_validators_help_texts()[0]
    assert help_text.startswith("12 to 30 characters; At least 3 of these 4 classes")


def test_no_error_holds_the_password() -> None:
    secret = "Hunter2 Secret!"
    with pytest.raises(ValidationError) as raised:
        PasswordValidator(os=["linux"]).validate(secret)
    assert all(secret not in m and "Hunter2" not in m for m in raised.value.messages)
    assert "Hunter2" not in repr(raised.value)


def test_bad_options_fail_when_the_validators_are_built() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        PasswordValidator(profile="api4")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="os must be a list"):
        PasswordValidator(os="linux")  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured):
        password_validation.get_password_validators([{"NAME": "cvm_rules.django.Missing"}])
    policy = {"extends": "api3", "all": {"denylist": ["Summer2024!Summer"]}}
    with pytest.raises(ValidationError) as raised:
        PasswordValidator(os=["linux"], policy=policy).validate("summer2024!summer")
    assert [e.code for e in raised.value.error_list] == ["password.denylist"]
