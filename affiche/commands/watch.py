"""Rebuild after every saved edit: the loop behind `render.py watch` and `render.py serve`.

The loop stays in one process, so WeasyPrint, the fonts and the map are loaded once
and each rebuild costs only the outputs the edit touched. A broken edit prints its
one-line error and the loop goes on; the build never writes on error, so the last
good outputs stay in place until the file is fixed.
"""
from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from ..errors import AfficheError
from ..pipeline.build import Output, build
from ..project import INPUT_FOLDERS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A save is often several file events (write a temporary file, rename it): wait for
# QUIET_MS without events, but never group a stream of events for more than DEBOUNCE_MS.
QUIET_MS, DEBOUNCE_MS = 100, 1600
# The watcher wakes this often when nothing changes; its first wake-up means it is
# listening, which is when the ready line is printed.
WAKE_MS = 500
SHOWN_CHANGES = 3


@dataclass(frozen=True)
class Job:
    """What each rebuild makes: the same choices as `render.py build`."""

    root: Path
    output_dir: Path
    layouts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    debug: bool = False


AfterBuild = Callable[[str | None], None]


def watched_folders(root: Path) -> list[Path]:
    """The project's input folders that exist, and affiche's own templates."""
    return [root / name for name in INPUT_FOLDERS if (root / name).is_dir()] + [TEMPLATES]


def watch(job: Job, report: Callable[[Output], None], warn: Callable[[str], None],
          after_build: AfterBuild = lambda error: None, stop_event=None) -> None:
    """Build once, then again after every change, until stop_event is set (or Ctrl-C).

    after_build receives None after a good build and the one-line error after a failed one.
    """
    folders = watched_folders(job.root)
    changes_stream = watchfiles.watch(
        *folders, watch_filter=InputFilter(job.output_dir), debounce=DEBOUNCE_MS, step=QUIET_MS,
        stop_event=stop_event, rust_timeout=WAKE_MS, yield_on_timeout=True)
    listening = False
    for changes in changes_stream:
        if not listening:
            # Edits made during this first build are already being recorded: none is lost.
            after_build(rebuild(job, report, warn))
            print(f"watching {', '.join(shown_path(folder, job.root) + '/' for folder in folders)} "
                  "for changes (Ctrl-C to stop)", flush=True)
            listening = True
        elif lasting := lasting_changes(changes):
            print(f"{time.strftime('%H:%M:%S')} changed: {describe_changes(lasting, job.root)}", flush=True)
            after_build(rebuild(job, report, warn))


def rebuild(job: Job, report: Callable[[Output], None], warn: Callable[[str], None]) -> str | None:
    """One build; returns its one-line error, or None when it succeeded."""
    try:
        build(job.root, job.output_dir, job.layouts, job.languages, report=report, warn=warn)
    except AfficheError as error:
        message = f"error: {error.one_line()}"
    except Exception as error:  # a bug in affiche: say so, and keep watching for the next edit
        if job.debug:
            traceback.print_exc()
        message = f"internal error: {type(error).__name__}: {error} (add --debug for the traceback)"
    else:
        return None
    print(message, file=sys.stderr, flush=True)
    return message


class InputFilter(watchfiles.DefaultFilter):
    """Editor and version-control noise is ignored (DefaultFilter), and so are the outputs
    when --output points inside a watched folder, or each build would trigger the next."""

    def __init__(self, output_dir: Path) -> None:
        super().__init__()
        self.output_dir = output_dir.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        written = Path(path).resolve()
        return super().__call__(change, path) and self.output_dir not in written.parents


def lasting_changes(changes: set[tuple[watchfiles.Change, str]]) -> set[str]:
    """The paths changed, less the scratch files that editors and sed create and delete while saving."""
    created = {path for change, path in changes if change == watchfiles.Change.added}
    deleted = {path for change, path in changes if change == watchfiles.Change.deleted}
    scratch = {path for path in created & deleted if not Path(path).exists()}
    return {path for _, path in changes} - scratch


def describe_changes(paths: Iterable[str], root: Path) -> str:
    paths = sorted({shown_path(Path(path), root) for path in paths})
    more = len(paths) - SHOWN_CHANGES
    return ", ".join(paths[:SHOWN_CHANGES]) + (f" and {more} more" if more > 0 else "")


def shown_path(path: Path, root: Path) -> str:
    """Project files relative to the project, affiche's templates as affiche/templates/..."""
    for base in (root.resolve(), TEMPLATES.parent.parent):
        if base == path or base in path.parents:
            return str(path.relative_to(base))
    return str(path)
