"""No value crashes the interpreter or breaks the module (SPEC section 18): every
hostile value of hostile_cases.py, each in a process of its own, gets a result or
a typed error, and then 2,000 good calls in the same process give the reference
answers."""

import json
import pathlib
import subprocess
import sys

import pytest

from hostile_cases import CASES

SCRIPT = pathlib.Path(__file__).with_name("hostile_cases.py")
TYPED = {"result", "TypeError", "OptionsError"}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_value(name: str) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), name], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"exit {run.returncode} (a negative one is a signal): {run.stderr[-2000:]}"
    result = json.loads(run.stdout)
    assert result["outcome"] in TYPED, result
    assert result["good"] == 2000, result
