"""The bilingual poster: every block in both languages on the one poster.

The layout's `bilingual: {format: stacked, first: fr}` says which language leads. The
title block carries both titles, each text block sets its text in the first language and
then, under a short rule, in the second; the legend gives each item its label in both.
The poster's language is the first one's; every passage in the second is an element marked
with its language (xml:lang in the SVG, lang in the HTML and so /Lang in the PDF), and the
SVG has a <title> and a <desc> in each language.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..edition import Edition, Side, in_both
from .compose import (PT_PER_MM, Block, Composer, Frame, OverflowSink, Poster, Rect, block_column, compose_poster,
                      legend_items, set_block, set_legend)
from .setting import TextColumn


@dataclass
class BilingualComposer(Composer):
    """The poster composer with the second language beside the first (`doc` and `world`)."""

    second: Side | None = None

    @property
    def text_language(self) -> str:
        return "French and English"

    @property
    def map_description(self) -> str:
        """In both languages, the first first, as the side-by-side handout describes its one map."""
        return in_both(self.world.description, self.second.world.description)


def compose(edition: Edition, root: Path, bleed_mm: float = 0.0, report_overflow: OverflowSink | None = None
            ) -> Poster:
    first, second = edition.sides
    composer = BilingualComposer(edition.layout, first.doc, first.world, edition.places, root, report_overflow,
                                 bleed_mm * PT_PER_MM, second=second)
    labels = tuple((side.doc.language_tag, side.doc.title, side.world.description) for side in edition.sides)
    return compose_poster(composer, set_stacked, labels)


def set_stacked(composer: BilingualComposer, name: str, frame: Frame, poster: Poster) -> Block:
    """A block's text in the first language, a short rule, then the second; the legend's items in both."""
    column = block_column(composer, name, frame, poster)
    second, tag = composer.second, composer.second.doc.language_tag
    if name == "legend":
        headings = ((composer.doc.legend_title, None), (second.doc.legend_title, tag))
        set_legend(composer, column, headings, legend_items(composer, ((composer.world, None), (second.world, tag))))
        composer.check_fit(name, column)
        return Block(name, column.root, "legend")
    set_block(composer, composer.doc, name, column, poster)
    language_rule(composer, name, column, poster)
    with column.element("div", lang=tag):
        set_block(composer, second.doc, name, column, poster)
    composer.check_fit(name, column)
    return Block(name, column.root)


def language_rule(composer: Composer, name: str, column: TextColumn, poster: Poster) -> None:
    """The short rule between the two languages of a block, and the space around it."""
    body = composer.styles["body"]
    space = body.line_height * (1.4 if name == "title" else 1.0)
    y = column.y + column.cursor + space / 2 - body.size * 0.05
    poster.panels.append(Rect(column.x, y, body.size * 3, body.size * 0.1, composer.colour("rule")))
    column.gap(space)
