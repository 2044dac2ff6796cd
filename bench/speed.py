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
Beside them, the renderers alone on the same documents: the work tree's handouts' HTML and
CSS laid out and written by WeasyPrint, its posters' previews drawn by pdfium, each timed in
this process after a warm-up. Timings belong here, never in the tests.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revisions import ROOT, export

PROJECT_FOLDERS = ("data", "layouts", "fonts", "svg")
EDIT = ("Pour favoriser la coopération", "Afin de favoriser la coopération")
WATCHED = ("handout-letter", "fr")
SETTLE_S = 0.5  # after the print PDF's line, watch writes the download page: let it finish


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


def edit_to_screen_pdf(code: Path, project: Path, output: Path, rounds: int = 3) -> tuple[float, float]:
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


def renderers_alone(project: Path) -> dict[str, float]:
    """The work tree's documents set by WeasyPrint alone (into the pages affiche set: see as_set),
    and the posters' previews drawn by pdfium alone: the whole default build's, and the watched
    handout's screen PDF."""
    sys.path.insert(0, str(ROOT))
    from affiche.pipeline import fontconfig

    fontconfig.isolate(project / "fonts")
    import pypdfium2
    import weasyprint

    import affiche.outputs.handout.writer as handout_writer
    import affiche.outputs.poster.writer as poster_writer
    from affiche.outputs import typeset as pages
    from affiche.outputs.registry import render_variant
    from affiche.pdf.variant import variants
    from affiche.pipeline.dates import build_time
    from affiche.project import load_project

    documents: list[tuple[str, str, str, dict]] = []  # (layout name, html, css, write options)
    previews: list[tuple[bytes, int]] = []  # (poster PDF, preview width)
    original_set, original_write, original_preview = pages.set_pages, pages.tagged_pdf, poster_writer.first_page

    def capture_render(html, css, layout, root):
        documents.append((layout.name, html, css, {}))
        return original_set(html, css, layout, root)

    def capture_write(document, variant):
        documents[-1] = documents[-1][:3] + (variant.weasyprint_options(),)
        return original_write(document, variant)

    def capture_preview(pdf, width):
        previews.append((pdf, width))
        return original_preview(pdf, width)

    pages.set_pages = capture_render
    handout_writer.tagged_pdf = poster_writer.tagged_pdf = capture_write
    poster_writer.first_page = capture_preview
    loaded = load_project(project)
    editions = loaded.editions(loaded.layouts(), (), build_time(loaded.content))
    for edition in editions:
        for variant in variants(edition.layout):
            render_variant((edition, variant), project)
    base = f"{project.resolve().as_uri()}/"
    documents = [as_set(document, base) for document in documents]

    def weasyprint_alone(selected):
        fonts = weasyprint.text.fonts.FontConfiguration()
        for _, html, css, options in selected:
            stylesheet = weasyprint.CSS(string=css, base_url=base, font_config=fonts)
            weasyprint.HTML(string=html, base_url=base).render(stylesheets=[stylesheet], font_config=fonts) \
                .write_pdf(**options)

    def pdfium_alone():
        for pdf, width in previews:
            page = pypdfium2.PdfDocument(pdf)[0]
            page.render(scale=width / page.get_width()).to_pil()

    watched = [document for document in documents if document[0] == WATCHED[0]][:1]
    weasyprint_alone(watched)  # warm: fonts, caches
    return {"full build": timed(lambda: weasyprint_alone(documents)) + timed(pdfium_alone),
            "edit to screen PDF": timed(lambda: weasyprint_alone(watched), rounds=3)}


def as_set(document: tuple[str, str, str, dict], base: str) -> tuple[str, str, str, dict]:
    """A handout's CSS as WeasyPrint alone sets the pages affiche set: affiche balances its columns
    during the layout where balancing shows (pdf/weasyprint_compat.py), WeasyPrint everywhere
    unless told to fill them in turn."""
    import weasyprint

    from affiche.outputs.typeset import COLUMN_CONTAINER, UNBALANCED_SHARE
    from affiche.pdf.weasyprint_compat import columns_fall_short

    name, html, css, options = document
    filled = css + f"\n.{COLUMN_CONTAINER} {{ column-fill: auto; }}\n"
    stylesheet = weasyprint.CSS(string=filled, base_url=base)
    pages = weasyprint.HTML(string=html, base_url=base).render(stylesheets=[stylesheet])
    return name, html, css if columns_fall_short(pages, COLUMN_CONTAINER, UNBALANCED_SHARE) else filled, options


def measure(code: Path, scratch: Path, jobs: int) -> dict[str, float]:
    project = scratch_project(code, scratch / "project")
    output = project / "output"
    build = lambda *more: checked(render_py(code, project, "build", "--force", "--quiet", *more))  # noqa: E731
    build("--jobs", "1")  # warm the disk cache and fontconfig's
    results = {"full build, 1 process": timed(lambda: build("--jobs", "1")),
               f"full build, {jobs} processes": timed(lambda: build("--jobs", str(jobs)))}
    results["no-op build"] = timed(lambda: checked(render_py(code, project, "build", "--quiet")), rounds=5)
    results["--help"] = timed(lambda: checked(render_py(code, project, "--help")), rounds=5)
    results["check"] = timed(lambda: checked(render_py(code, project, "check")))
    screen, whole = edit_to_screen_pdf(code, project, output)
    results["edit to screen PDF (watch)"] = screen
    results["edit to every file (watch)"] = whole
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", help="measure this revision instead of the work tree")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="affiche-bench-") as scratch:
        scratch = Path(scratch)
        code = export(args.revision, scratch / "code") if args.revision else ROOT
        alone = renderers_alone(scratch_project(ROOT, scratch / "renderers"))
        results = measure(code, scratch, args.jobs)
    full = results["full build, 1 process"]
    print(f"| measure ({args.revision or 'work tree'}, {os.cpu_count()} cores) | seconds | renderers alone | ratio |")
    print("| --- | --- | --- | --- |")
    for name, seconds in results.items():
        reference = alone["full build"] if name.startswith("full build") else \
            alone["edit to screen PDF"] if name.startswith("edit to screen") else None
        ratio = f"{seconds / reference:.2f}×" if reference else ""
        shown = f"{reference:.2f}" if reference else ""
        print(f"| {name} | {seconds:.2f} | {shown} | {ratio} |")
    share = full - alone["full build"]
    print(f"\naffiche's own share of the 1-process full build: {share:.2f} s ({share / full:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
