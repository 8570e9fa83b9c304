"""No error holds a value the caller passed (SPEC section 18): a sentinel, as a
str, an int, with a lone surrogate and inside containers and objects, in every
parameter of every function and method; every part of every error is searched
(str, repr, args, the formatted traceback, __cause__, __context__, __notes__,
its attributes). Where the sentinel is a password or a request, the answers are
searched too."""

import json
import traceback
from typing import Any, Callable, List

import pytest

import cvm_rules

SECRET = "Hunter2Secret!"
NUMBER = 12345678
SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123ABC!@%23"


class Raising:
    """Every hook raises with the secret."""

    def __str__(self) -> str:
        raise RuntimeError(SECRET)

    __repr__ = __str__

    def __iter__(self) -> Any:
        raise RuntimeError(SECRET)

    def __index__(self) -> int:
        raise RuntimeError(SECRET)


FORMS: List[Any] = [
    SECRET,
    NUMBER,
    SECRET + "\ud800",
    SECRET.encode(),
    [SECRET],
    (SECRET, NUMBER),
    {SECRET: SECRET},
    {"password": SECRET},
    {SECRET, "x"},
    float(NUMBER),
    Raising(),
    ValueError(SECRET),
]

OPTIONS = ["profile", "rules", "os", "facts", "lang", "policy"]


def texts_of(error: BaseException) -> List[str]:
    texts = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(type(error), error, error.__traceback__))]
    texts += [repr(getattr(error, "__notes__", None)), repr(vars(error)) if hasattr(error, "__dict__") else ""]
    for chained in (error.__cause__, error.__context__):
        if chained is not None:
            texts += texts_of(chained)
    return texts


def assert_clean(texts: List[str], where: str) -> None:
    for text in texts:
        assert SECRET not in text and "Hunter2" not in text and str(NUMBER) not in text, f"{where}: {text}"


def probe(where: str, call: Callable[[], Any], answer_too: bool) -> None:
    try:
        answer = call()
    except (TypeError, cvm_rules.OptionsError) as error:
        assert error.__cause__ is None and error.__context__ is None, where
        assert_clean(texts_of(error), where)
        return
    if answer_too:
        assert_clean([json.dumps(answer, ensure_ascii=False), repr(answer)], f"{where} (answer)")


@pytest.mark.parametrize("form", FORMS, ids=lambda f: type(f).__name__)
def test_a_sentinel_in_every_option(form: Any) -> None:
    for key in OPTIONS:
        probe(f"check {key}", lambda: cvm_rules.check(SEED, **{key: form}), False)
        probe(f"explain {key}", lambda: cvm_rules.explain(**{key: form}), False)
        probe(f"generate {key}", lambda: cvm_rules.generate(**{key: form}) if key != "facts" else None, False)
        probe(f"Validator {key}", lambda: cvm_rules.Validator(**{key: form}), False)
    for key in ["password", "user_name", "length"]:
        probe(f"explain {key}", lambda: cvm_rules.explain(**{key: form}), key == "password")
    for key in ["count", "length", "user_name"]:
        probe(f"generate {key}", lambda: cvm_rules.generate(**{key: form}), False)
    # Inside a policy and facts.
    probe("policy extends", lambda: cvm_rules.explain(policy={"extends": form}), False)
    probe("policy denylist", lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"denylist": form}}), True)
    probe("facts state", lambda: cvm_rules.check(SEED, facts=[{"InstanceId": "ins-r8hr2upy", "InstanceState": form}]), False)
    # As a password, a request and every argument of the methods.
    validator = cvm_rules.Validator(profile="api3", os=["windows"])
    probe("check input", lambda: cvm_rules.check(form), True)
    probe("Validator.check input", lambda: validator.check(form), True)
    probe("Validator.check facts", lambda: validator.check(SEED, facts=form), False)
    probe("check_password", lambda: validator.check_password(form), True)
    probe("check_password user_name", lambda: validator.check_password("abc", user_name=form), False)
    for key in ["password", "user_name", "length"]:
        probe(f"Validator.explain {key}", lambda: validator.explain(**{key: form}), key == "password")
    for key in ["count", "length", "user_name"]:
        probe(f"Validator.generate {key}", lambda: validator.generate(**{key: form}), False)
    probe("negotiate_language", lambda: cvm_rules.negotiate_language(form), False)


def test_a_sentinel_as_a_keyword_or_a_key() -> None:
    for key in [SECRET, str(NUMBER), "x" + SECRET]:
        probe("policy key", lambda: cvm_rules.explain(policy={"extends": "api3", key: 1}), True)
        probe("facts key", lambda: cvm_rules.check(SEED, facts={key: 1}), True)
    # A password passed where a keyword goes: Python's own TypeError names no value.
    with pytest.raises(TypeError) as raised:
        cvm_rules.explain(SECRET)  # type: ignore[misc]
    assert_clean(texts_of(raised.value), "explain positional")


def test_no_answer_shows_the_request_password() -> None:
    validator = cvm_rules.Validator(profile="api3", os=["windows"])
    for request in [
        f"{SEED}&Password={SECRET}",
        f"Action=ResetInstancesPassword&Password={SECRET}&{SECRET}=1",
        json.dumps({"InstanceIds": ["ins-1122"], "Password": SECRET, SECRET: SECRET}),
        '{"Password": "' + SECRET + '", ',
        f"Password={SECRET}".encode() + b"\xff",
        f"Password={SECRET}\ud800",
    ]:
        for lang in ["en", "zh-CN"]:
            probe("check request", lambda: cvm_rules.check(request, profile="api3", lang=lang), True)  # type: ignore[arg-type]
        probe("Validator.check request", lambda: validator.check(request), True)
