"""Rendering editions, in this process or in worker processes when there are several to share.

The workers start as soon as the build knows it renders something, and load the renderers
(WeasyPrint, pdfium) while the build checks its inputs and orders its jobs; this module
imports neither, so that they start at once, and a build that shares its jobs out never
imports WeasyPrint itself. Workers are spawned, not forked: a fork would copy the watch and
serve threads and fontconfig's state mid-flight. Each render is a pure function of its job,
so the bytes are the same whichever process makes them.

Workers end with the build, however it ends (worker.py says how). Ctrl-C is the parent's
alone: a terminal sends it to the whole process group, but workers are started with SIGINT
blocked. The pool's named semaphores start multiprocessing's resource tracker, which ends by
itself once the parent and the workers, which hold its pipe, are gone.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..model.outputs import Rendered
from . import worker
from .stop import STOP_SIGNALS, raise_if_asked

if TYPE_CHECKING:
    from ..outputs.edition import Edition
    from ..pdf.variant import Variant

Job = tuple["Edition", "Variant"]
Render = Callable[[list[Job]], Iterator[list[Rendered]]]

WAKE_S = 0.1
T = TypeVar("T")

# WeasyPrint makes millions of short-lived objects per document, many in reference cycles (a box and
# its parent). At Python's default thresholds (700, 10, 10) the collector walks every live object
# about twenty times in a full build, a tenth of its time; collecting the young objects every
# 50 000 allocations frees the same cycles, for about a fifth more memory at the peak.
COLLECTOR_THRESHOLDS = (50_000, 10, 10)


@contextmanager
def renderer(root: Path, processes: int) -> Iterator[Render]:
    """What renders jobs into each job's files (one variant of an edition), in the jobs' order:
    this process, or `processes` workers started now, each loading the renderers at once."""
    if processes <= 1:
        yield lambda jobs: render_here(jobs, root)
        return
    with worker_pool(root, processes) as pool:
        # The workers start here, in this thread, which PR_SET_PDEATHSIG then watches (it is the
        # build's, and outlives the pool); a signal waits until the pool knows each of them.
        with signals_held(), sigint_blocked():
            for _ in range(processes):
                pool.submit(load_renderers)
        yield lambda jobs: render_in_workers(pool, jobs, root)


def render_here(jobs: list[Job], root: Path) -> Iterator[list[Rendered]]:
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    for job in jobs:
        # A Ctrl-C raised inside one of cairo's Python callbacks would be swallowed there and
        # come out as a cairo write error: here, it waits until the variant is drawn.
        with signals_held():
            rendered = render_variant(job, root)
        yield rendered


def render_in_workers(pool: ProcessPoolExecutor, jobs: list[Job], root: Path) -> Iterator[list[Rendered]]:
    # The variants of one edition next to each other go to one worker, in turn: the print variant then
    # sets the columns that the screen one balanced at the height kept (pdf/weasyprint_compat.py), in
    # one layout, where two workers setting them at once each balanced them from scratch.
    tasks = [list(variants) for _, variants in groupby(jobs, key=lambda job: id(job[0]))]
    with signals_held(), sigint_blocked():  # a worker that died is replaced here
        futures = [pool.submit(render_in_worker, task, root) for task in tasks]
    # Those left are cancelled by the pool's shutdown (worker_pool), in the pool's own thread. Cancelled
    # from this one, as Executor.map does when its results are dropped, a job could still be on the
    # pool's list when the stopped workers ended: Python 3.11's pool thread then failed on it, its
    # queue's thread stayed blocked on a full pipe that no one read, and the build hung as it exited.
    for future in futures:
        yield from awaited(future)


def awaited(future: Future[T]) -> T:
    """A worker's result. The wait wakes every tenth of a second for a stop signal noted meanwhile:
    one that lands in another of this process's threads interrupts no wait of this one."""
    while True:
        try:
            return future.result(timeout=WAKE_S)
        except TimeoutError:
            raise_if_asked()


def load_renderers() -> None:
    """A worker's first task: the writers and what they draw with (which the writers import only
    when they first draw), imported before its first job."""
    with worker.RENDERS.rendering():  # its result is sent as a render's is (worker.py)
        import pypdfium2  # noqa: F401

        from ..pdf.weasyprint_compat import load_weasyprint

        load_weasyprint()
        from ..outputs import fetch, registry  # noqa: F401


def render_variant(job: Job, root: Path) -> list[Rendered]:
    from ..outputs.registry import render_variant as render  # the writers: in a process that renders

    return render(job, root)


@contextmanager
def worker_pool(root: Path, workers: int) -> Iterator[ProcessPoolExecutor]:
    """Spawned workers tied to this process (worker.py). An error, Ctrl-C, SIGTERM or the caller
    closing the block drops the work under way (once the caller has every result, there is
    none), and the work not yet begun, rather than wait for it. Start the workers (submit or map)
    with signals held and SIGINT blocked, as render_in_workers does."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker.start,
                               initargs=(root / "fonts", os.getpid(), stop))
    try:
        yield pool
    except BaseException:
        stop.set()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


def render_in_worker(jobs: list[Job], root: Path) -> list[list[Rendered]]:
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    with worker.RENDERS.rendering():
        return [render_variant(job, root) for job in jobs]


@contextmanager
def signals_held():
    """Ctrl-C and SIGTERM that arrive during the block take effect after it (in the main thread,
    the only one where Python handles signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = []
    previous = {each: signal.signal(each, lambda signum, frame: held.append(signum)) for each in STOP_SIGNALS}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
        for signum in held:
            signal.raise_signal(signum)


@contextmanager
def sigint_blocked():
    """SIGINT blocked in this thread; processes started meanwhile inherit the mask, so they never
    see a Ctrl-C, not even while they start up."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
