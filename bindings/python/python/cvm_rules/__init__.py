"""Pre-flight validation of Tencent Cloud CVM ``ResetInstancesPassword`` requests.

``Validator`` reads and compiles its options once; ``check``, ``explain`` and
``generate`` are the same calls with every option given at once. Each returns the
object the ``cvm-rules`` command line prints with ``--format json``, as ``dict``s
and ``list``s (the ``TypedDict``s below describe them). A value of the wrong type
raises ``TypeError``; a bad value ``OptionsError`` (a ``ValueError``) with the
library's message. No result or error holds the password.
"""

from ._native import OptionsError, Validator, check, explain, generate, negotiate_language
from ._native import __version__
from ._types import (
    Account,
    CheckResult,
    Diagnostic,
    Entropy,
    ExplainResult,
    GenerateResult,
    Lang,
    OsFamily,
    PasswordResult,
    PolicyJson,
    ProfileId,
    Requirement,
    RuleSetId,
    Severity,
)

__all__ = [
    "Account",
    "CheckResult",
    "Diagnostic",
    "Entropy",
    "ExplainResult",
    "GenerateResult",
    "Lang",
    "OptionsError",
    "OsFamily",
    "PasswordResult",
    "PolicyJson",
    "ProfileId",
    "Requirement",
    "RuleSetId",
    "Severity",
    "Validator",
    "__version__",
    "check",
    "explain",
    "generate",
    "negotiate_language",
]
