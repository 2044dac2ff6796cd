"""A render worker's life, tied to the build that spawned it.

When the parent dies, even by SIGKILL, the kernel kills its workers (PR_SET_PDEATHSIG, on
Linux); elsewhere a thread in each worker sees that its parent changed and ends it. When the
build stops early, on an error, Ctrl-C or SIGTERM, the parent sets an event and that thread
ends the worker, unless it is sending a result (then it ends before its next render).

This module imports only what starting a worker needs, so that a worker is tied to its
parent a few milliseconds after it starts, before it loads the renderers.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from . import fontconfig

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_S = 0.5  # how often a worker checks that its parent is still there
STOPPED = 1  # a worker's exit status when it ends early; the pool only sees that it ended


def start(fonts_dir: Path, parent: int, stop) -> None:
    """A worker's first act (the pool's initializer): tie its life to its parent's, then see the
    project's fonts only. `stop` is the event the parent sets to stop its workers."""
    die_with_parent(parent)
    threading.Thread(target=stop_when_told, args=(stop, parent), daemon=True).start()
    fontconfig.isolate(fonts_dir)
    # When the pool lets a worker go, every result it made has been sent whole (the pool's result
    # queue is written before the worker takes its next task): ending there, without Python's
    # teardown of all WeasyPrint left behind, saves a third of a second at the end of every build.
    atexit.register(os._exit, 0)


def die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL))
    if os.getppid() != parent:  # it died before that took effect
        os._exit(STOPPED)


def stop_when_told(stop, parent: int) -> None:
    """A worker's watch thread: it stops the worker when the parent says so, and ends it when the
    parent is gone (the fallback where PR_SET_PDEATHSIG does not exist)."""
    while not stop.wait(PARENT_POLL_S):
        if os.getppid() != parent:
            os._exit(STOPPED)
    RENDERS.stop()


class Renders:
    """Whether this worker may be sending a result, and whether its parent told it to stop.

    A worker may be stopped at any moment but one: from the end of a render until its result is
    sent, for the pool, left with half a result, would wait for the rest forever. So a stop that
    comes then waits for the worker's next render, or for the pool's own way of ending it. The
    lock keeps a render's start or end and a stop from interleaving."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sending = False  # a render ended, and its result may be on its way
        self.stopping = False

    @contextmanager
    def rendering(self):
        self.mark(sending=False)  # the worker asks for a render only once its last result is sent
        try:
            yield
        finally:
            self.mark(sending=True)

    def mark(self, sending: bool) -> None:
        with self.lock:
            if self.stopping:  # a render queued before the stop, or the result of one: neither is wanted
                os._exit(STOPPED)
            self.sending = sending

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            if not self.sending:
                os._exit(STOPPED)


RENDERS = Renders()
