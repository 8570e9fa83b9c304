"""The host misbehaving (SPEC section 18): every case of host_cases.py (small
stacks, size bounds, lying subclasses, what errors name), each in a process of
its own, ends with no crash or wrong answer, and then 1,000 good calls in the
same process give the reference answers."""

import json
import pathlib
import subprocess
import sys

import pytest

from host_cases import CASES

SCRIPT = pathlib.Path(__file__).with_name("host_cases.py")


@pytest.mark.parametrize("name", list(CASES))
def test_host(name: str) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), name], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"exit {run.returncode} (a negative one is a signal): {run.stderr[-2000:]}"
    result = json.loads(run.stdout)
    assert result["error"] is None, result
    assert result["good"] == 1000, result
    assert "Hunter2Secret" not in run.stdout + run.stderr
