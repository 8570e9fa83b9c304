"""Parity on every row of tests/vectors: the C library (through tests/batch.c)
prints, byte for byte, the JSON the command line prints with `check --batch`.

    python3 tests/vectors.py BATCH_PROGRAM CVM_RULES_BIN [WRAPPER...]

WRAPPER (valgrind and its flags, say) runs the C program. Rows are grouped by
their options (profile, OS, facts); a policy file's denylist_file is read into
the policy, since the bindings take deny-lists inline."""

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def unescape(text: str) -> bytes:
    out = bytearray()
    raw = text.encode()
    i = 0
    while i < len(raw):
        if raw[i : i + 2] == b"\\x" and i + 3 < len(raw):
            out.append(int(raw[i + 2 : i + 4], 16))
            i += 4
        elif raw[i : i + 2] == b"\\\\":
            out.append(ord("\\"))
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def inline_policy(path: Path) -> dict:
    policy = json.loads(path.read_text())
    for block in policy.values():
        if isinstance(block, dict) and "denylist_file" in block:
            entries = (path.parent / block.pop("denylist_file")).read_text().splitlines()
            block["denylist"] = block.get("denylist", []) + [e for e in entries if e.strip()]
    return policy


def main() -> None:
    batch, cli, wrapper = sys.argv[1], sys.argv[2], sys.argv[3:]
    groups = defaultdict(list)
    for path in sorted(VECTORS.glob("*.tsv")):
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            profile, os, facts, request, _ = line.split("\t")
            groups[(profile, os, facts)].append(unescape(request))
    compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for (column, os, facts), requests in groups.items():
            profile, _, extra = column.partition("+")
            options = {"profile": profile}
            flags = ["--profile", profile]
            kind, _, name = extra.partition(":")
            if kind == "rules":
                options["rules"] = name
                flags += ["--rules", name]
            elif kind == "policy":
                options["policy"] = inline_policy(VECTORS / "policies" / name)
                flags += ["--policy", str(VECTORS / "policies" / name)]
            if os != "-":
                options["os"] = os.split(",")
                for family in options["os"]:
                    flags += ["--os", family]
            (tmp / "options.json").write_text(json.dumps(options))
            args = [str(tmp / "options.json")]
            if facts != "-":
                (tmp / "facts.json").write_text(facts)
                args.append(str(tmp / "facts.json"))
                flags += ["--facts", str(tmp / "facts.json")]
            # `check --batch` skips blank lines: a blank request is checked alone.
            alone = [r for r in requests if not r.strip() or b"\n" in r or b"\r" in r]
            for request in alone:
                ours = subprocess.run([*wrapper, batch, "-1", *args], input=request, capture_output=True)
                theirs = subprocess.run([cli, "check", "--format", "json", *flags, "-"], input=request, capture_output=True)
                if ours.returncode != 0 or ours.stdout != theirs.stdout:
                    sys.exit(f"{column} {os} {facts}: request {request!r}:\n  C:   {ours.stdout.decode()}{ours.stderr.decode()}\n  CLI: {theirs.stdout.decode()}")
                compared += 1
            requests = [r for r in requests if r not in alone]
            stdin = b"\n".join(requests) + b"\n"
            ours = subprocess.run([*wrapper, batch, *args], input=stdin, capture_output=True)
            theirs = subprocess.run([cli, "check", "--batch", *flags], input=stdin, capture_output=True)
            if ours.returncode != 0 or theirs.returncode not in (0, 1):
                sys.exit(f"{column} {os}: C exit {ours.returncode}, CLI exit {theirs.returncode}\n{ours.stderr.decode()}{theirs.stderr.decode()}")
            for i, (a, b) in enumerate(zip(ours.stdout.splitlines(), theirs.stdout.splitlines())):
                if a != b:
                    sys.exit(f"{column} {os} {facts}: request {requests[i]!r}:\n  C:   {a.decode()}\n  CLI: {b.decode()}")
            if len(ours.stdout.splitlines()) != len(requests) or len(theirs.stdout.splitlines()) != len(requests):
                sys.exit(f"{column} {os}: {len(requests)} requests, but other counts of answers")
            compared += len(requests)
    if compared < 250:
        sys.exit(f"only {compared} rows compared")
    print(f"vectors: the C library and the command line agree on all {compared} rows")


if __name__ == "__main__":
    main()
