"""The native module of ``cvm_rules`` (built by maturin from ``src/``)."""

from typing import Any, Mapping, Optional, Sequence, Union

from ._types import CheckResult, ExplainResult, GenerateResult, Lang, OsFamily, PasswordResult, ProfileId, RuleSetId

__version__: str

JsonLike = Union[str, Mapping[str, Any], Sequence[Any]]
PolicyLike = Union[str, Mapping[str, Any]]

class OptionsError(ValueError):
    """A bad option value: the library's message, never the value."""

class Validator:
    """Options read and compiled once; its answers share one ``policy`` dict per OS set."""

    def __init__(
        self,
        *,
        profile: Optional[ProfileId] = None,
        rules: Optional[RuleSetId] = None,
        os: Optional[Sequence[OsFamily]] = None,
        facts: Optional[JsonLike] = None,
        lang: Optional[Lang] = None,
        policy: Optional[PolicyLike] = None,
    ) -> None: ...
    def check(self, input: Union[str, bytes, bytearray], *, facts: Optional[JsonLike] = None) -> CheckResult:
        """Validates one request: the query form, a full URL, or JSON (when it starts with ``{``)."""
    def check_password(self, password: str, *, user_name: Optional[str] = None) -> PasswordResult:
        """Checks a password alone."""
    def explain(
        self, *, password: Optional[str] = None, user_name: Optional[str] = None, length: Optional[int] = None
    ) -> ExplainResult:
        """The requirements checklist, each marked when a password is given."""
    def generate(
        self, *, count: Optional[int] = None, length: Optional[int] = None, user_name: Optional[str] = None
    ) -> GenerateResult:
        """Passwords that pass the policy, drawn uniformly with the OS's randomness."""

def check(
    input: Union[str, bytes, bytearray],
    *,
    profile: Optional[ProfileId] = None,
    os: Optional[Sequence[OsFamily]] = None,
    facts: Optional[JsonLike] = None,
    lang: Optional[Lang] = None,
    policy: Optional[PolicyLike] = None,
    rules: Optional[RuleSetId] = None,
) -> CheckResult:
    """Validates one request: the dict ``cvm-rules check --format json`` prints."""

def explain(
    *,
    password: Optional[str] = None,
    user_name: Optional[str] = None,
    profile: Optional[ProfileId] = None,
    rules: Optional[RuleSetId] = None,
    os: Optional[Sequence[OsFamily]] = None,
    lang: Optional[Lang] = None,
    policy: Optional[PolicyLike] = None,
    length: Optional[int] = None,
) -> ExplainResult:
    """The requirements checklist: the dict ``cvm-rules explain --format json`` prints."""

def generate(
    *,
    length: Optional[int] = None,
    count: Optional[int] = None,
    profile: Optional[ProfileId] = None,
    rules: Optional[RuleSetId] = None,
    os: Optional[Sequence[OsFamily]] = None,
    user_name: Optional[str] = None,
    policy: Optional[PolicyLike] = None,
) -> GenerateResult:
    """Passwords that pass the policy: the dict ``cvm-rules generate --format json`` prints."""

def negotiate_language(accept_language: str) -> Lang:
    """The language for an HTTP Accept-Language value."""
