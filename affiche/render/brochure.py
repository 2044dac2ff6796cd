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
from .worldmap import DrawnMap, draw_map, map_aspect
from .fetch import ProjectFetcher

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
    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = FontConfiguration()
    stylesheet = CSS(string=handout_css(doc, layout), base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    html = HTML(string=handout_html(doc, world, places, layout, root, created), base_url=base_url,
                url_fetcher=fetcher)
    document = html.render(stylesheets=[stylesheet], font_config=fonts)
    if fetcher.refused:
        raise AfficheError(Location(layout.source), fetcher.refusal_message(), "remove the address")
    return RenderedPdf(document.write_pdf(), len(document.pages))


def handout_html(doc: LocalDocument, world: LocalMap, places: MapContent, layout: Layout, root: Path,
                 created: datetime) -> str:
    drawn = handout_map(places, layout, root) if "map" in layout.lead + layout.body + layout.closing else None
    return TEMPLATES.get_template("handout.html.j2").render(
        doc=doc, world=world, drawn_map=drawn, layout=layout, map_svg=Markup(drawn.svg) if drawn else "",
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))


def handout_map(places: MapContent, layout: Layout, root: Path) -> DrawnMap:
    """The map as wide as the text block, in points (the SVG's user units)."""
    width = (layout.page_width_mm - layout.margins_mm[1] - layout.margins_mm[3]) * 72 / 25.4
    return draw_map(places, layout.theme, width, width / map_aspect(False), antarctica=False, root=root,
                    dot_radius=layout.type_scale.base * 0.4)


def handout_css(doc: LocalDocument, layout: Layout) -> str:
    env = TEMPLATES.overlay(autoescape=False)
    env.filters["colour"] = lambda name: layout.theme.colours[name].srgb
    return env.get_template("handout.css.j2").render(
        layout=layout, theme=layout.theme, type=layout.type_scale, page_label=css_counter_text(doc.labels["page"]))


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
