"""The handout in one language: its blocks in the layout's regions and columns, through WeasyPrint."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...pdf.variant import Variant
from ..edition import Edition
from ..templates import TEMPLATES
from ..typeset import render_pages, timestamp
from .pages import handout_css, handout_map, map_markup

if TYPE_CHECKING:
    from weasyprint import Document  # the renderers are imported only by a process that renders


def lay_out(edition: Edition, variant: Variant, root: Path) -> list[Document]:
    layout, (side,) = edition.layout, edition.sides
    drawn = handout_map(edition.places, layout, root)
    html = TEMPLATES.get_template("handout.html.j2").render(
        doc=side.doc, world=side.world, drawn_map=drawn, layout=layout, map_svg=map_markup(drawn, variant),
        created=timestamp(edition))
    return [render_pages(html, handout_css(side.doc, edition, variant), layout, root)]
