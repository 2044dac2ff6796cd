"""Line breaking with real font metrics, for SVG, which has no line wrapping of its own.

Widths come from the TrueType files in fonts/ through reportlab's pdfmetrics, so a
line measured here has the width the renderers will give it. Lines break at
ordinary spaces only: the no-break spaces French typography puts before « : ; ? »
and inside amounts keep their words together, as in the PDF handout.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...localize.inline import Run
from ...model.theme import FontFamily

Line = tuple[Run, ...]


@dataclass(frozen=True)
class Face:
    """One font file at one size: what a run of text is measured with."""

    path: str
    size: float  # pt

    def width(self, text: str) -> float:
        return _metrics().stringWidth(text, _registered(self.path), self.size)

    @property
    def ascent(self) -> float:
        return _face_metrics(self.path)[0] * self.size / 1000


@dataclass(frozen=True)
class Typeface:
    """A family's regular, bold and italic files, resolved against the project folder."""

    family: FontFamily
    root: Path

    def face(self, size: float, bold: bool = False, italic: bool = False, weight: int | None = None) -> Face:
        wanted = (weight or (700 if bold else 400), "italic" if italic else "normal")
        faces = {(face.weight, face.style): face.file for face in self.family.faces}
        file = faces.get(wanted) or faces.get((wanted[0], "normal")) or faces.get((400, wanted[1])) \
            or next(iter(faces.values()))
        return Face(str(self.root / file), size)


def wrap(runs: tuple[Run, ...], typeface: Typeface, size: float, width: float) -> list[Line]:
    """Greedy line breaking of styled runs into lines no wider than `width` points.

    A single word wider than the line is left on its own line: `widest_line` lets the
    caller report by how much it overflows.
    """
    words = _words(runs)
    lines: list[list[Run]] = []
    current: list[Run] = []
    used = 0.0
    for word in words:
        word_width = sum(_measure(piece, typeface, size) for piece in word)
        space = _measure(Run(" ", word[0].bold, word[0].italic), typeface, size) if current else 0.0
        if current and used + space + word_width > width:
            lines.append(current)
            current, used, space = [], 0.0, 0.0
        if current:
            current.append(Run(" ", word[0].bold, word[0].italic, word[0].href))
        current.extend(word)
        used += space + word_width
    if current:
        lines.append(current)
    return [_merge(line) for line in lines]


def line_width(line: Line, typeface: Typeface, size: float) -> float:
    return sum(_measure(run, typeface, size) for run in line)


def _measure(run: Run, typeface: Typeface, size: float) -> float:
    return typeface.face(size, run.bold, run.italic).width(run.text)


def _words(runs: tuple[Run, ...]) -> list[list[Run]]:
    """Split runs at ordinary spaces; a word may span several styles (**PEPM**, say)."""
    words: list[list[Run]] = []
    current: list[Run] = []
    for run in runs:
        pieces = run.text.split(" ")
        for index, piece in enumerate(pieces):
            if index and current:
                words.append(current)
                current = []
            if piece:
                current.append(Run(piece, run.bold, run.italic, run.href))
    if current:
        words.append(current)
    return words


def _merge(line: list[Run]) -> Line:
    """Join neighbouring pieces of the same style, so each style change is one tspan."""
    merged: list[Run] = []
    for run in line:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return tuple(merged)


def _metrics():
    """reportlab's font metrics, imported when a first line is measured: the glyph checks, which
    only pick faces, need none of it."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics


@cache
def _registered(path: str) -> str:
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"affiche-{Path(path).stem}"
    _metrics().registerFont(TTFont(name, path))
    return name


@cache
def _face_metrics(path: str) -> tuple[float, float]:
    font = _metrics().getFont(_registered(path))
    return font.face.ascent, font.face.descent
