"""render: a localized document and a layout -> the handout PDF, through WeasyPrint."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from ..errors import AfficheError, Location
from ..localize import LocalDocument, LocalMap
from ..model import Layout, MapContent, PrintSpec
from .cmyk import Inks, css_cmyk, svg_in_cmyk
from .fetch import ProjectFetcher
from .pdftags import pdf_options
from .pdfx import document_info, pdfx4
from .templates import TEMPLATES
from .worldmap import DrawnMap, draw_map, map_aspect

# The handout sets into 3 to 8 pages; content at its whole character budget (yamlsrc.CONTENT_BUDGET)
# into about 20 (29 side by side; a tête-bêche booklet renders each language apart). Far more is
# a mistake, not a handout.
MAX_HANDOUT_PAGES = 40


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    note: str = ""  # what the build's report line adds, e.g. "2 blank pages added"


def render_handout(doc: LocalDocument, world: LocalMap, places: MapContent, layout: Layout,
                   root: Path, created: datetime) -> RenderedPdf:
    """The screen PDF: sRGB colours, no bleed."""
    return _render(doc, world, places, layout, root, created, inks=None)


def render_handout_for_print(doc: LocalDocument, world: LocalMap, places: MapContent, layout: Layout,
                             root: Path, created: datetime, file_name: str) -> RenderedPdf:
    """The PDF/X for the print shop: every colour (the map's too) as the theme's CMYK through
    CSS device-cmyk(), the masthead run into the bleed, then boxes, crop marks and output
    intent set by pdfx. WeasyPrint's own `marks` are not used: it draws them inside the bleed,
    in RGB black."""
    rendered = _render(doc, world, places, layout, root, created, inks=Inks(layout.theme))
    return RenderedPdf(pdfx4(rendered.data, document_info(doc, created), layout.print_spec, file_name),
                       rendered.pages)


def _render(doc: LocalDocument, world: LocalMap, places: MapContent, layout: Layout, root: Path,
            created: datetime, inks: Inks | None) -> RenderedPdf:
    """The handout for screens (inks None) or, with the theme's inks, in CMYK with the layout's bleed."""
    document = render_pages(handout_html(doc, world, places, layout, root, created, inks),
                            handout_css(doc, layout, for_print=inks is not None), layout, root)
    return RenderedPdf(write_tagged(document, layout.print_spec if inks else None), len(document.pages))


def render_pages(html: str, css: str, layout: Layout, root: Path) -> Document:
    """HTML and CSS set into pages by WeasyPrint, which may read only the project's fonts/ and svg/."""
    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = FontConfiguration()
    stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet],
                                                                                 font_config=fonts)
    if fetcher.refused:
        raise AfficheError(Location(layout.source), fetcher.refusal_message(), "remove the address")
    check_page_count(len(document.pages), layout)
    return document


def check_page_count(pages: int, layout: Layout) -> None:
    """Stop a runaway handout before its PDF is written."""
    if pages > MAX_HANDOUT_PAGES:
        raise AfficheError(Location(layout.source), f"the handout sets into {pages} pages, more than the "
                                                    f"{MAX_HANDOUT_PAGES} allowed",
                           "shorten the content, or choose larger pages or smaller type")


def write_tagged(document: Document, print_spec: PrintSpec | None) -> bytes:
    """The pages as a tagged PDF: PDF/UA-1 for screens, the print spec's PDF/X (tagged too) for print."""
    return document.write_pdf(**pdf_options(print_spec))


def handout_html(doc: LocalDocument, world: LocalMap, places: MapContent, layout: Layout, root: Path,
                 created: datetime, inks: Inks | None = None) -> str:
    drawn = handout_map(places, layout, root) if "map" in layout.lead + layout.body + layout.closing else None
    map_svg = "" if drawn is None else drawn.svg if inks is None else svg_in_cmyk(drawn.svg, inks)
    return TEMPLATES.get_template("handout.html.j2").render(
        doc=doc, world=world, drawn_map=drawn, layout=layout, map_svg=Markup(map_svg),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))


def handout_map(places: MapContent, layout: Layout, root: Path) -> DrawnMap:
    """The map as wide as the text block, in points (the SVG's user units)."""
    width = (layout.page_width_mm - layout.margins_mm[1] - layout.margins_mm[3]) * 72 / 25.4
    return draw_map(places, layout.theme, width, width / map_aspect(False), antarctica=False, root=root,
                    dot_radius=layout.type_scale.base * 0.4)


def handout_css(doc: LocalDocument, layout: Layout, for_print: bool = False) -> str:
    return css_template("handout.css.j2", layout, for_print, page_label=css_counter_text(doc.labels["page"]))


def css_template(name: str, layout: Layout, for_print: bool, **values: str) -> str:
    """A stylesheet template: for screens each colour is its sRGB value; for print, its CMYK inks
    and the page gets its bleed."""
    env = TEMPLATES.overlay(autoescape=False)
    colours = layout.theme.colours
    if for_print:
        env.filters["colour"] = lambda name: css_cmyk(tuple(value / 100 for value in colours[name].cmyk))
    else:
        env.filters["colour"] = lambda name: colours[name].srgb
    return env.get_template(name).render(
        layout=layout, theme=layout.theme, type=layout.type_scale,
        paper=css_cmyk((0, 0, 0, 0)) if for_print else "white",
        bleed_mm=layout.print_spec.bleed_mm if for_print else 0, **values)


def css_counter_text(label: str) -> str:
    """'Page {page} de {pages}' -> the CSS content value "Page " counter(page) " de " counter(pages)."""
    parts = []
    for index, piece in enumerate(re.split(r"\{(page|pages)\}", label)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'
