"""Checks per second: `cvm_rules.check` beside a plain-Python `re` implementation
of the same password rules (legacy-2017, OS unknown: the Windows rules), on the 16
passwords of the crate's benchmark group (b), 5 valid and 11 failing.

    python bindings/python/bench.py            (after pip install ./bindings/python)

The `re` version answers valid/invalid with a bit mask of failed rules, as the
crate's Rust baseline does; `cvm_rules.check` reads a whole request, validates it
and returns the CLI's JSON object with every diagnostic and message as dicts.
"""

import json
import re
import time
import urllib.parse

import cvm_rules

MIX = [
    "abc123ABC!@#xyz9", "Passw0rd!Abc", "ABC123!@#$%^&*", "correcthorse9X", "Tr0ub4dor&3xYz",
    "abc123", "abc123ABC!@#xyz99", "abcdefghijklmn", "abcdefgh12345", "/abc123ABC!@#x",
    "abc 123ABC!@#x", "abc123ABC!@#é1", "abc123ABC!@#`1", 'abc123ABC"!@#', "abc123ABC\\!@#\t",
    "密码Ab1!密码密码",
]
SPECIALS = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/"
LOWER, UPPER, DIGIT = re.compile("[a-z]"), re.compile("[A-Z]"), re.compile("[0-9]")
SPECIAL = re.compile("[" + re.escape(SPECIALS) + "]")
ALPHABET = re.compile("^[a-zA-Z0-9" + re.escape(SPECIALS) + "]*$")


def re_check(password: str) -> int:
    """The failed rules of the Windows policy of legacy-2017, as bits."""
    failed = 0
    if not 12 <= len(password) <= 16:
        failed |= 1
    classes = sum(bool(r.search(password)) for r in (LOWER, UPPER, DIGIT, SPECIAL))
    if classes < 3:
        failed |= 2
    if password.startswith("/"):
        failed |= 4
    if not ALPHABET.match(password):
        failed |= 8
    return failed


def re_request(query: str) -> int:
    """The same rules on a query request's password, read with `urllib.parse`."""
    fields = urllib.parse.parse_qs(query, keep_blank_values=True)
    return re_check(fields["Password"][0])


def rate(fn, inputs, seconds: float = 2.0) -> float:
    """Calls per second of `fn` over `inputs`, for about `seconds`."""
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in inputs:
            fn(item)
        calls += len(inputs)
    return calls / (time.perf_counter() - start)


def main() -> None:
    head = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password="
    queries = [head + urllib.parse.quote(p, safe="") for p in MIX]
    expected = [re_check(p) == 0 for p in MIX]
    assert [cvm_rules.check(q)["valid"] for q in queries] == expected
    assert expected.count(True) == 5
    assert [re_request(q) == 0 for q in queries] == expected
    rows = [
        ("re: password rules only", rate(re_check, MIX)),
        ("re: the same, query request read by urllib.parse", rate(re_request, queries)),
        ("cvm_rules.check: query request, JSON result", rate(cvm_rules.check, queries)),
        ("cvm_rules.explain(password=...): the checklist", rate(lambda p: cvm_rules.explain(password=p), MIX)),
    ]
    for name, per_second in rows:
        print(f"{name:50} {per_second:12,.0f} /s")
    print(json.dumps({name: round(per_second) for name, per_second in rows}))


if __name__ == "__main__":
    main()
