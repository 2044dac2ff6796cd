"""Wrapped text set into SVG <text> lines, with an overflow measure.

A TextColumn is a frame of fixed width and height; paragraphs flow down it line by
line. What does not fit is still drawn (so a proof shows it) and reported as an
overflow in points, which the caller turns into an error naming the block.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ...localize.inline import Run
from .text_fit import Typeface, line_width, wrap


@dataclass(frozen=True)
class TextStyle:
    typeface: Typeface
    size: float  # pt
    leading: float  # line height as a multiple of size
    colour: str
    weight: int = 400  # of the whole paragraph; runs may add bold or italic
    letter_spacing: float = 0.0  # em

    @property
    def line_height(self) -> float:
        return self.size * self.leading


@dataclass
class TextColumn:
    x: float
    y: float
    width: float
    height: float
    parts: list[str] = field(default_factory=list)
    cursor: float = 0.0  # from the top of the frame
    overflow_x: float = 0.0

    @property
    def overflow_y(self) -> float:
        return max(0.0, self.cursor - self.height)

    def paragraph(self, runs: tuple[Run, ...], style: TextStyle, *, indent: float = 0.0,
                  space_after: float = 0.0, marker: str | None = None, lang: str | None = None) -> None:
        """Set runs as wrapped lines; `marker` draws a small square of that colour before line one;
        `lang` (a BCP 47 tag) marks lines in another language than the document's."""
        if lang:
            self.parts.append(f'<g xml:lang="{lang}">')
        width = self.width - indent
        bold = style.weight >= 700
        runs = tuple(Run(r.text, r.bold or bold, r.italic, r.href) for r in runs)
        lines = wrap(runs, style.typeface, style.size, width)
        for number, line in enumerate(lines):
            baseline = self.cursor + style.typeface.face(style.size).ascent * 0.92 + \
                (style.line_height - style.size) / 2
            if number == 0 and marker:
                self._marker(indent, baseline, style, marker)
            self.overflow_x = max(self.overflow_x, line_width(line, style.typeface, style.size) - width)
            self.parts.append(_text_line(line, self.x + indent, self.y + baseline, style))
            self.cursor += style.line_height
        self.cursor += space_after
        if lang:
            self.parts.append("</g>")

    def gap(self, points: float) -> None:
        self.cursor += points

    def _marker(self, indent: float, baseline: float, style: TextStyle, colour: str) -> None:
        side = style.size * 0.36
        x = self.x + indent - style.size * 0.85
        y = self.y + baseline - style.size * 0.36 - side / 2
        self.parts.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{side:.2f}" height="{side:.2f}" fill="{colour}"/>')

    def svg(self) -> str:
        return "".join(self.parts)


def _text_line(line: tuple[Run, ...], x: float, y: float, style: TextStyle) -> str:
    spans = "".join(_span(run) for run in line)
    spacing = f' letter-spacing="{style.letter_spacing * style.size:.2f}"' if style.letter_spacing else ""
    return (f'<text x="{x:.2f}" y="{y:.2f}" font-family="{escape(style.typeface.family.family)}" '
            f'font-size="{style.size:g}" fill="{style.colour}"{spacing} xml:space="preserve">{spans}</text>')


def _span(run: Run) -> str:
    attributes = (' font-weight="bold"' if run.bold else "") + (' font-style="italic"' if run.italic else "")
    text = escape(run.text, quote=False)
    return f"<tspan{attributes}>{text}</tspan>" if attributes else text
