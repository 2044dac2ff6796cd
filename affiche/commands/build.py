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
        console.finished()
    except KeyboardInterrupt as interrupt:  # Ctrl-C or SIGTERM: cli.py says how many files are kept.
        # Those reported so far: each is whole on disk and in the manifest, so the next build keeps it.
        # An edition cut short may have replaced some of its files, each whole too, but it is not
        # counted: the next build draws it again.
        raise type(interrupt)(len(console.outputs)) from None
    finally:
        console.stop_progress()
    return 0
