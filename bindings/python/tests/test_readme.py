"""The Python examples of the crate's README and of this binding's README run as
written (their `assert`s hold), like the Rust examples run as doctests."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
READMES = [ROOT / "README.md", ROOT / "bindings" / "python" / "README.md"]


def python_blocks(path: pathlib.Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("path", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_readme_examples_run(path: pathlib.Path) -> None:
    blocks = python_blocks(path)
    assert blocks, f"no python example in {path}"
    for block in blocks:
        exec(compile(block, str(path), "exec"), {})
