"""The handout in both languages side by side, in one tagged PDF.

The layout's `bilingual: {format: side-by-side, first: fr}` says which language reads
first (the left half); the template sets every unit of the layout's blocks as a row of
two halves. The map is drawn once, across both halves, with its caption and its
alternative text in both languages.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...pdf.variant import Variant
from ..edition import BETWEEN_LANGUAGES, Edition, in_both
from ..templates import TEMPLATES
from ..typeset import render_pages, timestamp
from .pages import (css_counter_text, css_template, handout_css, handout_map, map_markup,
                    masthead_artwork_width_mm)

if TYPE_CHECKING:
    from weasyprint import Document  # the renderers are imported only by a process that renders


def lay_out(edition: Edition, variant: Variant, root: Path) -> list[Document]:
    return [render_pages(side_by_side_html(edition, variant, root), side_by_side_css(edition, variant),
                         edition.layout, root)]


def side_by_side_html(edition: Edition, variant: Variant, root: Path) -> str:
    drawn = handout_map(edition.places, edition.layout, root)
    info = edition.info
    return TEMPLATES.get_template("bilingual-side-by-side.html.j2").render(
        sides=edition.sides, blocks=edition.layout.blocks, drawn_map=drawn, map_svg=map_markup(drawn, variant),
        alternative=in_both(*(side.world.description for side in edition.sides)),
        title=info.title, author=info.author, subject=info.subject, created=timestamp(edition))


def side_by_side_css(edition: Edition, variant: Variant) -> str:
    """The handout's stylesheet, then the rows and halves; the footer counts pages in both languages."""
    page_label = f' "{BETWEEN_LANGUAGES}" '.join(css_counter_text(side.doc.labels["page"]) for side in edition.sides)
    layout = edition.layout
    return (handout_css(edition.sides[0].doc, edition, variant)
            + css_template("bilingual-side-by-side.css.j2", layout, variant, page_label=page_label,
                           artwork_mm=masthead_artwork_width_mm(layout)))
