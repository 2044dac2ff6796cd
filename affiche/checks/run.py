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

from ..model.layout import Layout
from ..pipeline.dates import build_time
from ..project import Project
from . import SEVERITIES, Finding
from .colour import colour_vision_findings
from .content import empty_category_findings, glyph_findings
from .invisible import invisible_findings
from .language import language_findings
from .sizes import type_size_findings
from .translation import translation_findings


def project_findings(project: Project, pdfs: list[Path], strict: bool = False) -> list[Finding]:
    """Everything `render.py check` reports: inputs, overflows in every edition of every layout, the
    language of the texts and the translations that fell behind (errors rather than warnings when
    strict), the output PDFs."""
    from .layouts import overflow_findings  # these lay out the editions and read PDFs: for check alone
    from .outputs import output_findings

    layouts = project.layouts()
    content, places, root = project.content, project.places, project.root
    findings = input_findings(project, layouts)
    for edition in project.editions(layouts, (), build_time(content)):
        findings += overflow_findings(edition, content, root)
    findings += language_findings(content, strict, places)
    findings += translation_findings(project, strict)
    findings += output_findings(pdfs, layouts, root)
    return sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity))


def input_findings(project: Project, layouts: Iterable[Layout],
                   languages: Iterable[str] | None = None) -> list[Finding]:
    """The cheap checks of what a build is about to set; `languages` None means every one a layout lists."""
    layouts = list(layouts)
    findings = glyph_findings(project.content, layouts, project.root, languages)
    for layout in layouts:
        findings += type_size_findings(layout, project.root) + colour_vision_findings(layout)
    findings += invisible_findings(project.content, project.places, project.page_words)
    return findings + empty_category_findings(project.places)


def exit_status(findings: list[Finding]) -> int:
    """1 when any finding is an error, 0 otherwise."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0
