"""The host misbehaving (SPEC section 18, "The host can misbehave too"), one case
per name; run by test_host.py, each case in a process of its own (``python
tests/host_cases.py NAME``), so that a crash of the interpreter cannot go unseen
or spill into the next case.

A case raises when the package answers wrongly. Then 1,000 good calls must give
the answers computed before it. It prints one line of JSON: ``{"error": null |
"what went wrong", "good": n}``.

- ``stack …``: every function and method, deep ``facts`` and ``policy``
  included, in a thread whose stack is that small (32 KiB is the least CPython
  allows), each answer equal to the main thread's;
- ``bounds: …``: the sizes JavaScript refuses (64 MiB of options) are refused,
  and a password, user name or request is read only up to the read cap: the
  peak memory the call adds stays far below the size of its input;
- ``lies: …``: subclasses of ``str``, ``bytes``, ``bytearray``, ``dict``,
  ``list`` and ``int`` whose methods lie are read for what they hold;
- ``errors: …``: what an error names.
"""

import json
import resource
import sys
import threading
from typing import Any, Callable, Dict, List, Tuple

import cvm_rules

SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE"
SECRET = "Hunter2Secret!"
FACTS = {"Response": {"TotalCount": 1, "InstanceSet": [{"InstanceId": "ins-r8hr2upy", "OsName": "Ubuntu Server 22.04 LTS 64bit", "InstanceState": "RUNNING"}]}}
POLICY = {"extends": "api3", "all": {"length": {"min": 10}, "max_repeat": 2, "denylist": ["Summer2024!Summer"]}, "windows": {"classes": {"required": 4}}}


class Wrong(Exception):
    """The package answered wrongly."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise Wrong(what)


def deep(depth: int, inner: Any = 1) -> Any:
    value = inner
    for _ in range(depth):
        value = {"a": value}
    return value


def typed(call: Callable[[], Any], kind: type, what: str, contains: str = "") -> str:
    try:
        call()
    except kind as error:
        message = str(error)
        expect(contains in message, f"{what}: the message is {message!r}")
        expect(SECRET not in message and SECRET not in repr(error.args), f"{what}: the secret in the error")
        return message
    except BaseException as error:  # noqa: BLE001 - any other is the failure
        raise Wrong(f"{what}: {type(error).__name__} instead of {kind.__name__}") from None
    raise Wrong(f"{what}: no error")


def every_call() -> List[Tuple[str, Callable[[], Any]]]:
    """Every function and method, with answers or typed errors, deep values included."""
    # Facts with an unknown value nested 120 levels deep (under the library's 128).
    deep_facts = {"Response": {**FACTS["Response"], "Extra": deep(120)}}
    v = cvm_rules.Validator(profile="api3", os=["linux", "windows"], facts=FACTS, lang="zh-CN", policy=POLICY)

    def outcome(call: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            try:
                return call()
            except (TypeError, cvm_rules.OptionsError) as error:
                return f"{type(error).__name__}: {error}"
        return run

    calls: List[Tuple[str, Callable[[], Any]]] = [
        ("Validator()", lambda: repr(cvm_rules.Validator())),
        ("Validator(…)", lambda: repr(cvm_rules.Validator(profile="api3", os=["linux"], facts=deep_facts, policy=POLICY))),
        ("Validator(policy 130 levels)", lambda: cvm_rules.Validator(policy=deep(130))),
        ("Validator(policy text 127 levels)", lambda: cvm_rules.Validator(policy="[" * 127 + "]" * 127)),
        ("Validator(profile='api4')", lambda: cvm_rules.Validator(profile="api4")),
        ("Validator(facts=42)", lambda: cvm_rules.Validator(facts=42)),  # type: ignore[arg-type]
        ("Validator.check", lambda: v.check(SEED)),
        ("Validator.check(bytes)", lambda: v.check(SEED.encode())),
        ("Validator.check(facts deep)", lambda: v.check(SEED, facts=deep_facts)),
        ("Validator.check(facts 129 levels)", lambda: v.check(SEED, facts=deep(129))),
        ("Validator.check(facts text 127 levels)", lambda: v.check(SEED, facts="[" * 127 + "]" * 127)),
        ("Validator.check_password", lambda: v.check_password("abc")),
        ("Validator.check_password(user_name)", lambda: v.check_password("Abc123!xyz", user_name="root")),
        ("Validator.explain", lambda: v.explain()),
        ("Validator.explain(password)", lambda: v.explain(password="abc12345", user_name="root", length=20)),
        ("Validator.generate", lambda: len(v.generate(count=3, length=20)["passwords"])),
        ("Validator.generate(length=2)", lambda: v.generate(length=2)),
        ("check", lambda: cvm_rules.check(SEED, os=["linux"], facts=deep_facts, policy=POLICY)),
        ("explain", lambda: cvm_rules.explain(password="abc", os=["windows"], policy=POLICY)),
        ("generate", lambda: len(cvm_rules.generate(count=2, os=["linux"], policy=POLICY)["passwords"])),
        ("negotiate_language", lambda: cvm_rules.negotiate_language("zh-CN,zh;q=0.9")),
        ("a wrong type", lambda: cvm_rules.check(SEED, os="linux")),  # type: ignore[arg-type]
    ]
    return [(name, outcome(call)) for name, call in calls]


def in_thread(stack: int, work: Callable[[], Any]) -> Any:
    threading.stack_size(stack)
    result: Dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:  # noqa: BLE001 - reported below
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    threading.stack_size(0)
    if "error" in result:
        raise result["error"]
    return result["value"]


def small_stack(kib: int) -> Callable[[], None]:
    def case() -> None:
        calls = every_call()
        expected = [call() for _, call in calls]
        answers = in_thread(kib * 1024, lambda: [call() for _, call in calls])
        for (name, _), answer, want in zip(calls, answers, expected):
            expect(answer == want, f"{name} in a thread of {kib} KiB: {str(answer)[:200]} instead of {str(want)[:200]}")
    return case


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bounded(make: Callable[[], Any], call: Callable[[Any], Any], check: Callable[[Any], None], most_mib: float = 64) -> Callable[[], None]:
    """`call(make())` adds at most `most_mib` to the peak memory the input itself took."""
    def case() -> None:
        value = make()
        before = peak_mib()
        try:
            answer: Any = call(value)
        except (TypeError, cvm_rules.OptionsError) as error:
            answer = error
        added = peak_mib() - before
        expect(added < most_mib, f"the call added {added:.0f} MiB to the peak memory")
        check(answer)
    return case


def too_large(answer: Any) -> None:
    expect(isinstance(answer, cvm_rules.OptionsError), f"{answer!r} is not an OptionsError")
    expect(str(answer) == "the options are larger than 67108864 bytes of JSON (facts and policy included)", str(answer))


def too_long(rule: str) -> Callable[[Any], None]:
    def check(answer: Any) -> None:
        expect(isinstance(answer, dict), f"{answer!r} is not an answer")
        expect(any(d["rule"] == rule for d in answer.get("diagnostics", answer.get("requirements", []))), f"no {rule}")
    return check


def explained_too_long(answer: Any) -> None:
    expect(isinstance(answer, dict) and answer["all_met"] is False, f"{str(answer)[:200]}")
    length = next(r for r in answer["requirements"] if r["rule"] == "password.length")
    expect(length["met"] is False, "the length requirement is met")


class LyingStr(str):
    def __len__(self) -> int:
        return 2

    def __getitem__(self, key: Any) -> str:  # type: ignore[override]
        return "x"

    def __str__(self) -> str:
        return "lies"

    def encode(self, *args: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        return b"lies"


class HugeStr(str):
    def __len__(self) -> int:
        return 10**12


class LyingBytes(bytes):
    def __len__(self) -> int:
        return 2

    def __getitem__(self, key: Any) -> Any:
        return b"x"

    def __bytes__(self) -> bytes:
        return b"lies"


class LyingByteArray(bytearray):
    def __len__(self) -> int:
        return 10**12

    def __getitem__(self, key: Any) -> Any:
        return bytearray(b"x")


class LyingDict(dict):  # type: ignore[type-arg]
    def items(self) -> Any:  # type: ignore[override]
        return [("extends", "login-settings")]

    def keys(self) -> Any:  # type: ignore[override]
        return ["extends"]

    def __iter__(self) -> Any:
        return iter(["extends"])

    def __getitem__(self, key: Any) -> Any:
        return "login-settings"

    def __len__(self) -> int:
        return 0


class LyingList(list):  # type: ignore[type-arg]
    def __iter__(self) -> Any:
        return iter(["windows"])

    def __len__(self) -> int:
        return 0

    def __getitem__(self, key: Any) -> Any:
        return "windows"


class LyingInt(int):
    def __index__(self) -> int:
        return 99

    def __int__(self) -> int:
        return 99


def same(actual: Any, expected: Any, what: str) -> None:
    expect(actual == expected, f"{what}: {str(actual)[:200]} instead of {str(expected)[:200]}")


def v() -> cvm_rules.Validator:
    return cvm_rules.Validator(profile="api3", os=["linux"])


def lies_policy() -> None:
    real = {"extends": "api3", "all": {"max_repeat": 2}}
    same(cvm_rules.explain(policy=LyingDict(real)), cvm_rules.explain(policy=real), "policy")


CASES: Dict[str, Callable[[], None]] = {
    **{f"stack {kib} KiB: every function and method, deep facts and policies included": small_stack(kib) for kib in (32, 48, 76, 128)},
    "bounds: a policy with a 100 MB deny-list entry": bounded(
        lambda: {"extends": "api3", "all": {"denylist": ["x" * 100_000_000]}}, lambda p: cvm_rules.explain(policy=p), too_large),
    "bounds: a policy with 1,000 entries of 100 KB": bounded(
        lambda: {"extends": "api3", "all": {"denylist": ["y" * 100_000 + str(i) for i in range(1000)]}}, lambda p: cvm_rules.Validator(policy=p), too_large, most_mib=160),
    "bounds: policy text of 100 MB": bounded(lambda: '{"extends": "api3"}' + " " * 100_000_000, lambda p: cvm_rules.explain(policy=p), too_large),
    "bounds: facts text of 100 MB": bounded(lambda: " " * 100_000_000, lambda f: v().check(SEED, facts=f), too_large),
    "bounds: a profile of 100 MB": bounded(lambda: "p" * 100_000_000, lambda p: cvm_rules.check(SEED, profile=p), too_large),
    "bounds: explain with a password of 10**8 '密'": bounded(lambda: "密" * 10**8, lambda p: cvm_rules.explain(password=p), explained_too_long),
    "bounds: check_password with 10**8 characters": bounded(lambda: "密" * 10**8, lambda p: v().check_password(p), too_long("password.length")),
    "bounds: a user name of 10**8 characters": bounded(
        lambda: "u" * 10**8, lambda u: v().check_password("Abc123!xyz", user_name=u),
        lambda answer: same(answer, v().check_password("Abc123!xyz", user_name="u" * (1 << 21)), "check_password")),
    "bounds: a request of 10**8 characters": bounded(lambda: "a" * 10**8, lambda r: cvm_rules.check(r), too_long("input.too_large")),
    "bounds: a request of 10**8 bytes": bounded(lambda: b"&" * 10**8, lambda r: cvm_rules.check(r), too_long("input.too_large")),
    "bounds: a request of 10**8 bytes in a bytearray": bounded(lambda: bytearray(10**8), lambda r: cvm_rules.check(r), too_long("input.too_large")),
    "lies: a str subclass whose __len__, __getitem__, __str__ and encode lie": lambda: (
        same(v().check_password(LyingStr("abc123ABC!x")), v().check_password("abc123ABC!x"), "check_password"),
        same(cvm_rules.check(LyingStr(SEED)), cvm_rules.check(SEED), "check"),
    ),
    "lies: a str subclass that says it is 10**12 long": lambda: same(
        v().check_password(HugeStr("abc")), v().check_password("abc"), "check_password"),
    "lies: a bytes subclass": lambda: same(cvm_rules.check(LyingBytes(SEED.encode())), cvm_rules.check(SEED), "check"),
    "lies: a bytearray subclass": lambda: same(cvm_rules.check(LyingByteArray(SEED.encode())), cvm_rules.check(SEED), "check"),
    "lies: a dict subclass as the policy": lies_policy,
    "lies: a list subclass as os": lambda: same(
        cvm_rules.explain(os=LyingList(["linux"])), cvm_rules.explain(os=["linux"]), "explain"),
    "lies: an int subclass as the length": lambda: same(
        cvm_rules.explain(length=LyingInt(20)), cvm_rules.explain(length=20), "explain"),
    "lies: a low recursion limit": lambda: (
        sys.setrecursionlimit(60),
        same(cvm_rules.check(SEED, facts={"Response": {**FACTS["Response"], "Extra": deep(100)}}), cvm_rules.check(SEED, facts=FACTS), "check"),
        sys.setrecursionlimit(1000),
    ),
    "errors: an int past 64 bits in a policy names its key": lambda: (
        typed(lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"max_repeat": 2**70}}), cvm_rules.OptionsError, "explain",
              "all.max_repeat must be a whole number from 1 to 4294967295"),
        typed(lambda: cvm_rules.Validator(policy={"extends": "api3", "windows": {"length": {"min": -(2**70)}}}), cvm_rules.OptionsError, "Validator",
              "windows.length.min must be a whole number from 0 to 4294967295"),
        typed(lambda: cvm_rules.explain(policy={"extends": "api3", "linux": {"max_repeat": 2.5}}), cvm_rules.OptionsError, "explain",
              "linux.max_repeat must be a whole number"),
    ),
    "errors: a key of 100 characters is cut to 64": lambda: typed(
        lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"k" * 100: 1}}), cvm_rules.OptionsError, "explain",
        f"unknown field `{'k' * 64}…`"),
    "errors: facts or policy of the wrong type is a TypeError": lambda: (
        typed(lambda: cvm_rules.Validator(facts=42), TypeError, "facts"),  # type: ignore[arg-type]
        typed(lambda: cvm_rules.Validator(policy=True), TypeError, "policy"),  # type: ignore[arg-type]
    ),
}


def good_calls() -> List[Tuple[Callable[[], Any], Any]]:
    validator = v()
    calls: List[Callable[[], Any]] = [
        lambda: cvm_rules.check(SEED),
        lambda: cvm_rules.check(SEED.encode(), os=["linux"], lang="zh-CN"),
        lambda: validator.check_password("abc"),
        lambda: validator.check_password("Abc123!xyz"),
        lambda: cvm_rules.explain(os=["windows"], password="abc12345"),
        lambda: len(validator.generate(length=20)["passwords"][0]),
    ]
    return [(call, call()) for call in calls]


if __name__ == "__main__":
    good = good_calls()
    error = None
    try:
        CASES[sys.argv[1]]()
    except BaseException as e:  # noqa: BLE001 - reported
        error = f"{type(e).__name__}: {e}"
    answered = 0
    for i in range(1000):
        call, expected = good[i % len(good)]
        try:
            answered += call() == expected
        except Exception:  # noqa: BLE001 - not answered
            pass
    print(json.dumps({"error": error, "good": answered}))
