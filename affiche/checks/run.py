"""The preflight's runner: every check family for `render.py check`, the cheap ones for the build.

`render.py check` sets nothing new: it composes the posters and lays out the
handouts in memory to find overflows, measures the themes' colours through the print
profile, and reads the PDFs already in output/ (their plates through Ghostscript).
The build runs only the checks of its inputs that cost little (characters the
fonts lack, type under the minimum size, legend categories left empty, invisible
characters in the text), before anything is written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..model.layout import Layout
from ..outputs.edition import Edition
from ..pipeline.dates import build_time
from ..pipeline.stop import raise_if_asked
from ..project import Project
from . import SEVERITIES, Finding
from .colour import colour_vision_findings
from .content import empty_category_findings, glyph_findings
from .invisible import invisible_findings
from .language import language_findings
from .print_colour import theme_print_findings
from .sizes import type_size_findings
from .translation import translation_findings

# A second process takes about 0.4 s of a core to start (Python, pikepdf, pdfium); reading PDFs
# takes about 2.5 s a megabyte, so below this a check reads them in its own process.
PARALLEL_READING_BYTES = 160_000


def project_findings(project: Project, pdfs: list[Path], strict: bool = False) -> list[Finding]:
    """Everything `render.py check` reports: inputs, overflows in every edition of every layout, the
    language of the texts and the translations that fell behind (errors rather than warnings when
    strict), the themes' colours, the output PDFs and their plates."""
    from .layouts import overflow_findings  # it lays out the editions: for check alone

    layouts = project.layouts()
    content, places, root = project.content, project.places, project.root
    with printed_findings(pdfs, layouts, root) as printed:
        findings = input_findings(project, layouts)
        editions = project.editions(layouts, (), build_time(content))
        built = built_overflows(editions, root, pdfs[0].parent) if pdfs else {}
        for edition in editions:
            raise_if_asked()  # Ctrl-C or SIGTERM (pipeline/stop.py), between two editions laid out
            findings += overflow_findings(edition, content, root, built.get(edition.key))
        findings += language_findings(content, strict, places)
        findings += theme_findings(layouts)
        findings += translation_findings(project, strict)
        findings += printed()
    return sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity))


@contextmanager
def printed_findings(pdfs: list[Path], layouts: list[Layout], root: Path) -> Iterator[Callable[[], list[Finding]]]:
    """What the PDFs show, when asked. They are read in a second process while this one lays the
    editions out: for the default project the two halves take about as long, each on its own
    core. PDFs too small to repay that process's start are read here."""
    if sum(pdf.stat().st_size for pdf in pdfs) < PARALLEL_READING_BYTES:
        yield lambda: printed_file_findings(pdfs, layouts, root)
        return
    from ..pipeline.run import awaited, signals_held, sigint_blocked, worker_pool

    with worker_pool(root, 1) as pool:
        with signals_held(), sigint_blocked():
            printed = pool.submit(printed_file_findings, pdfs, layouts, root)
        yield lambda: awaited(printed)


def printed_file_findings(pdfs: list[Path], layouts: list[Layout], root: Path) -> list[Finding]:
    """What the PDFs in the output folder show, and their plates through Ghostscript."""
    from .outputs import output_findings  # pikepdf, pdfium: in the process that reads the PDFs
    from .separations import separation_findings

    return output_findings(pdfs, layouts, root) + separation_findings(pdfs, layouts, root)


def built_overflows(editions: list[Edition], root: Path, output_dir: Path) -> dict[str, tuple]:
    """What each edition's build recorded as set past its columns or frames, for the editions whose
    outputs in output_dir are as their inputs make them today: their layout is known without doing
    it again."""
    from ..pipeline.fingerprint import digest, shared_digest
    from ..pipeline.manifest import Manifest

    manifest, shared = Manifest.read(output_dir), shared_digest(root)
    return {edition.key: screen.overflows for edition in editions
            if manifest.unchanged(edition.key, digest(edition, shared))
            for screen in manifest.files(edition.key) if screen.name.variant == "screen"
            and screen.name.extension == "pdf"}


def theme_findings(layouts: Iterable[Layout]) -> list[Finding]:
    """Each theme once: its map colours for colour-blind readers, on screen and, when a layout of it
    has a print PDF, in print; and the inks of a theme that prints."""
    themes, printing = {}, {}
    for layout in layouts:
        themes[layout.theme.name] = layout.theme
        printing[layout.theme.name] = printing.get(layout.theme.name, False) or layout.print_spec is not None
    findings = []
    for name, theme in themes.items():
        findings += colour_vision_findings(theme, printing[name])
    return findings + theme_print_findings(themes[name] for name in themes if printing[name])


def input_findings(project: Project, layouts: Iterable[Layout],
                   languages: Iterable[str] | None = None) -> list[Finding]:
    """The cheap checks of what a build is about to set; `languages` None means every one a layout lists."""
    layouts = list(layouts)
    findings = glyph_findings(project.content, layouts, project.root, languages)
    for layout in layouts:
        findings += type_size_findings(layout, project.root)
    findings += invisible_findings(project.content, project.places, project.page_words)
    return findings + empty_category_findings(project.places)


def exit_status(findings: list[Finding]) -> int:
    """1 when any finding is an error, 0 otherwise."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0
