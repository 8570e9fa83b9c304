"""Shared by the tests: the command line the module is held to, and inputs."""

import json
import os
import random
import subprocess
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[3]


def cli_path() -> str:
    """The `cvm-rules` binary: $CVM_RULES_BIN, or the repository's debug build (built when missing)."""
    path = os.environ.get("CVM_RULES_BIN", str(ROOT / "target" / "debug" / "cvm-rules"))
    if not Path(path).exists():
        subprocess.run(["cargo", "build", "--features", "cli"], cwd=ROOT, check=True)
    return path


def cli(args: List[str], stdin: str = "") -> Tuple[int, str, str]:
    run = subprocess.run([cli_path(), *args], input=stdin, capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr


def temp_file(name: str, text: str) -> str:
    folder = tempfile.mkdtemp(prefix="cvm-rules-py-")
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`"
ODD = [" ", '"', "\\", "\t", "é", "中", "😀", "+", "&", "%", "="]
IDS = ["ins-r8hr2upy", "ins-5d8a23rs", "ins-a0c30001", "ins-1122", "INS-R8HR2UPY", ""]


def password(r: random.Random) -> str:
    length = r.choice([0, 6, 7, 8, 11, 12, 15, 16, 17, 29, 30, 31])
    return "".join(r.choice(ODD) if r.random() < 0.05 else r.choice(ALPHABET) for _ in range(length))


def request(r: random.Random) -> str:
    """A request in the query or the JSON form, mostly well formed, on one line."""
    ids = [r.choice(IDS) for _ in range(r.randrange(4))]
    pw: Optional[str] = password(r) if r.random() < 0.9 else None
    user = r.choice(["Administrator", "deploy", "root", "x" * 65]) if r.random() < 0.3 else None
    force = r.choice([True, False]) if r.random() < 0.4 else None
    if r.random() < 0.35:
        body: Dict[str, Any] = {}
        if ids or r.random() < 0.5:
            body["InstanceIds"] = ids
        if pw is not None:
            body["Password"] = pw
        if user is not None:
            body["UserName"] = user
        if force is not None:
            body["ForceStop"] = force
        return json.dumps(body, ensure_ascii=False)
    base = r.choice([0, 1])
    parts = []
    if r.random() > 0.05:
        parts.append("Action=ResetInstancesPassword")
    if r.random() > 0.05:
        parts.append("Version=2017-03-12")
    for i, instance in enumerate(ids):
        parts.append(f"InstanceIds.{base + i}={urllib.parse.quote(instance, safe='')}")
    if pw is not None:
        parts.append("Password=" + (pw if r.random() < 0.1 else urllib.parse.quote(pw, safe="")))
    if user is not None:
        parts.append("UserName=" + urllib.parse.quote(user, safe=""))
    if force is not None:
        parts.append("ForceStop=" + ("TRUE" if force else "FALSE"))
    text = "&".join(parts)
    return text if text.strip() else "Action=ResetInstancesPassword"
