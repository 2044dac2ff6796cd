"""`render.py build` (and render.py with no command): the pipeline, with progress and a summary."""
from __future__ import annotations

from pathlib import Path

from ..pipeline.build import build
from .console import BuildConsole


def run(root: Path, output_dir: Path, layouts: list[str], languages: list[str], force: bool, processes: int,
        quiet: bool, strict: bool = False) -> int:
    console = BuildConsole(root, quiet=quiet)
    try:
        build(root, output_dir, layouts, languages, report=console.report, warn=console.warn, started=console.started,
              force=force, processes=processes, strict=strict)
    finally:
        console.stop_progress()
    console.finished()
    return 0
