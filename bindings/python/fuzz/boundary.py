"""The Python boundary, fuzzed with atheris (fuzz/README.md):

    python bindings/python/fuzz/boundary.py -max_total_time=30 [CORPUS...]

Each input builds odd Python values from its bytes (nested and shared dicts,
lists and tuples, str with lone surrogates, huge and negative ints, nan, bytes,
sets, objects whose every hook raises) and passes them, with a sentinel
password, to every function and method in every parameter. Oracles: every call
returns a dict or raises ``TypeError`` or ``cvm_rules.OptionsError`` (anything
else, or a crash of the interpreter, is a finding); no error's text, ``args`` or
chained error holds the sentinel; a result of a call that was given the sentinel
as its password or request holds it nowhere. The native code is not
instrumented (it is fuzzed by cargo-fuzz): atheris guides by the Python side's
coverage and the values' shapes.

The host misbehaves too: the request and the password come now and then as
subclasses of ``str`` and ``bytes`` whose ``__len__``, ``__getitem__``,
``__str__`` and ``encode`` lie (the answer must be the plain value's), and some
inputs make every call from a thread with a 32 KiB stack, the least CPython
allows. (The random source is the OS's, which Python code cannot replace.)
"""

import json
import pathlib
import sys
from typing import Any, Callable, Dict, List

import atheris

with atheris.instrument_imports():
    import cvm_rules

# The lying str and bytes, and the small-stack thread, of the host tests.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
from host_cases import LyingBytes, LyingStr, in_thread  # noqa: E402

SENTINEL = "Zq9Sentinel!Pw"
SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password="


class Raising:
    def __str__(self) -> str:
        raise RuntimeError(SENTINEL)

    __repr__ = __str__

    def __iter__(self) -> Any:
        raise RuntimeError(SENTINEL)

    def __index__(self) -> int:
        raise RuntimeError(SENTINEL)

    def __len__(self) -> int:
        raise RuntimeError(SENTINEL)


class StrSub(str):
    def encode(self, *a: Any, **k: Any) -> bytes:  # type: ignore[override]
        raise RuntimeError(SENTINEL)


class DictSub(dict):  # type: ignore[type-arg]
    def items(self) -> Any:  # type: ignore[override]
        raise RuntimeError(SENTINEL)


WORDS = ["legacy-2017", "api3", "login-settings", "linux", "ubuntu", "windows", "en", "zh-CN", "extends", "all",
         "denylist", "length", "min", "max", "classes", "required", "max_repeat", "InstanceSet", "Response",
         "InstanceId", "OsName", "InstanceState", "RUNNING", "STOPPED", "ins-r8hr2upy", SENTINEL, "TotalCount"]


@atheris.instrument_func
def value(fdp: atheris.FuzzedDataProvider, depth: int) -> Any:
    kind = fdp.ConsumeIntInRange(0, 17)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeIntInRange(-(2**70), 2**70)
    if kind == 3:
        return fdp.PickValueInList([float("nan"), float("inf"), -0.0, 1e308, 16.0, 0.5])
    if kind == 4:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))
    if kind == 5:
        return fdp.PickValueInList(WORDS)
    if kind == 6:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 40))
    if kind == 7:
        return "\ud800" + fdp.PickValueInList(WORDS) + "\udfff"
    if kind == 8:
        return Raising()
    if kind == 9:
        return StrSub(fdp.PickValueInList(WORDS))
    if kind == 10:
        return {fdp.PickValueInList(WORDS), fdp.ConsumeIntInRange(0, 9)}
    if kind == 11:
        # Deep, by a loop: deeper than the library's limit of 128, or just under.
        inner: Any = fdp.PickValueInList(WORDS)
        for _ in range(fdp.PickValueInList([127, 128, 129, 500, 5000])):
            inner = [inner] if fdp.ConsumeBool() else {"a": inner}
        return inner
    if kind == 12:
        # Shared: 2^n values in a small object.
        shared: Any = [1]
        # Past 2^25 values the walk stops at the size bound (64 MiB): a slow
        # input, so a rare one.
        levels = 90 if fdp.ConsumeIntInRange(0, 15) == 0 else fdp.ConsumeIntInRange(1, 12)
        for _ in range(levels):
            shared = [shared, shared]
        return shared
    if kind == 13:
        cyclic: Any = {"Response": {"InstanceSet": []}}
        cyclic["Response"]["InstanceSet"].append(cyclic)
        return cyclic
    if depth > 4:
        return fdp.PickValueInList(WORDS)
    if kind == 14:
        return [value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 15:
        return tuple(value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3)))
    if kind == 16:
        return DictSub({fdp.PickValueInList(WORDS): value(fdp, depth + 1)})
    return {fdp.PickValueInList(WORDS + [1, None]): value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))}


@atheris.instrument_func
def clean(text: str) -> bool:
    return SENTINEL not in text


@atheris.instrument_func
def check_error(error: BaseException) -> None:
    texts = [str(error), repr(error), repr(error.args)]
    for chained in (error.__cause__, error.__context__):
        if chained is not None:
            texts.append(repr(chained))
    for text in texts:
        if not clean(text):
            raise AssertionError(f"an error holds the sentinel: {type(error).__name__}")


@atheris.instrument_func
def call(fn: Callable[[], Any], holds_secret: bool) -> None:
    try:
        result = fn()
    except (TypeError, cvm_rules.OptionsError) as error:
        check_error(error)
        return
    if not isinstance(result, dict):
        raise AssertionError(f"not a dict: {type(result).__name__}")
    if holds_secret and not clean(json.dumps(result, ensure_ascii=False, default=str)):
        raise AssertionError("a result holds the password")


@atheris.instrument_func
def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeIntInRange(0, 7) == 0:
        in_thread(32 * 1024, lambda: calls(fdp))
    else:
        calls(fdp)


@atheris.instrument_func
def calls(fdp: atheris.FuzzedDataProvider) -> None:
    options = {}
    for key in ["profile", "rules", "os", "facts", "lang", "policy"]:
        if fdp.ConsumeBool():
            options[key] = value(fdp, 0)
    odd = value(fdp, 0)
    password = SENTINEL if fdp.ConsumeBool() else odd
    module_calls: List[Callable[[], Any]] = [
        lambda: cvm_rules.check(SEED + SENTINEL, **options),
        lambda: cvm_rules.explain(password=password, **{k: v for k, v in options.items() if k != "facts"}),
        lambda: cvm_rules.generate(length=odd, **{k: v for k, v in options.items() if k not in ("facts", "lang")}),
    ]
    for fn in module_calls:
        call(fn, True)
    if fdp.ConsumeBool():
        # Lying subclasses are read for what they hold.
        request = SEED + SENTINEL
        if cvm_rules.check(LyingStr(request)) != cvm_rules.check(request):
            raise AssertionError("a lying str: not the plain str's answer")
        if cvm_rules.check(LyingBytes(request.encode())) != cvm_rules.check(request):
            raise AssertionError("a lying bytes: not the plain bytes' answer")
        plain = cvm_rules.Validator()
        if plain.check_password(LyingStr(SENTINEL)) != plain.check_password(SENTINEL):
            raise AssertionError("a lying str password: not the plain str's answer")
    try:
        validator = cvm_rules.Validator(**options)
    except (TypeError, cvm_rules.OptionsError) as error:
        check_error(error)
        validator = cvm_rules.Validator()
    call(lambda: validator.check(odd), False)
    call(lambda: validator.check(SEED + SENTINEL, facts=odd), True)
    call(lambda: validator.check_password(password, user_name=value(fdp, 0)), password == SENTINEL)
    call(lambda: validator.explain(password=password, length=odd), password == SENTINEL)
    call(lambda: validator.generate(count=odd if fdp.ConsumeBool() else 1, length=value(fdp, 0)), False)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
