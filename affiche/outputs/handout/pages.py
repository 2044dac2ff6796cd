"""What every handout writer shares: the map, the artwork and QR code, and the stylesheets
(WeasyPrint sets them into pages through outputs/typeset.py)."""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from ...localize.document import LocalDocument
from ...map.draw import DrawnMap, draw_map, map_aspect
from ...model.layout import HandoutLayout
from ...model.places import MapContent
from ...pdf.variant import Variant
from ..edition import Edition
from ..pictures import picture_uri
from ..qr import qr_code
from ..templates import STYLESHEETS, css_string


def handout_map(places: MapContent, layout: HandoutLayout, root: Path) -> DrawnMap | None:
    """The map as wide as the text block, in points (the SVG's user units), when the layout places it."""
    if "map" not in layout.blocks:
        return None
    width = (layout.page_width_mm - layout.margins_mm[1] - layout.margins_mm[3]) * 72 / 25.4
    return draw_map(places, layout.theme, width, width / map_aspect(False), antarctica=False, root=root,
                    dot_radius=layout.type_scale.base * 0.4)


def map_markup(drawn: DrawnMap | None, variant: Variant) -> Markup:
    return Markup("" if drawn is None else variant.svg(drawn.svg))


QR_SIDE_MM = 24.0  # quiet zone included: modules of 0.5 to 0.6 mm, which phones read at arm's length
ARTWORK_HEIGHT_MM = 14.0


def handout_css(doc: LocalDocument, edition: Edition, variant: Variant) -> str:
    """The handout's stylesheet, with the layout's artwork and the QR code of each language's online
    version as pictures (painted as backgrounds: outputs/pictures.py)."""
    layout = edition.layout
    artwork = {place.replace("-", "_"): picture_uri(art.view_box, art.svg, variant)
               for place, art in layout.artwork.items()}
    codes = [(side.doc.language_tag, qr_picture(side.doc.online, variant)) for side in edition.sides
             if side.doc.online]
    return css_template("handout.css.j2", layout, variant, page_label=css_counter_text(doc.labels["page"]),
                        artwork=artwork, codes=codes, qr_mm=QR_SIDE_MM, masthead_art_mm=ARTWORK_HEIGHT_MM,
                        artwork_mm=masthead_artwork_width_mm(layout))


def masthead_artwork_width_mm(layout: HandoutLayout) -> float:
    """How wide the layout's masthead artwork is drawn (0 with none): the masthead's text leaves it room."""
    artwork = layout.artwork.get("masthead")
    return ARTWORK_HEIGHT_MM * artwork.aspect if artwork else 0.0


def qr_picture(address: str, variant: Variant) -> str:
    code = qr_code(address)
    return picture_uri(code.view_box, code.svg, variant)


def css_template(name: str, layout: HandoutLayout, variant: Variant, **values) -> str:
    """A stylesheet template, with each theme colour as the variant gives it and the variant's bleed."""
    return STYLESHEETS.get_template(name).render(layout=layout, theme=layout.theme, type=layout.type_scale,
                                                 paper=variant.paper, bleed_mm=variant.bleed_mm,
                                                 css_colour=variant.css_colour, **values)


def css_counter_text(label: str) -> str:
    """'Page {page} de {pages}' -> the CSS content value "Page " counter(page) " de " counter(pages)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(page|pages)\}", label)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)
