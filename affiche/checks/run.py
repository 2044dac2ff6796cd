"""The preflight's runner: every check family for `render.py check`, the cheap ones for the build.

`render.py check` sets nothing new: it composes the posters and lays out the
handouts in memory to find overflows, and reads the PDFs already in output/.
The build runs only the checks of its inputs that cost little (characters the
fonts lack, type under the minimum size, legend categories left empty, invisible
characters in the text), before anything is written.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..downloads import load_page_text
from ..model import Content, Layout, MapContent, PosterLayout
from . import SEVERITIES, Finding
from .content import empty_category_findings, glyph_findings
from .invisible import invisible_findings
from .language import language_findings
from .layouts import handout_overflow_findings, poster_overflow_findings, type_size_findings
from .outputs import output_findings


def project_findings(content: Content, places: MapContent, layouts: list[Layout | PosterLayout], root: Path,
                     pdfs: list[Path], strict: bool = False) -> list[Finding]:
    """Everything `render.py check` reports: inputs, overflows in every layout and language, the
    language of the texts (errors rather than warnings when strict), the output PDFs."""
    findings = input_findings(content, places, layouts, root)
    for layout in layouts:
        findings += overflow_findings(layout, content, places, root)
    findings += language_findings(content, strict, places)
    findings += output_findings(pdfs, layouts, root)
    return sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity))


def input_findings(content: Content, places: MapContent, layouts: Iterable[Layout | PosterLayout], root: Path,
                   languages: Iterable[str] | None = None) -> list[Finding]:
    """The cheap checks of what a build is about to set; `languages` None means every one a layout lists."""
    layouts = list(layouts)
    findings = glyph_findings(content, layouts, root, languages)
    for layout in layouts:
        findings += type_size_findings(layout, root)
    # The page's words are read from root, as the fonts are; the build reads that small file twice.
    findings += invisible_findings(content, places, load_page_text(root))
    return findings + empty_category_findings(places)


def overflow_findings(layout: Layout | PosterLayout, content: Content, places: MapContent,
                      root: Path) -> list[Finding]:
    if isinstance(layout, PosterLayout):
        return poster_overflow_findings(layout, content, places, root, layout.languages)
    return handout_overflow_findings(layout, content, places, root, layout.languages)


def exit_status(findings: list[Finding]) -> int:
    """1 when any finding is an error, 0 otherwise."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0
