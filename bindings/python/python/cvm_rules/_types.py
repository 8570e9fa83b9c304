"""The result types of ``cvm_rules``: the JSON objects of the command line's
``--format json``, as ``TypedDict``s (importable at run time), and the option
names as ``Literal`` types.

The ``TypedDict``s are ``typing_extensions``' before Python 3.12: pydantic (and
so FastAPI's ``response_model``) reads only those there, and ``typing``'s from
3.12 on, where they are the same."""

import sys
from typing import Any, Dict, List, Literal, Optional

if sys.version_info >= (3, 12):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict

ProfileId = Literal["legacy-2017", "api3"]
RuleSetId = Literal["legacy-2017", "api3", "login-settings"]
OsFamily = Literal["linux", "ubuntu", "windows"]
Lang = Literal["en", "zh-CN"]
Severity = Literal["error", "warning"]


class Diagnostic(TypedDict):
    severity: Severity
    code: Optional[str]
    field: str
    rule: str
    params: Dict[str, Any]
    message: str


class PolicyJson(TypedDict):
    os_known: bool
    families: List[OsFamily]
    rules: List[Dict[str, Any]]


class Account(TypedDict):
    field: str
    instance_id: str
    os: OsFamily
    user_name: str


class CheckResult(TypedDict):
    valid: bool
    profile: str
    policy: PolicyJson
    diagnostics: List[Diagnostic]
    accounts: List[Account]


class PasswordResult(TypedDict):
    valid: bool
    profile: str
    policy: PolicyJson
    diagnostics: List[Diagnostic]


class Requirement(TypedDict):
    rule: str
    # "warning": advice a valid password need not meet (not counted in all_met).
    severity: Severity
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
