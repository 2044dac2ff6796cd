"""render: a localized document and a layout -> the handout PDF, through WeasyPrint."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..errors import AfficheError, Location
from ..localize import LocalDocument, LocalMap
from ..model import Layout, MapContent
from .cmyk import Inks, css_cmyk, svg_in_cmyk
from .fetch import ProjectFetcher
from .pdfx import document_info, pdfx4
from .worldmap import DrawnMap, draw_map, map_aspect

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("affiche", "templates"),
    autoescape=jinja2.select_autoescape(["html.j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


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
    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = FontConfiguration()
    stylesheet = CSS(string=handout_css(doc, layout, for_print=inks is not None), base_url=base_url,
                     url_fetcher=fetcher, font_config=fonts)
    html = HTML(string=handout_html(doc, world, places, layout, root, created, inks), base_url=base_url,
                url_fetcher=fetcher)
    document = html.render(stylesheets=[stylesheet], font_config=fonts)
    if fetcher.refused:
        raise AfficheError(Location(layout.source), fetcher.refusal_message(), "remove the address")
    data = document.write_pdf(pdf_variant=layout.print_spec.pdf) if inks else document.write_pdf()
    return RenderedPdf(data, len(document.pages))


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
    """For screens each colour is its sRGB value; for print, its CMYK inks and the page gets its bleed."""
    env = TEMPLATES.overlay(autoescape=False)
    colours = layout.theme.colours
    if for_print:
        env.filters["colour"] = lambda name: css_cmyk(tuple(value / 100 for value in colours[name].cmyk))
    else:
        env.filters["colour"] = lambda name: colours[name].srgb
    return env.get_template("handout.css.j2").render(
        layout=layout, theme=layout.theme, type=layout.type_scale, page_label=css_counter_text(doc.labels["page"]),
        paper=css_cmyk((0, 0, 0, 0)) if for_print else "white",
        bleed_mm=layout.print_spec.bleed_mm if for_print else 0)


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
