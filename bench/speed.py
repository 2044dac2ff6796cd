#!/usr/bin/env python3
"""How fast affiche is, beside its renderers alone, in one table.

    python3 bench/speed.py                  # the work tree
    python3 bench/speed.py --revision f2fb50a   # another revision, for a before/after table

Everything runs in one go, so every figure sees the same machine load, on a scratch copy
of the project (the revision's own data/, layouts/, fonts/), through render.py as staff run
it:
- a full build (--force) with one process and with one per core;
- the time from a saved French edit to the screen PDF of the edited handout in a warm
  `watch` process (the moment watch prints that file's line), and the whole rebuild;
- a build with nothing to do, `--help`, and `check` of the freshly built project.
Beside them, the renderers alone on the same documents: the work tree's handouts' and posters'
HTML and CSS laid out and written by WeasyPrint, and the pictures pdfium draws of their PDFs (the
posters' previews, the download page's thumbnails); WeasyPrint as released, and "hooked", with
what affiche changes in its reading of HTML and writing of a PDF (renderers.py --hooked), beside
which affiche's share is the time of its own code. They run as a program using them alone would,
in a fresh process that imports them (renderers.py): the whole build's documents beside the full
builds; beside the edit, the watched document set again and again once warm, as watch is.
Timings belong here, never in the tests.
"""
from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from revisions import ROOT, export

PROJECT_FOLDERS = ("data", "layouts", "fonts", "svg")
EDIT = ("Pour favoriser la coopération", "Afin de favoriser la coopération")
WATCHED = ("handout-letter", "fr")
SETTLE_S = 0.5  # after the print PDF's line, watch writes the download page: let it finish
FULL_BUILD_ROUNDS = 5  # affiche's share is the difference of two full builds: medians steady it
RENDERERS_ALONE = "renderers alone"
HOOKED = "renderers, hooked"


def scratch_project(code: Path, into: Path) -> Path:
    for folder in PROJECT_FOLDERS:
        if (code / folder).is_dir():
            shutil.copytree(code / folder, into / folder)
    return into


def python_env(code: Path, project: Path) -> dict[str, str]:
    """render.py's environment: the code measured, and its bytecode cached beside the scratch
    project (as Python caches an installed affiche's), never written into the work tree."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(code), "PYTHONPYCACHEPREFIX": str(project.parent / "pycache"), "NO_COLOR": "1"}


def render_py(code: Path, project: Path, *args: str, **options) -> subprocess.CompletedProcess:
    env = python_env(code, project)
    return subprocess.run([sys.executable, str(code / "render.py"), "--root", str(project), *args],
                          capture_output=True, text=True, env=env, **options)


def timed(run, rounds: int = 1) -> float:
    """The median wall time of `rounds` calls, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def checked(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if result.returncode not in (0, 1):  # check's findings exit 1; anything else is a failed bench
        raise SystemExit(f"render.py failed ({result.returncode}): {result.stderr[-2000:]}")
    return result


def edit_to_screen_pdf(code: Path, project: Path, output: Path, rounds: int = 5) -> tuple[float, float]:
    """(seconds to the screen PDF's line, seconds to the end of the rebuild), the medians of
    `rounds` French edits, each saved once the last rebuild ended, in a `watch` process that
    already built once."""
    layout, lang = WATCHED
    env = {**python_env(code, project), "PYTHONUNBUFFERED": "1"}
    watch = subprocess.Popen([sys.executable, str(code / "render.py"), "--root", str(project), "watch",
                              "--layout", layout, "--lang", lang, "--output", str(output)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    screens, wholes = [], []
    try:
        wait_for(watch, "watching")
        content = project / "data" / "handout.yaml"
        text = content.read_text("utf-8")
        for number in range(rounds):
            started = time.perf_counter()
            content.write_text(text.replace(EDIT[0], f"{EDIT[1]} {number}", 1), "utf-8")
            wait_for(watch, f"{layout}-{lang}.pdf")
            screens.append(time.perf_counter() - started)
            wait_for(watch, f"{layout}-{lang}-print.pdf")
            wholes.append(time.perf_counter() - started)
            time.sleep(SETTLE_S)
        return statistics.median(screens), statistics.median(wholes)
    finally:
        watch.terminate()
        watch.wait(timeout=30)


def wait_for(process: subprocess.Popen, needle: str, limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    for line in process.stdout:
        if needle in line:
            return
        if time.monotonic() > deadline:
            break
    raise SystemExit(f"watch never printed {needle!r}")


@dataclass(frozen=True)
class Alone:
    full_build: Callable[[], object]  # one run, in a fresh process: measure times it among affiche's
    edit_to_screen_pdf: Callable[[], float]  # seconds, warm, measured in a fresh process
    hooked_full_build: Callable[[], object]  # the same, WeasyPrint with affiche's changes (renderers.py)
    hooked_edit_to_screen_pdf: Callable[[], float]


def renderers_alone(project: Path) -> Alone:
    """The work tree's documents set by WeasyPrint alone (into the pages affiche set: see as_set),
    and pdfium alone drawing the posters' previews and the thumbnails: the whole default build's;
    and the watched handout's screen PDF, warm. Each in a fresh process: this one holds a whole
    build's leftovers, whose garbage would weigh on WeasyPrint's time."""
    sys.path.insert(0, str(ROOT))
    from affiche.pipeline import fontconfig

    fontconfig.isolate(project / "fonts")  # in the environment: the fresh process inherits it
    import affiche.outputs.handout.writer as handout_writer
    import affiche.outputs.poster.writer as poster_writer
    from affiche.outputs import typeset as pages
    from affiche.outputs.download_page.page import THUMBNAIL_WIDTH
    from affiche.outputs.registry import render_variant
    from affiche.pdf.variant import variants
    from affiche.pipeline.dates import build_time
    from affiche.project import load_project

    documents: list[tuple[str, str, str, dict]] = []  # (layout name, html, css, write options)
    pictures: list[tuple[bytes, int]] = []  # (PDF, width in pixels of its first page's picture)
    original_set, original_write, original_preview = pages.set_pages, pages.tagged_pdf, poster_writer.page_png

    def capture_render(html, css, layout, root):
        documents.append((layout.name, html, css, {}))
        return original_set(html, css, layout, root)

    def capture_write(document, variant):
        documents[-1] = documents[-1][:3] + (variant.weasyprint_options(),)
        return original_write(document, variant)

    def capture_preview(pdf, index, width, level):
        pictures.append((pdf, width))
        return original_preview(pdf, index, width, level)

    pages.set_pages = capture_render
    handout_writer.tagged_pdf = poster_writer.tagged_pdf = capture_write
    poster_writer.page_png = capture_preview
    loaded = load_project(project)
    editions = loaded.editions(loaded.layouts(), (), build_time(loaded.content))
    for edition in editions:
        for variant in variants(edition.layout):
            if edition.key == "-".join(WATCHED) and not variant.for_print:
                watched = len(documents)  # the document render_variant sets next
            rendered = render_variant((edition, variant), project)
            pictures += [(each.data, THUMBNAIL_WIDTH) for each in rendered if each.extension == "pdf"]
    base = f"{project.resolve().as_uri()}/"
    documents = [as_set(document, base) for document in documents]
    work = project.parent / "renderers.pickle"
    work.write_bytes(pickle.dumps((base, [document[1:] for document in documents], pictures, documents[watched][1:])))
    fresh = [sys.executable, str(Path(__file__).with_name("renderers.py")), str(work)]
    warm = lambda *more: float(subprocess.run([*fresh, "--warm", *more], check=True, capture_output=True,  # noqa: E731
                                              text=True).stdout)
    return Alone(lambda: subprocess.run(fresh, check=True), warm,
                 lambda: subprocess.run([*fresh, "--hooked"], check=True), lambda: warm("--hooked"))


def as_set(document: tuple[str, str, str, dict], base: str) -> tuple[str, str, str, str, dict]:
    """(name, html, css, css, options): the second CSS is a handout's as WeasyPrint alone sets the pages
    affiche set. affiche balances its columns during the layout where balancing shows
    (pdf/weasyprint_compat.py), WeasyPrint everywhere unless told to fill them in turn."""
    import weasyprint

    from affiche.outputs.typeset import COLUMN_CONTAINER, UNBALANCED_SHARE
    from affiche.pdf.weasyprint_compat import columns_fall_short

    name, html, css, options = document
    filled = css + f"\n.{COLUMN_CONTAINER} {{ column-fill: auto; }}\n"
    stylesheet = weasyprint.CSS(string=filled, base_url=base)
    pages = weasyprint.HTML(string=html, base_url=base).render(stylesheets=[stylesheet])
    return name, html, css, css if columns_fall_short(pages, COLUMN_CONTAINER, UNBALANCED_SHARE) else filled, options


def measure(code: Path, scratch: Path, jobs: int, alone: Alone) -> tuple[dict[str, float], float, float]:
    """affiche's time for each measure, and the renderers' alone for the full build and the edit."""
    project = scratch_project(code, scratch / "project")
    output = project / "output"
    build = lambda *more: checked(render_py(code, project, "build", "--force", "--quiet", *more))  # noqa: E731
    build("--jobs", "1")  # warm the disk cache and fontconfig's
    full_builds = {"full build, 1 process": lambda: build("--jobs", "1"),
                   f"full build, {jobs} processes": lambda: build("--jobs", str(jobs)),
                   RENDERERS_ALONE: alone.full_build, HOOKED: alone.hooked_full_build}
    times: dict[str, list[float]] = {name: [] for name in full_builds}
    for _ in range(FULL_BUILD_ROUNDS):  # in turn, so that the machine's drift weighs on each alike
        for name, run in full_builds.items():
            times[name].append(timed(run))
    results = {name: statistics.median(times[name]) for name in full_builds if name not in (RENDERERS_ALONE, HOOKED)}
    results["no-op build"] = timed(lambda: checked(render_py(code, project, "build", "--quiet")), rounds=5)
    results["--help"] = timed(lambda: checked(render_py(code, project, "--help")), rounds=5)
    results["check"] = timed(lambda: checked(render_py(code, project, "check")))
    screen, whole = edit_to_screen_pdf(code, project, output)
    results["edit to screen PDF (watch)"] = screen
    results["edit to every file (watch)"] = whole
    alones = {"full": statistics.median(times[RENDERERS_ALONE]), "edit": alone.edit_to_screen_pdf(),
              "hooked full": statistics.median(times[HOOKED]), "hooked edit": alone.hooked_edit_to_screen_pdf()}
    return results, alones


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", help="measure this revision instead of the work tree")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="affiche-bench-") as scratch:
        scratch = Path(scratch)
        code = export(args.revision, scratch / "code") if args.revision else ROOT
        alone = renderers_alone(scratch_project(ROOT, scratch / "renderers"))
        results, alone_times = measure(code, scratch, args.jobs, alone)
    print(f"| measure ({args.revision or 'work tree'}, {os.cpu_count()} cores) | seconds | renderers alone | ratio "
          "| renderers, hooked | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, seconds in results.items():
        kind = "full" if name.startswith("full build") else "edit" if name.startswith("edit to screen") else None
        cells = [f"{reference:.2f} | {seconds / reference:.2f}×"
                 for reference in (alone_times[kind], alone_times[f"hooked {kind}"])] if kind else [" | ", " | "]
        print(f"| {name} | {seconds:.2f} | {' | '.join(cells)} |")
    full = results["full build, 1 process"]
    for beside, reference in (("the renderers alone", alone_times["full"]),
                              ("the renderers hooked (affiche's own code alone)", alone_times["hooked full"])):
        share = full - reference
        print(f"\naffiche's own share of the 1-process full build, beside {beside}: {share:.2f} s ({share / full:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
