"""The content's inline markup: **bold**, *italic* and {placeholders}, nothing else.

Everything that is not markup is literal text: renderers escape it, so a
`<script>` typed in a paragraph prints as those characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_TOKEN = re.compile(r"\*\*|\*")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; `href` marks a link (an e-mail address)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


class MarkupError(ValueError):
    pass


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def parse_runs(text: str) -> tuple[Run, ...]:
    """Split text at ** and * markers into styled runs; unbalanced markers are an error."""
    runs: list[Run] = []
    bold = italic = False
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position:match.start()], bold, italic))
        if match.group() == "**":
            bold = not bold
        else:
            italic = not italic
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:], bold, italic))
    if bold or italic:
        marker = "**" if bold else "*"
        raise MarkupError(f"'{marker}' opens bold or italic text that is never closed")
    return tuple(runs)


def plain(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)
