"""Writes the benchmark's inputs, one request a line: the 1,000 api3 queries of
bindings/wasm/bench.mjs and the Go benchmark (half valid passwords, half too
short, of one class, starting with / or holding characters outside the set; one
or two instance ids), from the same xorshift32 sequence."""

import sys
from urllib.parse import quote

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"


def xorshift(seed):
    x = seed
    while True:
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        yield x


def passwords(n):
    draw = xorshift(2026)
    out = []
    for i in range(n):
        length = 8 + next(draw) % 12
        pw = "".join(ALPHABET[next(draw) % len(ALPHABET)] for _ in range(length))
        out.append([pw[:5], "abcdefghijkl"[: 8 + i % 5], "/" + pw, pw + " é"][i % 8] if i % 8 < 4 else "Aa1!" + pw)
    return out


for i, pw in enumerate(passwords(1000)):
    second = "&InstanceIds.1=ins-5d8a23rs" if i % 3 else ""
    sys.stdout.write(
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy"
        + second + "&Password=" + quote(pw, safe="-_.!~*'()") + "&ForceStop=TRUE\n"
    )
