"""`render.py translations accept [--source LANG] [UNIT…]`: record the translation state after review."""
from __future__ import annotations

from pathlib import Path

from ..translation.accept import accept
from ..translation.state import LOCK_FILE, NEW, STALE


def run(root: Path, names: list[str], source: str | None) -> int:
    before = accept(root, names, source)
    total = sum(before.values())
    print(f"accepted {total} unit{'' if total == 1 else 's'} in {LOCK_FILE.as_posix()} "
          f"({before[STALE]} had changed, {before[NEW]} new)")
    return 0
