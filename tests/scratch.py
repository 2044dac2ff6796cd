"""Running render.py the way staff do, against a scratch copy of the project."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """render.py as staff run it, against a scratch project."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "--root", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def replace_in(path: Path, old: str, new: str) -> str:
    """Edit a scratch file: `old` must occur exactly once. Returns the text before the edit."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of a file that holds needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
