"""The content's inline markup: **bold**, *italic* and {placeholders}, nothing else.

Everything that is not markup is literal text: renderers escape it, so a
`<script>` typed in a paragraph prints as those characters. Invisible control
characters (which YAML's "\x01" escapes can produce) are refused: XML cannot hold
most of them, so the poster's SVG would not even parse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_TOKEN = re.compile(r"\*\*|\*")
# C0 and C1 controls but tab and line breaks, lone surrogates, and U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; `href` marks a link (an e-mail address)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


class MarkupError(ValueError):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.fix = fix


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def parse_runs(text: str) -> tuple[Run, ...]:
    """Split text at ** and * markers into styled runs; unbalanced markers and control characters are errors."""
    control = _CONTROL.search(text)
    if control:
        raise MarkupError(f"control or invalid character U+{ord(control.group()):04X} at character "
                          f"{control.start() + 1}", "delete it (retype the text around it if unsure)")
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
        raise MarkupError(f"'{marker}' opens bold or italic text that is never closed",
                          "close it with the same marker, or remove it")
    return tuple(runs)


def plain(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)
