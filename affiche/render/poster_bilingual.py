"""render, for bilingual posters: every block in both languages on the one poster.

The layout's `bilingual: {format: stacked, first: fr}` says which language leads. The
title block carries both titles, each text block sets its text in the first language and
then, under a short rule, in the second; the legend gives each swatch its label in both.
The SVG's language is the first one's; every passage in the second is a group marked
with xml:lang, and the SVG has a <title> and a <desc> in each language.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import AfficheError
from ..model import MapContent, PosterLayout
from .bilingual import Side, bilingual_info
from .poster import (PT_PER_MM, Composer, Frame, block_frame, compose, legend_swatches, print_shop_pdf_of,
                     screen_files, set_block, set_legend)
from .svgtext import TextColumn


@dataclass
class BilingualComposer(Composer):
    """The poster composer with the second language beside the first (`doc` and `world`)."""

    second: Side | None = None

    @property
    def text_language(self) -> str:
        return "French and English"


def render_bilingual_poster(layout: PosterLayout, sides: tuple[Side, Side], places: MapContent, root: Path,
                            report_overflow: Callable[[AfficheError], None] | None = None,
                            bleed_mm: float = 0.0) -> str:
    first, second = sides
    composer = BilingualComposer(layout, first.doc, first.world, places, root, report_overflow,
                                 bleed_mm * PT_PER_MM, second=second)
    labels = tuple((side.doc.language_tag, side.doc.title, side.world.description) for side in sides)
    return compose(composer, stacked_legend, stacked_text, labels)


def bilingual_poster_files(svg: str, sides: tuple[Side, Side], created: datetime) -> tuple[bytes, bytes]:
    """The screen PDF and the PNG preview, titled in both languages."""
    return screen_files(svg, bilingual_info(sides, created))


def bilingual_print_shop_pdf(layout: PosterLayout, sides: tuple[Side, Side], places: MapContent, root: Path,
                             created: datetime, file_name: str) -> bytes:
    svg = render_bilingual_poster(layout, sides, places, root, bleed_mm=layout.print_spec.bleed_mm)
    return print_shop_pdf_of(svg, layout, bilingual_info(sides, created), file_name)


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
