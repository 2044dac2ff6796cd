"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated before the first file is written, so a bad
layout or content file stops the build with all previous outputs untouched.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import PreflightFailed
from ..errors import AfficheError, Location
from ..model.languages import LANGUAGES
from ..model.outputs import OutputFile, Rendered
from ..outputs.edition import Edition
from ..pdf.weasyprint_compat import check_version
from ..project import Project, drawn_files, load_project
from . import fontconfig
from .dates import build_time
from .fingerprint import code_digest, digest, files_digest
from .manifest import Manifest
from .write import write_if_changed

if TYPE_CHECKING:
    from ..pdf.variant import Variant


@dataclass(frozen=True)
class Output:
    """A line of the build's report: one file, written now or kept from an earlier build."""

    path: Path
    pages: int
    size: int
    rebuilt: bool = True  # False: its inputs had not changed, the file on disk was kept
    note: str = ""  # what the writer adds to the report line, e.g. "2 blank pages added"


def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None,
          warn: Callable[[str], None] = lambda message: None,
          force: bool = False, processes: int = 1,
          started: Callable[[int], None] = lambda files: None) -> list[Output]:
    """Build the chosen layouts and languages (all by default) into output_dir.

    Editions whose inputs did not change since they were written are kept (unless
    `force`); the others render in `processes` worker processes, then are written.
    `started` hears how many files the build will render, before the first one.
    """
    fontconfig.isolate(root / "fonts")
    check_version()
    project = load_project(root)
    wanted = chosen_languages(languages)
    editions = plan(project, list(layouts), wanted)
    manifest = Manifest.read(output_dir)
    shared = digest(files_digest(drawn_files(root)), code_digest())
    digests = {edition.key: digest(edition, shared) for edition in editions}
    kept = set() if force else {edition.key for edition in editions
                                if manifest.unchanged(edition.key, digests[edition.key])}
    to_render = [edition for edition in editions if edition.key not in kept]
    # A kept edition passed this preflight when it was made, and nothing it is made from changed since.
    preflight(project, to_render, wanted, warn)
    started(sum(file_count(edition.layout) for edition in to_render))
    outputs = []
    with closing(render(to_render, root, processes)) as rendered:
        for edition in editions:
            if edition.key in kept:
                made = [Output(output_dir / str(file.name), file.pages, (output_dir / str(file.name)).stat().st_size,
                               rebuilt=False) for file in manifest.files(edition.key)]
            else:
                made = write_edition(edition, next(rendered), output_dir, manifest, digests[edition.key])
            for output in made:
                report(output)
            outputs += made
    # Last, so the page lists every output now in output_dir, this build's and earlier ones'.
    publish_download_page(project, output_dir, manifest, warn)
    return outputs


def file_count(layout) -> int:
    from ..outputs.registry import file_count  # the writers import WeasyPrint and pdfium: only when rendering

    return file_count(layout)


def render(editions: list[Edition], root: Path, processes: int):
    """The editions' files, one edition at a time (pipeline/run.py); nothing is imported for none."""
    if not editions:
        return
    from .run import render_all

    yield from render_all(editions, root, processes)


def chosen_languages(languages: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(languages)
    for lang in wanted:
        if lang not in LANGUAGES:
            raise AfficheError(Location("command line"), f"unknown language '{lang}'",
                               f"use {' or '.join(LANGUAGES)}")
    return wanted


def plan(project: Project, layouts: list[str], wanted: tuple[str, ...]) -> list[Edition]:
    """Every edition to build: each chosen layout in each wanted language, or in both at once."""
    editions = project.editions(project.layouts(layouts), wanted, build_time(project.content))
    if not editions:
        raise AfficheError(Location("command line"), "nothing to build for these layouts and languages",
                           "check the layout's 'languages:' list")
    return editions


def preflight(project: Project, editions: list[Edition], languages: tuple[str, ...],
              warn: Callable[[str], None]) -> None:
    """The cheap preflight checks of what is about to be set: warnings go on, errors stop before any write."""
    if not editions:
        return
    from ..checks.run import input_findings  # the checks read fonts: only when something is set

    layouts = list({edition.layout.name: edition.layout for edition in editions}.values())
    findings = input_findings(project, layouts, languages or None)
    for finding in findings:
        if finding.severity == "warning":
            warn(finding.located())
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        raise PreflightFailed(errors)


def write_edition(edition: Edition, rendered: list[tuple[Variant, Rendered]], output_dir: Path,
                  manifest: Manifest, inputs: str) -> list[Output]:
    """Write an edition's files, then record them, so an interrupted build keeps what it finished."""
    layout, recorded, outputs = edition.layout, [], []
    for variant, file in rendered:
        name = edition.output_name(variant, file.extension)
        path = output_dir / str(name)
        write_if_changed(path, file.data)
        recorded.append(OutputFile(name, layout.document, file.pages, (layout.page_width_mm, layout.page_height_mm),
                                   variant.bleed_mm, hashlib.sha256(file.data).hexdigest()))
        outputs.append(Output(path, file.pages, len(file.data), note=file.note))
    manifest.record(edition.key, inputs, recorded)
    manifest.write()
    return outputs


def publish_download_page(project: Project, output_dir: Path, manifest: Manifest,
                          warn: Callable[[str], None]) -> None:
    """The download page of every output the manifest records, written after the outputs themselves."""
    from ..outputs.download_page.publish import download_site

    site = download_site(project.root, output_dir, manifest.all_files(), project.content, project.page_words, warn)
    for name, data in site.files.items():
        write_if_changed(output_dir / name, data)
    for name in site.stale:  # thumbnails of files no longer in output/ would only mislead
        (output_dir / name).unlink()
