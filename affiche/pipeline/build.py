"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated, and the output folder checked (folder.py), before the
first file is written, so a bad layout or content file, or a folder holding someone else's
files, stops the build with all previous outputs untouched.
"""
from __future__ import annotations

import functools
import gc
import hashlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import Finding, PreflightFailed
from ..errors import AfficheError, Location
from ..folders import INPUT_FOLDERS
from ..model.languages import LANGUAGES
from ..model.outputs import OutputFile, OutputName, Rendered
from ..pdf.weasyprint_compat import check_version
from . import fontconfig, unchanged
from .dates import build_time
from .fingerprint import digest, shared_digest
from .manifest import Manifest
from .stop import raise_if_asked
from .write import NotWritten, delete, write_with_record

if TYPE_CHECKING:
    from ..outputs.edition import Edition
    from ..pdf.variant import Variant
    from ..project import Project


@dataclass(frozen=True)
class Output:
    """A line of the build's report: one file, written now or kept from an earlier build."""

    path: Path
    pages: int
    size: int
    rebuilt: bool = True  # False: its inputs had not changed, the file on disk was kept
    note: str = ""  # what the writer adds to the report line, e.g. "2 blank pages added"


def naming_files_from_the_project(build_function):
    """A file the build cannot write is named as the build's other messages name files: from the
    project folder (write.py, which writes it, knows only its full path)."""
    @functools.wraps(build_function)
    def named(root: Path, *args, **kwargs):
        try:
            return build_function(root, *args, **kwargs)
        except NotWritten as error:
            raise error.seen_from(root) from None
    return named


@naming_files_from_the_project
def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None,
          warn: Callable[[str], None] = lambda message: None,
          force: bool = False, processes: int = 1,
          started: Callable[[int], None] = lambda files: None, screen_first: bool = False,
          stale: Callable[[], bool] = lambda: False, strict: bool = False) -> list[Output]:
    """Build the chosen layouts and languages (all by default) into output_dir.

    Editions whose inputs did not change since they were written are kept (unless
    `force`); the others render in `processes` worker processes, each edition's variants in
    turn by one of them, the longest first, each variant written once rendered. `started`
    hears how many files the build will render, before the first one. `screen_first`
    renders every screen variant before any print one (the preview is waiting for them);
    `stale` is asked before each variant is written, and a True stops the build there with
    Superseded. Translations behind their source are warned about, or stop the build when
    `strict`.
    """
    fontconfig.isolate(root / "fonts")
    check_version()
    layouts, wanted = list(layouts), chosen_languages(languages)
    request, raw_inputs = unchanged.request_key(layouts, wanted, strict), unchanged.input_digest(root, INPUT_FOLDERS)
    manifest = Manifest.read(output_dir)
    same = None if force else unchanged.kept(manifest, request, raw_inputs)
    if same is not None:  # the bytes of a good build: what it reported, having loaded nothing
        for message in same.warnings:
            warn(message)
        return kept_outputs(same.editions, output_dir, manifest, report)
    from ..project import load_project

    project = load_project(root)
    warnings: list[str] = []  # what a build asked for the same from the same bytes says again

    def warn_and_keep(message: str) -> None:
        warnings.append(message)
        warn(message)

    translation_preflight(project, warn_and_keep, strict)
    editions = plan(project, layouts, wanted)
    keys = [edition.key for edition in editions]
    shared = shared_digest(root)
    digests = {edition.key: digest(edition, shared) for edition in editions}
    kept = set() if force else {edition.key for edition in editions
                                if manifest.unchanged(edition.key, digests[edition.key])}
    to_render = [edition for edition in editions if edition.key not in kept]
    if not to_render and manifest.site_current(site_inputs(project, shared, output_dir, manifest)):
        unchanged.record(manifest, request, raw_inputs, keys, warnings)
        manifest.write()  # its record of this build alone, when that changed
        return kept_outputs(keys, output_dir, manifest, report)
    raise_if_asked()
    # A kept edition passed this preflight when it was made, and nothing it is made from changed since.
    from .run import renderer

    # The workers load the renderers while this process checks what they are about to set; each gets
    # whole editions (run.render_in_workers), so more workers than editions would wait for nothing.
    with renderer(root, min(processes, len(to_render))) as render:
        preflight(project, to_render, wanted, warn)
        from .folder import guard_output_folder  # it knows the page's files: only when something is written

        guard_output_folder(project, output_dir, manifest, to_render)
        started(sum(file_count(edition.layout) for edition in to_render))
        outputs = kept_outputs([edition.key for edition in editions if edition.key in kept], output_dir, manifest,
                               report)
        jobs = ordered_jobs(to_render, screen_first)
        left = {edition.key: sum(job[0] is edition for job in jobs) for edition in to_render}
        written: dict[str, list[OutputFile]] = {edition.key: [] for edition in to_render}
        earlier = {edition.key: manifest.files_or_none(edition.key) for edition in to_render}
        from ..outputs.download_page.publish import draw_thumbnails_ahead  # pdfium: only when something is set

        with closing(render(jobs)) as rendered:
            for edition, variant in jobs:
                may_stop_here(stale)  # before the render, which runs here when there is one process (watch)
                files = next(rendered)
                may_stop_here(stale)
                left[edition.key] -= 1
                inputs = digests[edition.key] if not left[edition.key] else INCOMPLETE
                made = write_variant(edition, variant, files, output_dir, manifest, inputs, written[edition.key],
                                     earlier[edition.key] if left[edition.key] else [])
                for output in made:
                    report(output)
                outputs += made
                draw_thumbnails_ahead(files)
    raise_if_asked()
    # Last, so the page lists every output now in output_dir, this build's and earlier ones'.
    publish_download_page(project, output_dir, manifest, warn, site_inputs(project, shared, output_dir, manifest))
    unchanged.record(manifest, request, raw_inputs, keys, warnings)
    manifest.write()
    return outputs


def may_stop_here(stale: Callable[[], bool]) -> None:
    """Between two variants: a Ctrl-C or SIGTERM noted meanwhile (stop.py) stops the build, and so
    does a newer save that made it stale."""
    raise_if_asked()
    if stale():
        raise Superseded()


def site_inputs(project: Project, shared: str, output_dir: Path, manifest: Manifest) -> str:
    """What the download page is made from: its words, and the files it lists as they are now
    (taken again once this build's files are written, for the record that the next build compares)."""
    listed = sorted((str(file.name), file.sha256) for file in manifest.all_files())
    return digest(shared, project.page_words, project.content.title, project.content.date,
                  named_like_outputs(output_dir), listed)


def warm_up(root: Path, layouts: Iterable[str] = (), languages: Iterable[str] = ()) -> bool:
    """Set the screen PDF of the first chosen edition once, in memory, writing nothing: a process
    that lives on (watch, serve, edit) then answers its first edit as fast as the next, with
    WeasyPrint imported, the fonts registered and their shaping caches filled; all of which is
    then left out of the collector's passes (gc.freeze), which otherwise walk it at every full
    one. False when the project cannot be set: the build that came before said why, and a later
    good one warms up."""
    from ..project import load_project

    fontconfig.isolate(root / "fonts")
    try:
        check_version()
        project = load_project(root)
        editions = plan(project, list(layouts), chosen_languages(languages))
        from .run import renderer

        with renderer(root, processes=1) as render:
            next(render(ordered_jobs(editions, screen_first=True)[:1]))
    except AfficheError:
        return False
    gc.collect()
    gc.freeze()
    return True


class Superseded(Exception):
    """A newer save made the build stale (watch): it stopped between two files, each whole."""


# What the manifest records as an edition's inputs while only some of its variants are written:
# no digest equals it, so the next build renders the edition again.
INCOMPLETE = "incomplete"


def ordered_jobs(editions: list[Edition], screen_first: bool) -> list[tuple[Edition, Variant]]:
    """Each variant of each edition: the screen ones first when asked, else the longest first."""
    from ..outputs.registry import relative_cost
    from ..pdf.variant import variants

    jobs = [(edition, variant) for edition in editions for variant in variants(edition.layout)]
    if screen_first:
        return sorted(jobs, key=lambda job: job[1].for_print)
    return sorted(jobs, key=lambda job: -relative_cost(job[0].layout))


def kept_files(key: str, output_dir: Path, manifest: Manifest) -> list[Output]:
    return [Output(output_dir / str(file.name), file.pages, (output_dir / str(file.name)).stat().st_size,
                   rebuilt=False) for file in manifest.files(key)]


def kept_outputs(keys: list[str], output_dir: Path, manifest: Manifest,
                 report: Callable[[Output], None]) -> list[Output]:
    outputs = [output for key in keys for output in kept_files(key, output_dir, manifest)]
    for output in outputs:
        report(output)
    return outputs


def named_like_outputs(output_dir: Path) -> list[str]:
    """The names in output/ that the download page lists or warns about."""
    names = sorted(path.name for path in output_dir.iterdir()) if output_dir.is_dir() else []
    return [name for name in names if OutputName.parse(name)]


def file_count(layout) -> int:
    from ..outputs.registry import file_count  # every writer's module: only when something renders

    return file_count(layout)


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
    warn_or_stop(input_findings(project, layouts, languages or None), warn)


def translation_preflight(project: Project, warn: Callable[[str], None], strict: bool) -> None:
    """Translations behind their source, whatever the build renders: an output kept from an earlier
    build is no more up to date with its translations than one set now."""
    from ..checks.translation import translation_findings

    warn_or_stop(translation_findings(project, strict), warn)


def warn_or_stop(findings: list[Finding], warn: Callable[[str], None]) -> None:
    """Warnings are printed and the build goes on; errors stop it before anything is written."""
    for finding in findings:
        if finding.severity == "warning":
            warn(finding.located())
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        raise PreflightFailed(errors)


def write_variant(edition: Edition, variant: Variant, rendered: list[Rendered], output_dir: Path,
                  manifest: Manifest, inputs: str, recorded: list[OutputFile], earlier: list[OutputFile]) -> list[Output]:
    """Write a variant's files with the manifest that records them beside the edition's files
    `recorded` so far in this build (to which they are added), so an interrupted build keeps what
    it finished; while the edition is incomplete, its `earlier` files not written again stay
    recorded too, since they are still affiche's, on disk."""
    layout, files, outputs = edition.layout, {}, []
    for file in rendered:
        name = edition.output_name(variant, file.extension)
        path = output_dir / str(name)
        files[path] = file.data
        recorded.append(OutputFile(name, layout.document, file.pages, (layout.page_width_mm, layout.page_height_mm),
                                   variant.bleed_mm, hashlib.sha256(file.data).hexdigest(), file.overflows))
        outputs.append(Output(path, file.pages, len(file.data), note=file.note))
    names = {str(file.name) for file in recorded}
    manifest.record(edition.key, inputs, recorded + [file for file in earlier if str(file.name) not in names])
    write_with_record(files, manifest.path, manifest.encoded())
    return outputs


def publish_download_page(project: Project, output_dir: Path, manifest: Manifest,
                          warn: Callable[[str], None], inputs: str | None = None) -> None:
    """The download page of every output the manifest records, written after the outputs themselves,
    and recorded with them as affiche's, with the digest of its `inputs` when known."""
    from ..outputs.download_page.publish import download_site
    from .folder import deletable, record_site_files, site_files_to_write

    site = download_site(project.root, output_dir, manifest.all_files(), project.content, project.page_words, warn)
    files = site_files_to_write(project.root, output_dir, manifest, site.files)
    stale = deletable(output_dir, manifest, site.stale)  # thumbnails of files no longer in output/ would only mislead
    # The stale thumbnails stay recorded until they are gone, so an interruption leaves none of affiche's unrecorded.
    record_site_files(output_dir, manifest, {**files, **{name: (output_dir / name).read_bytes() for name in stale}})
    write_with_record({output_dir / name: data for name, data in files.items()}, manifest.path, manifest.encoded())
    for name in stale:
        delete(output_dir / name)
    record_site_files(output_dir, manifest, files)
    manifest.site_inputs = inputs
    manifest.write()
