"""render, for tête-bêche booklets: one language from the front cover, the other from the back.

Each language is set as its own handout with a cover page, in its own WeasyPrint document;
their pages are written as one tagged PDF in reading order (the first language, the blank
pages, the second language), so the structure tree reads each half from its cover on. The
pages are then put in binding order: the second half reversed, so its cover is the
booklet's back cover, and turned upside down. Blank pages between the halves bring the
count to a multiple of 4, as a saddle-stitched booklet needs.

The second half is turned by drawing its content rotated 180° about the page centre, not by
a /Rotate entry: /Rotate only asks a viewer to turn the page, and imposition and RIP
software does not all honour it the same way (prepress preflight offers to "apply" it for
that reason), while turned content prints turned everywhere. The page boxes are centred on
the page, so they stay where they were; links and bookmarks are turned with the content.
"""
from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

import pikepdf
from markupsafe import Markup
from weasyprint import Document

from ..model import Layout, MapContent
from .bilingual import Side, bilingual_info
from .brochure import RenderedPdf, css_template, handout_css, handout_map, render_pages, write_tagged
from .cmyk import Inks, svg_in_cmyk
from .pdfx import pdfx4
from .templates import TEMPLATES

PAGES_PER_SHEET = 4  # a folded sheet of a saddle-stitched booklet: two leaves, four pages


def render_tete_beche(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path,
                      created: datetime) -> RenderedPdf:
    """The screen PDF: sRGB, no bleed, pages in binding order."""
    return _render(sides, places, layout, root, created, inks=None)


def render_tete_beche_for_print(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path,
                                created: datetime, file_name: str) -> RenderedPdf:
    """The PDF/X for the print shop: the single pages in binding order, for its imposition."""
    booklet = _render(sides, places, layout, root, created, inks=Inks(layout.theme))
    return RenderedPdf(pdfx4(booklet.data, bilingual_info(sides, created), layout.print_spec, file_name),
                       booklet.pages, booklet.note)


def blank_pages_needed(first_pages: int, second_pages: int) -> int:
    return -(first_pages + second_pages) % PAGES_PER_SHEET


def blank_pages_note(count: int) -> str:
    """For the build's report line."""
    return f"{count} blank page{'s' if count != 1 else ''} added" if count else "no blank page needed"


def _render(sides: tuple[Side, Side], places: MapContent, layout: Layout, root: Path, created: datetime,
            inks: Inks | None) -> RenderedPdf:
    for_print = inks is not None
    halves = [_half(side, places, layout, root, created, inks) for side in sides]
    first, second = (half.pages for half in halves)
    blanks = blank_pages_needed(len(first), len(second))
    pages = first + (_blank_pages(sides[0], layout, root, blanks, for_print) if blanks else []) + second
    combined = halves[0].copy(pages)
    info = bilingual_info(sides, created)
    combined.metadata.title, combined.metadata.authors = info.title, [info.author]
    combined.metadata.description = info.subject
    data = write_tagged(combined, layout.print_spec if for_print else None)
    return RenderedPdf(bind(data, len(first) + blanks), len(pages), blank_pages_note(blanks))


def _half(side: Side, places: MapContent, layout: Layout, root: Path, created: datetime,
          inks: Inks | None) -> Document:
    drawn = handout_map(places, layout, root) if "map" in layout.lead + layout.body + layout.closing else None
    map_svg = "" if drawn is None else drawn.svg if inks is None else svg_in_cmyk(drawn.svg, inks)
    html = TEMPLATES.get_template("tete-beche.html.j2").render(
        doc=side.doc, world=side.world, drawn_map=drawn, layout=layout, map_svg=Markup(map_svg),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return render_pages(html, _css(side, layout, inks is not None), layout, root)


def _blank_pages(side: Side, layout: Layout, root: Path, count: int, for_print: bool) -> list:
    html = (f'<!DOCTYPE html><html lang="{side.doc.language_tag}"><body>'
            + '<div class="blank"></div>' * count + "</body></html>")
    return render_pages(html, _css(side, layout, for_print), layout, root).pages


def _css(side: Side, layout: Layout, for_print: bool) -> str:
    return handout_css(side.doc, layout, for_print) + css_template("tete-beche.css.j2", layout, for_print)


def bind(data: bytes, upright: int) -> bytes:
    """Pages in reading order -> binding order: the pages after the first `upright` reversed and
    turned upside down. The structure tree keeps the reading order."""
    with pikepdf.open(BytesIO(data)) as pdf:
        turned = list(pdf.pages)[upright:]
        for page in turned:
            _turn_upside_down(pdf, page)
            pdf.pages.remove(page)
        for page in reversed(turned):
            pdf.pages.append(page)
        _point_outline_at_turned_pages(pdf, {page.objgen for page in turned})
        output = BytesIO()
        pdf.save(output, deterministic_id=True)
        return output.getvalue()


def _turn_upside_down(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Content and annotations rotated 180° about the centre of the MediaBox."""
    x0, y0, x1, y1 = (float(value) for value in page.obj.MediaBox)
    page.contents_add(pdf.make_stream(f"q -1 0 0 -1 {x0 + x1:.4f} {y0 + y1:.4f} cm\n".encode("ascii")),
                      prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n"))
    for annotation in page.obj.get("/Annots", ()):
        left, bottom, right, top = (float(value) for value in annotation.Rect)
        annotation.Rect = pikepdf.Array([x0 + x1 - right, y0 + y1 - top, x0 + x1 - left, y0 + y1 - bottom])
        if "/QuadPoints" in annotation:
            corners = [float(value) for value in annotation.QuadPoints]
            annotation.QuadPoints = pikepdf.Array(
                [(x0 + x1 if index % 2 == 0 else y0 + y1) - value for index, value in enumerate(corners)])


def _point_outline_at_turned_pages(pdf: pikepdf.Pdf, turned: set[tuple[int, int]]) -> None:
    """A bookmark's /XYZ point names where its heading's top-left corner was; on a turned page the
    heading is upside down and the viewer cannot be placed on its top, so those open the whole page."""
    with pdf.open_outline() as outline:
        items = list(outline.root)
        while items:
            item = items.pop()
            items.extend(item.children)
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and destination[0].objgen in turned:
                item.destination = pikepdf.Array([destination[0], pikepdf.Name.Fit])
