"""The bilingual poster: every block in both languages on the one poster.

The layout's `bilingual: {format: stacked, first: fr}` says which language leads. The
title block carries both titles, each text block sets its text in the first language and
then, under a short rule, in the second; the legend gives each swatch its label in both.
The SVG's language is the first one's; every passage in the second is a group marked
with xml:lang, and the SVG has a <title> and a <desc> in each language.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..edition import Edition, Side
from .compose import (PT_PER_MM, Composer, Frame, OverflowSink, block_frame, compose_svg, legend_swatches,
                      set_block, set_legend)
from .svgtext import TextColumn


@dataclass
class BilingualComposer(Composer):
    """The poster composer with the second language beside the first (`doc` and `world`)."""

    second: Side | None = None

    @property
    def text_language(self) -> str:
        return "French and English"


def compose(edition: Edition, root: Path, bleed_mm: float = 0.0, report_overflow: OverflowSink | None = None) -> str:
    first, second = edition.sides
    composer = BilingualComposer(edition.layout, first.doc, first.world, edition.places, root, report_overflow,
                                 bleed_mm * PT_PER_MM, second=second)
    labels = tuple((side.doc.language_tag, side.doc.title, side.world.description) for side in edition.sides)
    return compose_svg(composer, stacked_legend, stacked_text, labels)


def stacked_legend(composer: BilingualComposer, frame: Frame) -> str:
    """The heading in the first language, then the second; each swatch labelled likewise."""
    second, tag = composer.second, composer.second.doc.language_tag
    headings = ((composer.doc.legend_title, None), (second.doc.legend_title, tag))
    swatches = legend_swatches(composer, ((composer.world, None), (second.world, tag)))
    return set_legend(composer, frame, headings, swatches)


def stacked_text(composer: BilingualComposer, name: str, frame: Frame) -> tuple[str, str]:
    """(background, text) of a block: its text in the first language, a short rule, then the second."""
    background, first = block_frame(composer, name, frame)
    set_block(composer, composer.doc, name, first)
    body = composer.styles["body"]
    space = body.line_height * (1.4 if name == "title" else 1.0)
    rule_y = first.y + first.cursor + space / 2 - body.size * 0.05
    rule = (f'<rect class="language-rule" x="{first.x:.2f}" y="{rule_y:.2f}" width="{body.size * 3:.2f}" '
            f'height="{body.size * 0.1:.2f}" fill="{composer.colour("rule")}"/>')
    second = TextColumn(first.x, first.y + first.cursor + space, first.width, first.height - first.cursor - space)
    set_block(composer, composer.second.doc, name, second)
    overflow = max(first.overflow_x, second.overflow_x, second.overflow_y)
    if overflow > 0.5:
        composer.overflowed(name, overflow)
    return background, (f'{first.svg()}{rule}'
                        f'<g xml:lang="{composer.second.doc.language_tag}">{second.svg()}</g>')
