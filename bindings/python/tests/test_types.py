"""The types tell the truth: ``mypy --strict`` over the README's examples (as
users write them), and over lines that must not type-check (their ``# type:
ignore[...]`` comments fail ``--strict`` when mypy finds no error there)."""

import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
WRONG = '''
import cvm_rules
from cvm_rules import CheckResult, Diagnostic, PasswordResult

v = cvm_rules.Validator(profile="api3", os=["linux", "windows"], lang="zh-CN")
r: PasswordResult = v.check_password("abc")
d: Diagnostic = r["diagnostics"][0]
c: CheckResult = cvm_rules.check(b"Password=abc", profile="legacy-2017")
n: int = cvm_rules.explain()["entropy"]["length"] + len(cvm_rules.generate(count=2)["passwords"])
cvm_rules.Validator(profile="api4")  # type: ignore[arg-type]
cvm_rules.check("", os=["macos"])  # type: ignore[list-item]
cvm_rules.explain(lang="fr")  # type: ignore[arg-type]
cvm_rules.generate(rules="api3-strict")  # type: ignore[arg-type]
cvm_rules.Validator(password="x")  # type: ignore[call-arg]
v.check_password(12345678)  # type: ignore[arg-type]
s: int = d["severity"]  # type: ignore[assignment]
'''


def test_mypy_strict_over_the_readme_examples_and_the_wrong_lines(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("mypy")
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    files = []
    for i, block in enumerate(blocks):
        path = tmp_path / f"readme_{i}.py"
        path.write_text(block, encoding="utf-8")
        files.append(str(path))
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG, encoding="utf-8")
    files.append(str(wrong))
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
