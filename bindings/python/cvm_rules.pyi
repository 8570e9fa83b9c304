"""Pre-flight validation of Tencent Cloud CVM ResetInstancesPassword requests.

``check``, ``explain`` and ``generate`` return the objects the ``cvm-rules``
command line prints with ``--format json``. A bad option raises ``ValueError``
with the library's message. The password never appears in any result.
"""

from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, TypedDict, Union

class Diagnostic(TypedDict):
    severity: Literal["error", "warning"]
    code: Optional[str]
    field: str
    rule: str
    params: Dict[str, Any]
    message: str

class PolicyJson(TypedDict):
    os_known: bool
    families: List[str]
    rules: List[Dict[str, Any]]

class Account(TypedDict):
    field: str
    instance_id: str
    os: str
    user_name: str

class CheckResult(TypedDict):
    valid: bool
    profile: str
    policy: PolicyJson
    diagnostics: List[Diagnostic]
    accounts: List[Account]

class Requirement(TypedDict):
    rule: str
    params: Dict[str, Any]
    message: str
    met: Optional[bool]

class Entropy(TypedDict):
    length: int
    bits: Optional[float]

class ExplainResult(TypedDict):
    profile: str
    rules: str
    policy: PolicyJson
    requirements: List[Requirement]
    all_met: Optional[bool]
    entropy: Entropy

class GenerateResult(TypedDict):
    passwords: List[str]
    length: int
    entropy_bits: Optional[float]
    policy: PolicyJson

JsonLike = Union[str, Mapping[str, Any], Sequence[Any]]

def check(
    input: Union[str, bytes],
    *,
    profile: str = "legacy-2017",
    os: Optional[Sequence[str]] = None,
    facts: Optional[JsonLike] = None,
    lang: str = "en",
    policy: Optional[Union[str, Mapping[str, Any]]] = None,
    rules: Optional[str] = None,
) -> CheckResult:
    """Validates one request: the query form, a full URL, or JSON (when it starts with ``{``)."""

def explain(
    *,
    password: Optional[str] = None,
    user_name: Optional[str] = None,
    profile: str = "legacy-2017",
    rules: Optional[str] = None,
    os: Optional[Sequence[str]] = None,
    lang: str = "en",
    policy: Optional[Union[str, Mapping[str, Any]]] = None,
    length: Optional[int] = None,
) -> ExplainResult:
    """The requirements checklist of the resolved policy, marked when a password is given."""

def generate(
    *,
    length: Optional[int] = None,
    count: int = 1,
    profile: str = "legacy-2017",
    rules: Optional[str] = None,
    os: Optional[Sequence[str]] = None,
    user_name: Optional[str] = None,
    policy: Optional[Union[str, Mapping[str, Any]]] = None,
) -> GenerateResult:
    """Passwords that pass the resolved policy, drawn uniformly with the OS's randomness."""

def negotiate_language(accept_language: str) -> Literal["en", "zh-CN"]:
    """The language for an HTTP Accept-Language value."""
