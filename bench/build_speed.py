#!/usr/bin/env python3
"""How fast affiche builds, and how much it adds on top of the renderers.

Measured on a scratch copy of the project, all in one run so every figure sees the
same machine load:
- a full build with 1 process and with N processes (--force: everything renders);
- affiche's own work in a build: the wall time less the time spent inside the
  renderers (WeasyPrint's layout and PDF writing, pdfium's poster previews), timed by
  wrapping those calls;
- the edit-to-PDF time of watch mode: one warm process, one French sentence edited,
  the incremental rebuild timed, split into the renderers' part and affiche's;
- output sizes.
Run: python bench/build_speed.py [--rounds N] [--jobs N]
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402
import weasyprint  # noqa: E402

from affiche.pipeline.build import build  # noqa: E402

EDITED = ("Pour favoriser la coopération", "Afin de favoriser la coopération")


# The renderers' own entry points: WeasyPrint's layout and PDF writing, pdfium drawing the previews.
RENDERER_CALLS = ((weasyprint.HTML, "render"), (weasyprint.document.Document, "write_pdf"),
                  (pypdfium2.PdfPage, "render"))


class RendererClock:
    """Adds up the seconds spent inside the renderers' entry points."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextmanager
    def installed(self):
        originals = [getattr(owner, name) for owner, name in RENDERER_CALLS]
        for (owner, name), original in zip(RENDERER_CALLS, originals):
            setattr(owner, name, self.timed(original))
        try:
            yield self
        finally:
            for (owner, name), original in zip(RENDERER_CALLS, originals):
                setattr(owner, name, original)

    def timed(self, method):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return wrapper


def scratch_project(folder: Path) -> Path:
    for name in ("data", "layouts", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def timed_build(project: Path, processes: int, force: bool = True) -> tuple[float, list]:
    start = time.perf_counter()
    outputs = build(project, project / "output", force=force, processes=processes)
    return time.perf_counter() - start, outputs


def edit_and_rebuild(project: Path, edit: tuple[str, str]) -> tuple[float, float, int]:
    """(wall seconds, renderer seconds, files rebuilt) for one edit, in this warm process."""
    content = project / "data" / "handout.yaml"
    text = content.read_text("utf-8")
    content.write_text(text.replace(*edit, 1), "utf-8")
    with RendererClock().installed() as clock:
        wall, outputs = timed_build(project, processes=1, force=False)
    return wall, clock.seconds, sum(output.rebuilt for output in outputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        project = scratch_project(Path(scratch))
        timed_build(project, processes=1)  # warm-up: imports, fonts, hyphenation dictionaries
        serial, parallel, own = [], [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine load
            with RendererClock().installed() as clock:
                wall, outputs = timed_build(project, processes=1)
            serial.append(wall)
            own.append(wall - clock.seconds)
            parallel.append(timed_build(project, processes=args.jobs)[0])
        edits = [edit_and_rebuild(project, EDITED if round_ % 2 == 0 else EDITED[::-1])
                 for round_ in range(args.rounds * 2)]
        unchanged = timed_build(project, processes=1, force=False)[0]
        sizes = {output.path.name: output.size for output in outputs}
    print(f"files per full build:                 {len(outputs)}")
    print(f"full build, 1 process (median of {args.rounds}): {statistics.median(serial):7.2f} s")
    print(f"full build, {args.jobs} processes:                {statistics.median(parallel):7.2f} s")
    print(f"  affiche's own work in the 1-process build: {statistics.median(own):.2f} s "
          "(wall time less WeasyPrint's and pdfium's)")
    wall, rendering, rebuilt = (statistics.median(values) for values in zip(*edits))
    print(f"one French sentence edited, warm rebuild: {wall:.2f} s for {rebuilt:.0f} files, "
          f"of which the renderers {rendering:.2f} s, affiche {wall - rendering:.2f} s")
    print(f"rebuild with nothing changed:         {unchanged:7.2f} s")
    for name in sorted(sizes):
        print(f"  {name:36} {sizes[name] / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
