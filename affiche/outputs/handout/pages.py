"""What every handout writer shares: the map, the stylesheets, and WeasyPrint setting HTML and CSS
into pages, reading only the project's own files."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from ...errors import AfficheError, Location
from ...localize.document import LocalDocument
from ...map.draw import DrawnMap, draw_map, map_aspect
from ...model.layout import HandoutLayout
from ...model.outputs import Rendered
from ...model.places import MapContent
from ...pdf.variant import Variant
from ...pdf.weasyprint_compat import columns_fall_short, install_language_tags
from ..edition import Edition
from ..templates import TEMPLATES, css_string
from .fetch import ProjectFetcher

# The handout sets into 3 to 8 pages; content at its whole character budget (yamlsrc.CONTENT_BUDGET)
# into about 20 (29 side by side; a tête-bêche booklet renders each language apart). Far more is
# a mistake, not a handout.
MAX_HANDOUT_PAGES = 40


def handout_map(places: MapContent, layout: HandoutLayout, root: Path) -> DrawnMap | None:
    """The map as wide as the text block, in points (the SVG's user units), when the layout places it."""
    if "map" not in layout.blocks:
        return None
    width = (layout.page_width_mm - layout.margins_mm[1] - layout.margins_mm[3]) * 72 / 25.4
    return draw_map(places, layout.theme, width, width / map_aspect(False), antarctica=False, root=root,
                    dot_radius=layout.type_scale.base * 0.4)


def map_markup(drawn: DrawnMap | None, variant: Variant) -> Markup:
    return Markup("" if drawn is None else variant.svg(drawn.svg))


def timestamp(edition: Edition) -> str:
    return edition.created.strftime("%Y-%m-%dT%H:%M:%SZ")


def handout_css(doc: LocalDocument, layout: HandoutLayout, variant: Variant) -> str:
    return css_template("handout.css.j2", layout, variant, page_label=css_counter_text(doc.labels["page"]))


def css_template(name: str, layout: HandoutLayout, variant: Variant, **values: str) -> str:
    """A stylesheet template, with each theme colour as the variant gives it and the variant's bleed."""
    env = TEMPLATES.overlay(autoescape=False)
    env.filters["colour"] = variant.css_colour
    return env.get_template(name).render(layout=layout, theme=layout.theme, type=layout.type_scale,
                                         paper=variant.paper, bleed_mm=variant.bleed_mm, **values)


def css_counter_text(label: str) -> str:
    """'Page {page} de {pages}' -> the CSS content value "Page " counter(page) " de " counter(pages)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(page|pages)\}", label)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


# Balancing columns is most of a handout's layout time (WeasyPrint lays the columns out again for
# every height it tries). It only changes the last run of columns, and only when that run ends
# mid-page: so the columns are first filled one after the other, and balanced only when that
# leaves the last column shorter than the first by more than this share of the column height.
FILL_COLUMNS_IN_TURN = "\n.columns { column-fill: auto; }\n"
UNBALANCED_SHARE = 0.25


def render_pages(html: str, css: str, layout: HandoutLayout, root: Path) -> Document:
    """HTML and CSS set into pages by WeasyPrint, with balanced columns where balancing shows."""
    document = set_pages(html, css + FILL_COLUMNS_IN_TURN, layout, root)
    if columns_fall_short(document, "columns", UNBALANCED_SHARE):
        document = set_pages(html, css, layout, root)
    check_page_count(len(document.pages), layout)
    return document


def set_pages(html: str, css: str, layout: HandoutLayout, root: Path) -> Document:
    """HTML and CSS set into pages by WeasyPrint, which may read only the project's fonts/ and svg/."""
    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = font_configuration(root)
    stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet],
                                                                                 font_config=fonts)
    if fetcher.refused:
        raise AfficheError(Location(layout.source), fetcher.refusal_message(), "remove the address")
    return document


def check_page_count(pages: int, layout: HandoutLayout) -> None:
    """Stop a runaway handout before its PDF is written."""
    if pages > MAX_HANDOUT_PAGES:
        raise AfficheError(Location(layout.source), f"the handout sets into {pages} pages, more than the "
                                                    f"{MAX_HANDOUT_PAGES} allowed",
                           "shorten the content, or choose larger pages or smaller type")


@lru_cache(maxsize=8)
def font_configuration(root: Path) -> FontConfiguration:
    """One font configuration per project and process: each new one registers the theme's font
    files with fontconfig again and starts Pango's caches of shaped glyphs empty. The same PDFs
    come out of a shared one, byte for byte."""
    return FontConfiguration()


def tagged_pdf(document: Document, variant: Variant) -> bytes:
    install_language_tags()
    return document.write_pdf(**variant.weasyprint_options())


def finished(data: bytes, pages: int, edition: Edition, variant: Variant, note: str = "") -> Rendered:
    """WeasyPrint's PDF as the variant delivers it (print: PDF/X, boxes and marks)."""
    file_name = str(edition.output_name(variant, "pdf"))
    return Rendered("pdf", variant.finish(data, edition.info, file_name), pages, note)
