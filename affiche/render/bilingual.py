"""render, for bilingual handouts: French and English side by side in one tagged PDF.

The layout's `bilingual: {format: side-by-side, first: fr}` says which language reads
first (the left half); the template sets every unit of the layout's blocks as a row of
two halves. The map is drawn once, across both halves, with its caption and its
alternative text in both languages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from ..localize import LocalDocument, LocalMap
from ..model import Layout, MapContent
from .brochure import (RenderedPdf, css_counter_text, css_template, handout_css, handout_map,
                       render_pages, write_tagged)
from .cmyk import Inks, svg_in_cmyk
from .pdfx import DocumentInfo, pdfx4
from .templates import TEMPLATES

BETWEEN_LANGUAGES = " / "  # a title, author or alternative text given in both languages


@dataclass(frozen=True)
class Side:
    """One language of a bilingual edition: its text and its map, localized."""

    doc: LocalDocument
    world: LocalMap

    @property
    def prefix(self) -> str:
        """For element ids, which must stay unique with both languages on one page."""
        return f"{self.doc.lang}-"


def in_both(first: str, second: str) -> str:
    return first if first == second else f"{first}{BETWEEN_LANGUAGES}{second}"


def bilingual_info(sides: tuple[Side, Side], created: datetime) -> DocumentInfo:
    """The PDF's Info and XMP: titles in both languages, the first as the document's language."""
    first, second = (side.doc for side in sides)
    return DocumentInfo(in_both(first.title, second.title), in_both(first.author, second.author),
                        in_both(first.subject, second.subject), first.language_tag, created)


def render_side_by_side(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path,
                        created: datetime) -> RenderedPdf:
    """The screen PDF: sRGB, no bleed."""
    return _render(sides, places, layout, root, created, inks=None)


def render_side_by_side_for_print(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path,
                                  created: datetime, file_name: str) -> RenderedPdf:
    """The PDF/X for the print shop, finished as the single-language handout's is (brochure.py)."""
    rendered = _render(sides, places, layout, root, created, inks=Inks(layout.theme))
    return RenderedPdf(pdfx4(rendered.data, bilingual_info(sides, created), layout.print_spec, file_name),
                       rendered.pages)


def _render(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path, created: datetime,
            inks: Inks | None) -> RenderedPdf:
    document = render_pages(side_by_side_html(sides, places, layout, root, created, inks),
                            side_by_side_css(sides, layout, for_print=inks is not None), layout, root)
    return RenderedPdf(write_tagged(document, layout.print_spec if inks else None), len(document.pages))


def side_by_side_html(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path,
                      created: datetime, inks: Inks | None = None) -> str:
    blocks = layout.lead + layout.body + layout.closing
    drawn = handout_map(places, layout, root) if "map" in blocks else None
    map_svg = "" if drawn is None else drawn.svg if inks is None else svg_in_cmyk(drawn.svg, inks)
    info = bilingual_info(sides, created)
    return TEMPLATES.get_template("bilingual-side-by-side.html.j2").render(
        sides=sides, blocks=blocks, drawn_map=drawn, map_svg=Markup(map_svg),
        alternative=in_both(*(side.world.description for side in sides)),
        title=info.title, author=info.author, subject=info.subject,
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))


def side_by_side_css(sides: tuple[Side, Side], layout: Layout, for_print: bool = False) -> str:
    """The handout's stylesheet, then the rows and halves; the footer counts pages in both languages."""
    page_label = f' "{BETWEEN_LANGUAGES}" '.join(css_counter_text(side.doc.labels["page"]) for side in sides)
    return (handout_css(sides[0].doc, layout, for_print)
            + css_template("bilingual-side-by-side.css.j2", layout, for_print, page_label=page_label))
