"""Ctrl-C and SIGTERM in build, check, watch, serve and the editor: noted when they arrive, raised
at the next safe point.

Raised by the signal handler itself, the interrupt came out wherever the main thread was: in an
extension module's set-up during an import (which then aborted the process), in a class being
created (which turned it into a RuntimeError), in a library's bare `except:` (which swallowed it,
and the build went on to its end). Noted, it is raised by `raise_if_asked` between a build's steps,
while the build or check waits for its workers, and in the loops of watch and the editor, where
each stops cleanly.
"""
from __future__ import annotations

import signal
import threading

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_asked: list[int] = []  # the first stop signal since the handlers were set, if one came


class Terminated(KeyboardInterrupt):
    """SIGTERM, which stops a build as Ctrl-C does."""


def note_stop_signals() -> None:
    """From now on, for the rest of this process: Ctrl-C and SIGTERM are noted, to be raised at the
    next `raise_if_asked`, unless they were ignored already (a build started with nohup, say). The
    next ones change nothing: they would only cut short the shutdown of the workers."""
    for each in STOP_SIGNALS:
        if signal.getsignal(each) is not signal.SIG_IGN:
            signal.signal(each, _note)


def _note(signum: int, frame) -> None:
    if not _asked:
        _asked.append(signum)


def raise_if_asked() -> None:
    """Raise the noted stop signal, if one came: KeyboardInterrupt for Ctrl-C, Terminated for SIGTERM.
    In the main thread only, where the command runs: the editor's preview builds in a thread of its
    own, and the editor stops it as it stops."""
    if _asked and threading.current_thread() is threading.main_thread():
        raise Terminated() if _asked[0] == signal.SIGTERM else KeyboardInterrupt()
