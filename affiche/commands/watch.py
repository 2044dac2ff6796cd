"""Rebuild after every saved edit: the loop behind `render.py watch` and `render.py serve`.

The loop stays in one process, so WeasyPrint, the fonts and the map are loaded once
and each rebuild costs only the outputs the edit touched. Each rebuild makes the screen
PDFs first, so the preview can reload as soon as they are there, then the print PDFs,
the PNG previews and the download page. Saves are gathered by a thread of their own
while a rebuild runs: a rebuild that a newer save made stale is dropped between two
files, not finished, and the next one starts at once. A broken edit prints its
one-line error and the loop goes on; the build never writes on error, so the last
good outputs stay in place until the file is fixed.
"""
from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from ..errors import AfficheError
from ..pipeline.build import Output, Superseded, build, warm_up
from ..pipeline.stop import raise_if_asked
from ..folders import INPUT_FOLDERS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A save is often several file events (write a temporary file, rename it), which editors make
# within a millisecond or two: wait for QUIET_MS without events, but never group a stream of
# events for more than DEBOUNCE_MS. A build started before the last event of a save is stale
# and dropped, even when it failed on the half-saved file (rebuild).
QUIET_MS, DEBOUNCE_MS = 10, 1600
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

    after_build receives None after a good build and the one-line error after a failed one;
    a dropped build calls it not at all (the next one follows at once).
    """
    stop = stop_event or threading.Event()
    saves = Saves(watched_folders(job.root), job.output_dir, stop)
    # Edits made during this first build are already being recorded: none is lost.
    saves.listening.wait()
    rendered: list[bool] = []

    def report_first(output: Output) -> None:
        rendered.append(output.rebuilt)
        report(output)

    def after_first(error: str | None) -> None:
        after_build(error)
        if error is None and not any(rendered):  # then the first edit would be set cold
            warm_up(job.root, job.layouts, job.languages)

    settle(job, report_first, warn, after_first, saves)
    print(f"watching {', '.join(shown_path(folder, job.root) + '/' for folder in saves.folders)} "
          "for changes (Ctrl-C to stop)", flush=True)
    while not stop.is_set():
        changed = saves.take(timeout=WAKE_MS / 1000)
        raise_if_asked()  # Ctrl-C or SIGTERM, noted meanwhile (pipeline/stop.py)
        if changed:
            print(f"{time.strftime('%H:%M:%S')} changed: {describe_changes(changed, job.root)}", flush=True)
            settle(job, report, warn, after_build, saves)


def settle(job: Job, report: Callable[[Output], None], warn: Callable[[str], None], after_build: AfterBuild,
           saves: Saves) -> None:
    """One rebuild, unless a newer save makes it stale first: then that save's rebuild follows."""
    outcome = rebuild(job, report, warn, stale=saves.waiting)
    if outcome is DROPPED:
        print(f"{time.strftime('%H:%M:%S')} dropped that rebuild: a newer save came in", flush=True)
    else:
        after_build(outcome)


class Saves:
    """The lasting changes to the watched folders, gathered by a thread while the caller builds."""

    def __init__(self, folders: list[Path], output_dir: Path, stop: threading.Event) -> None:
        self.folders = folders
        self.listening = threading.Event()
        self._arrived = threading.Event()
        self._changed: set[str] = set()
        self._lock = threading.Lock()
        stream = watchfiles.watch(*folders, watch_filter=InputFilter(output_dir), debounce=DEBOUNCE_MS,
                                  step=QUIET_MS, stop_event=stop, rust_timeout=WAKE_MS, yield_on_timeout=True)
        threading.Thread(target=self._gather, args=(stream, stop), name="affiche-watch", daemon=True).start()

    def _gather(self, stream, stop: threading.Event) -> None:
        try:
            for changes in stream:
                self.listening.set()  # the first wake-up, with or without changes: it is listening
                lasting = lasting_changes(changes)
                if lasting:
                    with self._lock:
                        self._changed |= lasting
                        self._arrived.set()
        finally:
            self.listening.set()  # stopped before it listened: let the caller go on, and out
            stop.set()

    def waiting(self) -> bool:
        """Whether a save came in that the caller has not taken yet."""
        return self._arrived.is_set()

    def take(self, timeout: float) -> set[str]:
        """The paths changed since the last take, waiting up to `timeout` seconds for some."""
        self._arrived.wait(timeout)
        with self._lock:
            changed, self._changed = self._changed, set()
            self._arrived.clear()
        return changed


DROPPED = object()  # what rebuild() returns for a build a newer save made stale


def rebuild(job: Job, report: Callable[[Output], None], warn: Callable[[str], None],
            stale: Callable[[], bool] = lambda: False):
    """One build; returns None when it succeeded, its one-line error when it failed, DROPPED when
    `stale` said a newer save came in before it finished or failed."""
    try:
        build(job.root, job.output_dir, job.layouts, job.languages, report=report, warn=warn, screen_first=True,
              stale=stale)
    except Superseded:
        return DROPPED
    except AfficheError as error:
        if stale():  # set from a file half saved: the rest of the save is waiting
            return DROPPED
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
