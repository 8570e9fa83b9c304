"""The package beside hand-written Python, in the same run (BENCHMARKS.md):

    python bindings/python/bench.py            (after pip install ./bindings/python)

Baseline: four ``re`` patterns for the api3 Linux password rules (length,
classes, leading slash, charset) that return the failing rule ids. The package
answers with the whole dict: codes, fields, params and messages.

Each measure is the best of several interleaved rounds of about 0.3 s, after a
warm-up. Prints ns per call and the two ratios with their targets; exits 1 when
a ratio is over its target.
"""

import re
import sys
import time
from typing import Callable, Dict, List, Sequence, Tuple

import cvm_rules

SPECIALS = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"
SPECIAL = "[" + re.escape(SPECIALS) + "]"
LENGTH = re.compile(r"^.{8,30}\Z", re.S)
CHARSET = re.compile(r"^[A-Za-z0-9" + re.escape(SPECIALS) + r"]*\Z")
_L, _U, _D, _S = r"(?=.*[a-z])", r"(?=.*[A-Z])", r"(?=.*[0-9])", "(?=.*" + SPECIAL + ")"
CLASSES = re.compile("^(?:" + "|".join([_L + _U + _D, _L + _U + _S, _L + _D + _S, _U + _D + _S]) + ")", re.S)


def re_password(password: str) -> List[str]:
    """The api3 Linux password rules, by hand: the ids of the failing rules."""
    failed = []
    if not LENGTH.match(password):
        failed.append("password.length")
    if not CLASSES.match(password):
        failed.append("password.classes")
    if password.startswith("/"):
        failed.append("password.leading_slash")
    if not CHARSET.match(password):
        failed.append("password.charset")
    return failed


def passwords(n: int) -> List[str]:
    """Half valid api3 Linux passwords, half failing: too short, one class, a
    leading ``/``, characters outside the set (as bench.mjs makes them)."""
    x = 2026
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + SPECIALS

    def next_() -> int:
        nonlocal x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        return x

    out = []
    for i in range(n):
        length = 8 + next_() % 12
        pw = "".join(alphabet[next_() % len(alphabet)] for _ in range(length))
        kind = i % 8
        if kind == 0:
            pw = pw[:5]
        elif kind == 1:
            pw = "abcdefghijkl"[: 8 + i % 5]
        elif kind == 2:
            pw = "/" + pw
        elif kind == 3:
            pw = pw + " é"
        else:
            pw = "Aa1!" + pw
        out.append(pw)
    return out


def measure(measures: Sequence[Tuple[str, Sequence[str], Callable[[str], object]]], rounds: int = 7) -> Dict[str, float]:
    """ns per call of each measure: the best of ``rounds`` interleaved rounds."""
    best: Dict[str, float] = {}
    for round_ in range(-1, rounds):
        for name, items, fn in measures:
            calls, start = 0, time.perf_counter()
            while time.perf_counter() - start < 0.3:
                for item in items:
                    fn(item)
                calls += len(items)
            ns = (time.perf_counter() - start) / calls * 1e9
            if round_ >= 0:  # round -1 warms up
                best[name] = min(best.get(name, ns), ns)
    return best


def main() -> int:
    pws = passwords(1000)
    validator = cvm_rules.Validator(profile="api3", os=["linux"])
    denylist = [f"Leaked{i}Password!" for i in range(10_000)]
    denying = cvm_rules.Validator(profile="api3", os=["linux"], policy={"extends": "api3", "all": {"denylist": denylist}})
    # A wrong answer fast is no answer.
    assert all((not re_password(p)) == validator.check_password(p)["valid"] for p in pws)
    query = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password="
    queries = [query + p.replace("&", "%26").replace("+", "%2B").replace("#", "%23") for p in pws]
    ns = measure([
        ("re: the four patterns", pws, re_password),
        ("Validator.check_password", pws, validator.check_password),
        ("Validator.check_password, 10,000-entry deny-list", pws, denying.check_password),
        ("Validator.check (query)", queries, validator.check),
        ("Validator.check (query), 10,000-entry deny-list", queries, denying.check),
        ("check (query), options each call", queries[:100], lambda q: cvm_rules.check(q, profile="api3", os=["linux"])),
    ])
    for name, value in ns.items():
        print(f"{name:52} {value:8.0f} ns/call")
    ratios = [
        ("check_password / re", ns["Validator.check_password"] / ns["re: the four patterns"], 1.5),
        ("deny-list / none (check_password)", ns["Validator.check_password, 10,000-entry deny-list"] / ns["Validator.check_password"], 1.5),
        ("deny-list / none (check)", ns["Validator.check (query), 10,000-entry deny-list"] / ns["Validator.check (query)"], 1.5),
    ]
    print()
    over = False
    for name, ratio, target in ratios:
        over = over or ratio > target
        print(f"{name:52} {ratio:6.2f}x  (target <= {target}x){'  OVER' if ratio > target else ''}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
