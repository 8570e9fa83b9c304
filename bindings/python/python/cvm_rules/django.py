"""A Django password validator with the rules of ``cvm_rules``.

In ``settings.py``::

    AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "cvm_rules.django.PasswordValidator",
            "OPTIONS": {"profile": "api3", "os": ["windows"]},
        },
    ]

``OPTIONS`` takes ``profile``, ``rules``, ``os`` and ``policy`` (a policy file's
content, as a dict or text) as ``cvm_rules.Validator`` does, and ``user_name``:
the CVM account the password is for (``password.contains_username`` looks for
it), or ``user_attribute``: the attribute of the Django user that holds it.
Messages follow Django's active language (``zh-hans`` and every Chinese tag give
Simplified Chinese, anything else English). Bad options raise at start-up, when
Django builds the validators.
"""

from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from django.core.exceptions import ValidationError  # type: ignore[import-untyped]
from django.utils.translation import get_language  # type: ignore[import-untyped]

from . import Validator, negotiate_language
from ._types import Lang, OsFamily, ProfileId, RuleSetId

__all__ = ["PasswordValidator"]


class PasswordValidator:
    """Refuses a password that fails the rules, with the library's messages."""

    def __init__(
        self,
        profile: Optional[ProfileId] = None,
        os: Optional[Sequence[OsFamily]] = None,
        rules: Optional[RuleSetId] = None,
        policy: Optional[Union[str, Mapping[str, Any]]] = None,
        user_name: Optional[str] = None,
        user_attribute: Optional[str] = None,
    ) -> None:
        if user_name is not None and user_attribute is not None:
            raise TypeError("give user_name or user_attribute, not both")
        self._options: Dict[str, Any] = {"profile": profile, "os": os, "rules": rules, "policy": policy}
        self._user_name = user_name
        self._user_attribute = user_attribute
        # One Validator per language, compiled once (the first for English now,
        # so that bad options fail at start-up).
        self._validators: Dict[Lang, Validator] = {}
        self._validator("en")

    def _validator(self, lang: Optional[Lang] = None) -> Validator:
        lang = lang or negotiate_language(get_language() or "en")
        validator = self._validators.get(lang)
        if validator is None:
            validator = self._validators[lang] = Validator(lang=lang, **self._options)
        return validator

    def _account(self, user: Any) -> Optional[str]:
        if self._user_attribute is None or user is None:
            return self._user_name
        value = getattr(user, self._user_attribute, None)
        return value if isinstance(value, str) and value else None

    def validate(self, password: str, user: Any = None) -> None:
        """Raises ``ValidationError`` with a message per failed rule (its ``code`` the rule id)."""
        answer = self._validator().check_password(password, user_name=self._account(user))
        errors = [
            ValidationError(d["message"], code=d["rule"])
            for d in answer["diagnostics"]
            if d["severity"] == "error"
        ]
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        """The requirements checklist, in the active language."""
        requirements: List[str] = [r["message"] for r in self._validator().explain()["requirements"]]
        separator = "；" if negotiate_language(get_language() or "en") == "zh-CN" else "; "
        return separator.join(requirements)
