"""The preflight's findings as a table for a terminal or a CI log.

One row per finding (severity, check, where), its message and fix indented under
it; errors first. Colour only on a terminal, and lines wrapped only there: a log
keeps each message on one line, for grep.
"""
from __future__ import annotations

import textwrap

from . import SEVERITIES, Finding

COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
RESET = "\033[0m"
HEADINGS = ("severity", "check", "where")


def table(findings: list[Finding], colour: bool = False, width: int | None = None) -> str:
    """The findings, errors first; `width` wraps messages to a terminal's width."""
    if not findings:
        return summary(findings)
    ordered = sorted(findings, key=lambda finding: SEVERITIES.index(finding.severity))
    severity_width = max(len(text) for text in (HEADINGS[0], *SEVERITIES)) + 2
    check_width = max(len(text) for text in (HEADINGS[1], *(finding.check for finding in ordered))) + 2
    indent = " " * severity_width
    lines = [f"{HEADINGS[0]:<{severity_width}}{HEADINGS[1]:<{check_width}}{HEADINGS[2]}"]
    for finding in ordered:
        severity = f"{finding.severity:<{severity_width}}"
        if colour:
            severity = f"{COLOURS[finding.severity]}{finding.severity}{RESET}{severity[len(finding.severity):]}"
        lines.append(f"{severity}{finding.check:<{check_width}}{finding.where}")
        lines += _indented(finding.message, indent, width)
        if finding.fix:
            lines += _indented(f"fix: {finding.fix}", indent, width)
    return "\n".join(lines + ["", summary(findings)])


def summary(findings: list[Finding]) -> str:
    if not findings:
        return "preflight: no problems found"
    counts = [(sum(f.severity == severity for f in findings), severity) for severity in SEVERITIES]
    return "preflight: " + ", ".join(f"{count} {severity}{'' if count == 1 else 's'}" for count, severity in counts)


def _indented(text: str, indent: str, width: int | None) -> list[str]:
    if width is None:
        return [indent + text]
    return textwrap.wrap(text, width=max(width, len(indent) + 30), initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)
