"""Rendering editions, in this process or in worker processes when there are several to share.

Workers are spawned, not forked: a fork would copy the watch and serve threads and
fontconfig's state mid-flight. Each render is a pure function of its job, so the
bytes are the same whichever process makes them.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

from ..model.outputs import Rendered
from ..outputs.edition import Edition
from ..outputs.registry import render_variant
from ..pdf.variant import Variant
from . import fontconfig

Job = tuple[Edition, Variant]


def render_all(jobs: list[Job], root: Path, processes: int) -> Iterator[list[Rendered]]:
    """Each job's files (one variant of an edition), in the jobs' order."""
    workers = min(processes, len(jobs))
    if workers <= 1:
        yield from (render_variant(job, root) for job in jobs)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=fontconfig.isolate, initargs=(root / "fonts",))
    try:
        yield from pool.map(render_variant, jobs, repeat(root))
    finally:  # on an error, renders not yet begun are dropped rather than waited for
        pool.shutdown(cancel_futures=True)
