"""Hostile values, one per case; run by test_hostile.py, each case in a process
of its own (``python tests/hostile_cases.py NAME``), so that a crash of the
interpreter cannot go unseen or spill into the next case.

A case calls the package with its value, then makes 2,000 good calls that must
give the answers computed before it. It prints one line of JSON:
``{"outcome": "result" | "TypeError" | "OptionsError" | other, "good": n}``.
Cases named ``thread:`` run in a thread with a 256 KiB stack.
"""

import json
import sys
import threading
from typing import Any, Callable, Dict, List, Tuple

import cvm_rules

SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE"
SECRET = "Hunter2Secret!"


def deep(depth: int, list_: bool = False) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = [value] if list_ else {"a": value}
    return value


def cyclic() -> Dict[str, Any]:
    value: Dict[str, Any] = {"Response": {"InstanceSet": []}}
    value["Response"]["InstanceSet"].append(value)
    value["self"] = value
    return value


def shared_twice(levels: int) -> List[Any]:
    value: List[Any] = [1]
    for _ in range(levels):
        value = [value, value]
    return value


class Evil:
    """An object whose every hook raises with the secret."""

    def __str__(self) -> str:
        raise RuntimeError(SECRET)

    __repr__ = __str__

    def __iter__(self) -> Any:
        raise RuntimeError(SECRET)

    def __len__(self) -> int:
        raise RuntimeError(SECRET)

    def __index__(self) -> int:
        raise RuntimeError(SECRET)


class EvilStr(str):
    def encode(self, *args: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        raise RuntimeError(SECRET)

    def __getitem__(self, key: Any) -> str:  # type: ignore[override]
        raise RuntimeError(SECRET)


class EvilDict(dict):  # type: ignore[type-arg]
    def items(self) -> Any:  # type: ignore[override]
        raise RuntimeError(SECRET)

    def keys(self) -> Any:  # type: ignore[override]
        raise RuntimeError(SECRET)


class EvilInt(int):
    def __lt__(self, other: Any) -> bool:
        raise RuntimeError(SECRET)


def validator() -> cvm_rules.Validator:
    return cvm_rules.Validator(profile="api3", os=["linux"])


CASES: Dict[str, Callable[[], Any]] = {
    "facts: a dict 10,000 levels deep": lambda: cvm_rules.check(SEED, facts=deep(10_000)),
    "facts: a dict 129 levels deep": lambda: cvm_rules.check(SEED, facts=deep(129)),
    "facts: a list 10,000 levels deep": lambda: cvm_rules.check(SEED, facts=deep(10_000, list_=True)),
    "facts: JSON text 100,000 levels deep": lambda: cvm_rules.check(SEED, facts="[" * 100_000 + "]" * 100_000),
    "facts: a cyclic dict": lambda: cvm_rules.check(SEED, facts=cyclic()),
    "facts: 2^80 values by shared references": lambda: cvm_rules.check(SEED, facts=shared_twice(80)),
    "facts per call: a cyclic dict": lambda: validator().check(SEED, facts=cyclic()),
    "policy: a dict 10,000 levels deep": lambda: cvm_rules.explain(policy=deep(10_000)),
    "policy: a cyclic dict": lambda: cvm_rules.Validator(policy=cyclic()),
    "policy: a dict subclass whose items raise": lambda: cvm_rules.explain(policy=EvilDict(extends="api3")),
    "policy: 5,000,000 deny-list entries": lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"denylist": [f"entry-{i}-padding-padding" for i in range(5_000_000)]}}),
    "policy: nan": lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"max_repeat": float("nan")}}),
    "policy: an int of 10,000 digits": lambda: cvm_rules.explain(policy={"extends": "api3", "all": {"max_repeat": 10**10_000}}),
    "os: a list 10,000 levels deep": lambda: cvm_rules.explain(os=deep(10_000, list_=True)),
    "os: an object that raises": lambda: cvm_rules.explain(os=Evil()),  # type: ignore[arg-type]
    "input: an int": lambda: cvm_rules.check(123),  # type: ignore[arg-type]
    "input: a dict": lambda: cvm_rules.check({}),  # type: ignore[arg-type]
    "input: None": lambda: cvm_rules.check(None),  # type: ignore[arg-type]
    "input: an object that raises": lambda: cvm_rules.check(Evil()),  # type: ignore[arg-type]
    "input: a str subclass that raises": lambda: cvm_rules.check(EvilStr(SEED + "\ud800")),
    "input: bytes": lambda: cvm_rules.check(SEED.encode()),
    "input: a bytearray": lambda: cvm_rules.check(bytearray(SEED.encode())),
    "input: a memoryview": lambda: cvm_rules.check(memoryview(SEED.encode())),  # type: ignore[arg-type]
    "input: 64 MB": lambda: cvm_rules.check("a" * (64 << 20)),
    "input: 32 MB of non-ASCII": lambda: cvm_rules.check("密" * (32 << 20)),
    "input: 64 MB of bytes": lambda: cvm_rules.check(b"&" * (64 << 20)),
    "input: lone surrogates": lambda: cvm_rules.check(SEED + "\ud800&Password=\udfff\ud800abc"),
    "input: invalid UTF-8": lambda: cvm_rules.check(b"Password=\xff\xfe" + SEED.encode()),
    "input: 100,000 instance ids": lambda: cvm_rules.check("&".join(f"InstanceIds.{i}=ins-r8hr2upy" for i in range(100_000))),
    "password: 64 MB": lambda: validator().check_password("x" * (64 << 20)),
    "password: lone surrogates": lambda: validator().check_password("\ud800Abc123!xyz\udfff"),
    "password: an int": lambda: validator().check_password(12345678),  # type: ignore[arg-type]
    "password: an object that raises": lambda: validator().check_password(Evil()),  # type: ignore[arg-type]
    "user_name: 64 MB": lambda: validator().check_password("Abc123!xyz", user_name="u" * (64 << 20)),
    "explain: a password with a lone surrogate": lambda: cvm_rules.explain(password="Hunter2Secret\ud800"),
    "explain: length -1": lambda: cvm_rules.explain(length=-1),
    "explain: length 10**100": lambda: cvm_rules.explain(length=10**100),
    "explain: length an int subclass that raises": lambda: cvm_rules.explain(length=EvilInt(-5)),
    "explain: length an object that raises": lambda: cvm_rules.explain(length=Evil()),  # type: ignore[arg-type]
    "generate: count 10**9": lambda: cvm_rules.generate(count=10**9),
    "generate: length 2**70": lambda: validator().generate(length=2**70),
    "profile: lone surrogates": lambda: cvm_rules.check(SEED, profile="\ud800"),  # type: ignore[arg-type]
    "profile: bytes": lambda: cvm_rules.check(SEED, profile=b"api3"),  # type: ignore[arg-type]
    "lang: an object that raises": lambda: cvm_rules.check(SEED, lang=Evil()),  # type: ignore[arg-type]
    "negotiate_language: an int": lambda: cvm_rules.negotiate_language(5),  # type: ignore[arg-type]
    "thread: facts 500 levels deep": lambda: cvm_rules.check(SEED, facts=deep(500)),
    "thread: facts 128 levels deep": lambda: cvm_rules.check(SEED, facts=deep(128)),
    "thread: policy 500 levels deep": lambda: cvm_rules.explain(policy=deep(500)),
    "thread: a cyclic policy": lambda: cvm_rules.explain(policy=cyclic()),
    "thread: facts JSON text 127 levels deep": lambda: cvm_rules.check(SEED, facts="[" * 127 + "]" * 127),
}


def good_calls() -> List[Tuple[Callable[[], Any], Any]]:
    v = validator()
    calls: List[Callable[[], Any]] = [
        lambda: cvm_rules.check(SEED),
        lambda: cvm_rules.check(SEED, os=["linux"], lang="zh-CN"),
        lambda: v.check_password("abc"),
        lambda: v.check_password("Abc123!xyz"),
        lambda: cvm_rules.explain(os=["windows"], password="abc12345"),
    ]
    return [(call, call()) for call in calls]


def run(name: str) -> Dict[str, Any]:
    good = good_calls()
    try:
        CASES[name]()
        outcome = "result"
    except cvm_rules.OptionsError:
        outcome = "OptionsError"
    except TypeError:
        outcome = "TypeError"
    except BaseException as error:  # noqa: BLE001 - any other is the failure to report
        outcome = f"{type(error).__name__}"
    answered = 0
    for i in range(2000):
        call, expected = good[i % len(good)]
        try:
            answered += call() == expected
        except Exception:  # noqa: BLE001 - not answered
            pass
    return {"outcome": outcome, "good": answered}


if __name__ == "__main__":
    name = sys.argv[1]
    if name.startswith("thread:"):
        threading.stack_size(256 * 1024)
        result: Dict[str, Any] = {}
        thread = threading.Thread(target=lambda: result.update(run(name)))
        thread.start()
        thread.join()
    else:
        result = run(name)
    print(json.dumps(result))
