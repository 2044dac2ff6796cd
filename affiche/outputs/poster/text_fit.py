"""Line breaking with real font metrics, for SVG, which has no line wrapping of its own.

Widths come from the TrueType files in fonts/ through reportlab's pdfmetrics, with the
letter-spacing of the style added to every character, as CSS adds it. The poster's PDF is set
by WeasyPrint with kerning and ligatures off, so a line measured here has the width it prints
with. Lines break at ordinary spaces: the no-break spaces French typography puts before « : ; ? »
and inside amounts keep their words together. A word that would run past its line, or leave its
line very short, breaks at a hyphenation point of its language (hyphenate.py).

Ascent and descent follow the rule HarfBuzz applies for Pango, and so for WeasyPrint: the
OS/2 typographic values when the font asks for them (USE_TYPO_METRICS), else hhea's. The SVG
puts each baseline where WeasyPrint puts it, so both show the same lines in the same places.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...localize.inline import Run
from ...model.theme import FontFamily
from .hyphenate import HYPHEN, break_points

Line = tuple[Run, ...]
Word = list[Run]
RAGGED_FILL = 0.8  # a line left fuller than this is not worth a hyphen
USE_TYPO_METRICS = 1 << 7  # OS/2 fsSelection bit


@dataclass(frozen=True)
class Face:
    """One font file at one size: what a run of text is measured with."""

    path: str
    size: float  # pt

    def width(self, text: str) -> float:
        return _metrics().stringWidth(text, _registered(self.path), self.size)

    @property
    def ascent(self) -> float:
        return _vertical_metrics(self.path)[0] * self.size

    @property
    def descent(self) -> float:
        return _vertical_metrics(self.path)[1] * self.size

    def baseline(self, line_height: float) -> float:
        """From the top of a line box `line_height` tall: CSS's half-leading above the ascent."""
        return (line_height - self.ascent - self.descent) / 2 + self.ascent


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


@dataclass(frozen=True)
class Measure:
    """What a line is measured with: the face, its size, the letter-spacing (pt) and the language;
    `ragged` False breaks a word only where it would overflow (headings are better short)."""

    typeface: Typeface
    size: float
    letter_spacing: float
    language_tag: str
    ragged: bool = True

    def run(self, run: Run) -> float:
        return self.typeface.face(self.size, run.bold, run.italic).width(run.text) + \
            self.letter_spacing * len(run.text)

    def runs(self, runs) -> float:
        return sum(self.run(run) for run in runs)


def wrap(runs: tuple[Run, ...], measure: Measure, width: float) -> list[Line]:
    """Greedy line breaking of styled runs into lines no wider than `width` points, breaking a
    word that would overflow its line or leave it very short. A word that cannot break and is
    wider than the line is left on its own line: the caller reports by how much it overflows."""
    lines: list[Line] = []
    current: list[Run] = []
    used = 0.0
    words = deque(_words(runs))
    while words:
        word = words.popleft()
        space = measure.run(_space(word)) if current else 0.0
        word_width = measure.runs(word)
        if used + space + word_width <= width:
            current += ([_space(word)] if current else []) + word
            used += space + word_width
            continue
        ragged = measure.ragged and used + space < width * RAGGED_FILL
        split = _split(word, measure, width - used - space) if (ragged or word_width > width) else None
        if split:
            head, tail = split
            current += ([_space(word)] if current else []) + head
            words.appendleft(tail)
        elif not current:
            current = word  # alone and unbreakable: it overflows its line
        else:
            words.appendleft(word)
        lines.append(_merge(current))
        current, used = [], 0.0
    if current:
        lines.append(_merge(current))
    return lines


def _split(word: Word, measure: Measure, room: float) -> tuple[Word, Word] | None:
    """The word cut at its last break point whose first piece (and hyphen) fits in `room`."""
    text = "".join(run.text for run in word)
    address = any(run.href for run in word)
    for point in reversed(break_points(text, measure.language_tag, address)):
        head, tail = _cut(word, point.at)
        if point.hyphen:
            last = head[-1]
            head = head + [Run(HYPHEN, last.bold, last.italic, last.href)]
        if measure.runs(head) <= room:
            return head, tail
    return None


def _cut(word: Word, at: int) -> tuple[Word, Word]:
    """The word's runs split before character `at` of its text."""
    head: Word = []
    tail: Word = []
    seen = 0
    for run in word:
        if seen + len(run.text) <= at:
            head.append(run)
        elif seen >= at:
            tail.append(run)
        else:
            cut = at - seen
            head.append(Run(run.text[:cut], run.bold, run.italic, run.href))
            tail.append(Run(run.text[cut:], run.bold, run.italic, run.href))
        seen += len(run.text)
    return head, tail


def _space(word: Word) -> Run:
    """The space before a word, in its first run's style (a link's space is no part of the link)."""
    return Run(" ", word[0].bold, word[0].italic)


def _words(runs: tuple[Run, ...]) -> list[Word]:
    """Split runs at ordinary spaces; a word may span several styles (**PEPM**, say)."""
    words: list[Word] = []
    current: Word = []
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
def _vertical_metrics(path: str) -> tuple[float, float]:
    """(ascent, descent) in ems, as HarfBuzz reads them for Pango."""
    import logging

    from fontTools.ttLib import TTFont

    # fontTools warns that these fonts' creation dates look too early: true, and of no matter here.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    font = TTFont(path, lazy=True)
    em = font["head"].unitsPerEm
    os2, hhea = font["OS/2"], font["hhea"]
    if os2.fsSelection & USE_TYPO_METRICS:
        return os2.sTypoAscender / em, -os2.sTypoDescender / em
    return hhea.ascent / em, -hhea.descent / em
