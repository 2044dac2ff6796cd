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
