"""Checks that report findings instead of stopping at the first problem.

`render.py check` gathers the findings of every check (content, layouts, language,
outputs) into one table; `render.py build` stops on the errors among those that
concern what it writes.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import AfficheError

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found: how bad, where (file:line or output page), what, and how to fix it."""

    severity: str  # "error" | "warning"
    where: str  # "data/handout.yaml:68:9: sections[1].bullets[0].en" or "output/x.pdf page 2"
    check: str  # short name of the check that found it, e.g. "missing-glyph"
    message: str
    fix: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def one_line(self) -> str:
        return f"{self.severity}: {self.located()}"

    def located(self) -> str:
        """Where, what and the fix, without the severity: the build's warning lines."""
        text = f"{self.where}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class PreflightFailed(AfficheError):
    """The build's preflight found errors, so nothing was written: exit status 1.

    Callers print it as every AfficheError, "error: " and one_line(); here that makes
    one "error: …" line per finding.
    """

    exit_status = 1

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(findings[0].where, findings[0].message, findings[0].fix)

    def one_line(self) -> str:
        return "\nerror: ".join(finding.located() for finding in self.findings)
