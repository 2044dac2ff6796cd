"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated before the first file is written, so a bad
layout or content file stops the build with all previous outputs untouched.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from pathlib import Path

from . import fontconfig
from .checks import Finding, PreflightFailed
from .checks.outputs import output_pdfs
from .checks.run import input_findings, project_findings
from .dates import build_time
from .downloads import load_page_text, publish_download_page
from .errors import AfficheError, Location
from .fingerprint import code_digest, digest, files_digest
from .load import layout_names, load_content, load_layout
from .load_map import load_map_content
from .localize import LocalDocument, LocalMap, localize, localize_map
from .manifest import Manifest
from .model import LANGUAGES, Content, Layout, MapContent, PosterLayout
from .render.bilingual import Side
from .render.brochure import render_handout, render_handout_for_print
from .render.editions import render_bilingual
from .render.poster import print_files, print_shop_pdf, render_poster
from .write import write_if_changed

CONTENT_FILE = Path("data") / "handout.yaml"
# Folders whose files renderers read while drawing (fonts, the world atlas, artwork).
INPUT_FOLDERS = ("fonts", "data/world-atlas", "svg")


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    size: int
    rebuilt: bool = True  # False: its inputs had not changed, the file on disk was kept
    note: str = ""  # what the renderer adds to the report line, e.g. "2 blank pages added"


def output_name(layout: Layout | PosterLayout, lang: str, extension: str = "pdf") -> str:
    """The one naming scheme: <layout>-<lang>.<ext>, e.g. handout-letter-fr.pdf, poster-tabloid-en.svg;
    a bilingual edition has bilingual or tete-beche for its language (RenderJob.edition)."""
    return f"{layout.name}-{lang}.{extension}"


def print_name(layout: Layout | PosterLayout, lang: str) -> str:
    """The print-shop PDF of a layout with `print:`: <layout>-<lang>-print.pdf."""
    return f"{layout.name}-{lang}-print.pdf"


@dataclass(frozen=True)
class RenderJob:
    """One render call and everything it receives: a layout, the localized text of one language,
    the map, the build time. Its digest, with the files it reads, says whether to redo it."""

    layout: Layout | PosterLayout
    doc: LocalDocument
    world: LocalMap
    places: MapContent
    created: datetime
    second: Side | None = None  # a bilingual edition's other language; doc and world are its first

    @property
    def edition(self) -> str:
        """What the output names carry after the layout's: the language, or bilingual or tete-beche."""
        return self.layout.bilingual.edition if self.layout.bilingual else self.doc.lang

    @property
    def key(self) -> str:
        return f"{self.layout.name}-{self.edition}"

    @property
    def file_count(self) -> int:
        """The files render_job makes: a poster's SVG, PDF and PNG or a handout's PDF, and the print PDF."""
        return (3 if isinstance(self.layout, PosterLayout) else 1) + (self.layout.print_spec is not None)


def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None,
          warn: Callable[[str], None] = lambda message: None,
          force: bool = False, processes: int = 1,
          started: Callable[[int], None] = lambda jobs: None) -> list[Output]:
    """Build the chosen layouts and languages (all by default) into output_dir.

    Outputs whose inputs did not change since they were written are kept (unless
    `force`); the others render in `processes` worker processes, then are written.
    `started` hears how many files the build will render, before the first one.
    """
    fontconfig.isolate(root / "fonts")
    content = load_content(root / CONTENT_FILE, root)
    places = load_map_content(root)
    page_text = load_page_text(root)
    chosen = list(layouts) or layout_names(root)
    if not chosen:
        raise AfficheError(Location("layouts/"), "no layout files found", "add a layouts/<name>.yaml file")
    wanted = tuple(languages)
    for lang in wanted:
        if lang not in LANGUAGES:
            raise AfficheError(Location("command line"), f"unknown language '{lang}'", "use fr or en")
    plans = [(layout, lang) for layout in (load_layout(name, root, content) for name in chosen)
             for lang in languages_to_build(layout, wanted)]
    if not plans:
        raise AfficheError(Location("command line"), "nothing to build for these layouts and languages",
                           "check the layout's 'languages:' list")
    preflight(content, places, plans, root, wanted, warn)
    created = build_time(content)
    jobs = [RenderJob(layout, localize(content, lang), localize_map(places, content, lang), places, created,
                      second_language(layout, content, places)) for layout, lang in plans]
    manifest = Manifest.read(output_dir)
    shared = shared_inputs_digest(root)
    digests = {job.key: digest(job, shared) for job in jobs}
    kept = set() if force else {job.key for job in jobs if manifest.unchanged(job.key, digests[job.key])}
    to_render = [job for job in jobs if job.key not in kept]
    started(sum(job.file_count for job in to_render))
    outputs = []
    with closing(render_all(to_render, root, output_dir, processes)) as rendered:
        for job in jobs:
            if job.key in kept:
                job_outputs = [Output(path, pages, path.stat().st_size, rebuilt=False)
                               for path, pages in manifest.files(job.key)]
            else:
                files = next(rendered)
                for path, data, *_ in files:
                    write_if_changed(path, data)
                job_outputs = [Output(path, pages, len(data), note=note) for path, data, pages, note in files]
                manifest.record(job.key, digests[job.key], files)
                manifest.write()  # after each job, so an interrupted build keeps what it finished
            for output in job_outputs:
                report(output)
            outputs += job_outputs
    # Last, so the page lists every output now in output_dir, this build's and earlier ones'.
    publish_download_page(root, output_dir, content, page_text, warn)
    return outputs


def languages_to_build(layout: Layout | PosterLayout, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The languages asked for; a bilingual edition holds both, so it is built whatever is asked,
    as one job led by its first language."""
    if layout.bilingual:
        return layout.bilingual.languages[:1]
    return tuple(lang for lang in layout.languages if not wanted or lang in wanted)


def second_language(layout: Layout | PosterLayout, content: Content, places: MapContent) -> Side | None:
    if not layout.bilingual:
        return None
    lang = layout.bilingual.languages[1]
    return Side(localize(content, lang), localize_map(places, content, lang))


def render_all(jobs: list[RenderJob], root: Path, output_dir: Path,
               processes: int) -> Iterator[list[tuple[Path, bytes, int, str]]]:
    """Each job's files, in the jobs' order; in worker processes when there are several to share.

    Workers are spawned, not forked: a fork would copy the watch and serve threads and
    fontconfig's state mid-flight. Each render is a pure function of its job, so the
    bytes are the same whichever process makes them.
    """
    workers = min(processes, len(jobs))
    if workers <= 1:
        yield from (render_job(job, root, output_dir) for job in jobs)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(render_job, jobs, repeat(root), repeat(output_dir))
    finally:  # on an error, renders not yet begun are dropped rather than waited for
        pool.shutdown(cancel_futures=True)


def shared_inputs_digest(root: Path) -> str:
    """What every job is made from besides its own arguments: the files renderers read, and the code."""
    read = [path for folder in INPUT_FOLDERS if (root / folder).is_dir()
            for path in (root / folder).rglob("*") if path.is_file()]
    return digest(files_digest(read), code_digest())


def preflight(content: Content, places: MapContent, plans: list[tuple[Layout | PosterLayout, str]], root: Path,
              languages: tuple[str, ...], warn: Callable[[str], None]) -> None:
    """The cheap preflight checks of what is about to be set: warnings go on, errors stop before any write."""
    layouts = list({layout.name: layout for layout, _ in plans}.values())
    findings = input_findings(content, places, layouts, root, languages or None)
    for finding in findings:
        if finding.severity == "warning":
            warn(finding.located())
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        raise PreflightFailed(errors)


def check(root: Path, output_dir: Path, strict: bool = False) -> list[Finding]:
    """`render.py check`: every preflight finding on the project's inputs and the PDFs in output_dir."""
    pdfs = output_pdfs(output_dir, root)  # first: a wrong --output is told before the slow checks
    fontconfig.isolate(root / "fonts")
    content = load_content(root / CONTENT_FILE, root)
    places = load_map_content(root)
    layouts = [load_layout(name, root, content) for name in layout_names(root)]
    return project_findings(content, places, layouts, root, pdfs, strict)


def render_job(job: RenderJob, root: Path, output_dir: Path) -> list[tuple[Path, bytes, int, str]]:
    """Every file of one layout in one language (or both), rendered in full before any is written:
    (path, bytes, pages, note for the report line)."""
    if job.second is not None:
        print_file = print_name(job.layout, job.edition)
        files = render_bilingual(job.layout, (Side(job.doc, job.world), job.second), job.places, root, job.created,
                                 print_file)
        return [(output_dir / (print_file if file.for_print else output_name(job.layout, job.edition, file.extension)),
                 file.data, file.pages, file.note) for file in files]
    return [(path, data, pages, "") for path, data, pages in single_language_files(job, root, output_dir)]


def single_language_files(job: RenderJob, root: Path, output_dir: Path) -> list[tuple[Path, bytes, int]]:
    layout, lang, doc, world, places, created = job.layout, job.doc.lang, job.doc, job.world, job.places, job.created
    print_path = output_dir / print_name(layout, lang)
    if isinstance(layout, PosterLayout):
        svg = render_poster(layout, doc, world, places, root)
        pdf, png = print_files(svg, doc, created)
        files = [(output_dir / output_name(layout, lang, extension), data, 1)
                 for extension, data in (("svg", svg.encode("utf-8")), ("pdf", pdf), ("png", png))]
        if layout.print_spec:
            files.append((print_path, print_shop_pdf(layout, doc, world, places, root, created, print_path.name), 1))
        return files
    pdf = render_handout(doc, world, places, layout, root, created)
    files = [(output_dir / output_name(layout, lang), pdf.data, pdf.pages)]
    if layout.print_spec:
        printed = render_handout_for_print(doc, world, places, layout, root, created, print_path.name)
        files.append((print_path, printed.data, printed.pages))
    return files
