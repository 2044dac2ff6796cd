"""Text set into a poster's frames: lines broken and placed once, for the SVG and the PDF alike.

A TextColumn is a frame of fixed width and height; paragraphs flow down it line by line and
become a tree of Nodes (a section, its heading, its list and items), each paragraph with its
lines and where they stand. svg.py draws that tree as <text> lines, html.py as the HTML
WeasyPrint sets into the tagged PDF, so both show the same lines in the same places. What does
not fit is still placed (so a proof shows it) and reported as an overflow in points, which the
caller turns into an error naming the block.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from ...localize.inline import Run
from .text_fit import Face, Line, Measure, Typeface, wrap

LIST_MARKER = "\u25aa"  # the handouts' bullet, in the headings face
MARKER_GAP = "\u2002"  # an en space between a marker and its text, as CSS list-style strings have


# A poster's screen and print variants set the same paragraphs at the same widths, and so does
# each edit in watch for every paragraph it leaves alone.
@lru_cache(maxsize=4096)
def _lines(runs: tuple[Run, ...], measure: Measure, width: float) -> tuple[tuple[Line, ...], float]:
    """The runs broken into lines `width` points wide, and how far the widest passes that width."""
    lines = tuple(wrap(runs, measure, width))
    return lines, max((measure.runs(line) - width for line in lines), default=float("-inf"))


@dataclass(frozen=True)
class TextStyle:
    typeface: Typeface
    size: float  # pt
    leading: float  # line height as a multiple of size
    colour: str  # sRGB, as the theme gives it
    weight: int = 400  # of the whole paragraph; runs may add bold or italic
    letter_spacing: float = 0.0  # em
    ragged_breaks: bool = True  # break a word to fill a very short line, not only one that overflows

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    @property
    def face(self) -> Face:
        return self.typeface.face(self.size, weight=self.weight)

    def measure(self, language_tag: str) -> Measure:
        return Measure(self.typeface, self.size, self.letter_spacing * self.size, language_tag, self.ragged_breaks)


@dataclass(frozen=True)
class Marker:
    """A list item's marker: a glyph (with its gap) set before the item's first line, outside it."""

    glyph: str
    style: TextStyle  # its face, size and colour; its line height is the item's

    @property
    def text(self) -> str:
        return self.glyph + MARKER_GAP


@dataclass(frozen=True)
class Paragraph:
    """Lines of one style, the first line box's top at `top`, starting at `x`."""

    style: TextStyle
    x: float
    top: float
    width: float
    lines: tuple[Line, ...]
    marker: Marker | None = None

    def baselines(self) -> list[float]:
        height = self.style.line_height
        return [self.top + index * height + self.style.face.baseline(height) for index in range(len(self.lines))]

    def marker_origin(self) -> tuple[float, float]:
        """Where the marker's glyph starts and its baseline: its box ends where the text starts,
        its line box is the first line's (as WeasyPrint sets an outside list marker)."""
        marker = self.marker
        width = marker.style.measure("").runs((Run(marker.text),))
        return self.x - width, self.top + marker.style.face.baseline(self.style.line_height)


@dataclass
class Node:
    """An element of the poster's text: a section, heading, paragraph, list or list item."""

    tag: str  # section, div, ul, li, p, h1, h2, h3
    text: Paragraph | None = None  # the lines of a heading, paragraph or item
    children: list[Node] = field(default_factory=list)
    lang: str | None = None  # BCP 47, when it is another language than the poster's
    classes: tuple[str, ...] = ()


@dataclass
class TextColumn:
    x: float
    y: float
    width: float
    height: float
    language_tag: str  # for hyphenation; a paragraph's `lang` overrides it
    root: Node = field(default_factory=lambda: Node("div"))
    cursor: float = 0.0  # from the top of the frame
    overflow_x: float = 0.0
    _open: list[Node] = field(default_factory=list)

    @property
    def overflow_y(self) -> float:
        return max(0.0, self.cursor - self.height)

    @property
    def overflow(self) -> float:
        return max(self.overflow_x, self.overflow_y)

    def paragraph(self, runs: tuple[Run, ...], style: TextStyle, *, tag: str = "p", indent: float = 0.0,
                  space_after: float = 0.0, marker: Marker | None = None, lang: str | None = None,
                  classes: tuple[str, ...] = ()) -> Node:
        """Set runs as wrapped lines and add them as a `tag` element; `lang` (a BCP 47 tag) marks
        a paragraph in another language than the poster's."""
        width = self.width - indent
        bold = style.weight >= 700
        runs = tuple(Run(r.text, r.bold or bold, r.italic, r.href) for r in runs)
        lines, overflow = _lines(runs, style.measure(lang or self._language()), width)
        self.overflow_x = max(self.overflow_x, overflow)
        node = Node(tag, Paragraph(style, self.x + indent, self.y + self.cursor, width, lines, marker),
                    lang=lang, classes=classes)
        self._container().children.append(node)
        self.cursor += style.line_height * len(lines) + space_after
        return node

    @contextmanager
    def element(self, tag: str, lang: str | None = None, classes: tuple[str, ...] = ()) -> Iterator[Node]:
        """Paragraphs set inside the block are this element's children."""
        node = Node(tag, lang=lang, classes=classes)
        self._container().children.append(node)
        with self.inside(node):
            yield node

    @contextmanager
    def inside(self, node: Node) -> Iterator[Node]:
        """Paragraphs set inside the block are children of `node` (a list item's own list, say)."""
        self._open.append(node)
        try:
            yield node
        finally:
            self._open.pop()

    def gap(self, points: float) -> None:
        self.cursor += points

    def _language(self) -> str:
        """The language of what is set now: the nearest open element's, or the column's."""
        return next((node.lang for node in reversed(self._open) if node.lang), self.language_tag)

    def _container(self) -> Node:
        return self._open[-1] if self._open else self.root
