"""`render.py check`: every preflight finding on the project's inputs and the PDFs in an output folder."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..checks import Finding
from ..checks.outputs import output_pdfs
from ..checks.run import exit_status, project_findings
from ..checks.table import table
from ..pdf.weasyprint_compat import check_version
from ..pipeline import fontconfig
from ..project import load_project
from .console import colour_terminal


def check(root: Path, output_dir: Path, strict: bool = False) -> list[Finding]:
    pdfs = output_pdfs(output_dir, root)  # first: a wrong --output is told before the slow checks
    fontconfig.isolate(root / "fonts")
    check_version()
    return project_findings(load_project(root), pdfs, strict)


def run(root: Path, output_dir: Path, strict: bool) -> int:
    findings = check(root, output_dir, strict)
    print(table(findings, colour=colour_terminal(), width=terminal_width()))
    return exit_status(findings)


def terminal_width() -> int | None:
    """Wrap to the terminal; never in a pipe or a CI log."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None
