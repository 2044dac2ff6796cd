"""The tête-bêche booklet: one language from the front cover, the other from the back.

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

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from ...model.outputs import Rendered
from ...pdf.variant import Variant
from ..edition import Edition, Side
from ..templates import TEMPLATES
from ..typeset import finished, render_pages, tagged_pdf, timestamp
from .pages import css_template, handout_css, handout_map, map_markup

if TYPE_CHECKING:
    from weasyprint import Document  # the renderers are imported only by a process that renders

PAGES_PER_SHEET = 4  # a folded sheet of a saddle-stitched booklet: two leaves, four pages


def lay_out(edition: Edition, variant: Variant, root: Path) -> list[Document]:
    """The two halves, each from its cover; the blank pages between them are not laid out here."""
    return [_half(edition, side, variant, root) for side in edition.sides]


def booklet(halves: list[Document], edition: Edition, variant: Variant, root: Path) -> Rendered:
    """The booklet's pages in binding order (screen and print alike: the print shop imposes them)."""
    first, second = (half.pages for half in halves)
    blanks = blank_pages_needed(len(first), len(second))
    filler = _blank_pages(edition.sides[0], edition, variant, root, blanks) if blanks else []
    combined = halves[0].copy(first + filler + second)
    info = edition.info
    combined.metadata.title, combined.metadata.authors = info.title, [info.author]
    combined.metadata.description = info.subject
    data = bind(tagged_pdf(combined, variant), len(first) + blanks)
    return finished(data, len(combined.pages), edition, variant, blank_pages_note(blanks))


def blank_pages_needed(first_pages: int, second_pages: int) -> int:
    return -(first_pages + second_pages) % PAGES_PER_SHEET


def blank_pages_note(count: int) -> str:
    """For the build's report line."""
    return f"{count} blank page{'s' if count != 1 else ''} added" if count else "no blank page needed"


def _half(edition: Edition, side: Side, variant: Variant, root: Path) -> Document:
    layout = edition.layout
    drawn = handout_map(edition.places, layout, root)
    html = TEMPLATES.get_template("tete-beche.html.j2").render(
        doc=side.doc, world=side.world, drawn_map=drawn, layout=layout, map_svg=map_markup(drawn, variant),
        created=timestamp(edition))
    return render_pages(html, _css(side, edition, variant), layout, root)


def _blank_pages(side: Side, edition: Edition, variant: Variant, root: Path, count: int) -> list:
    html = (f'<!DOCTYPE html><html lang="{side.doc.language_tag}"><body class="blank-pages">'
            + '<div class="blank"></div>' * count + "</body></html>")
    return render_pages(html, _css(side, edition, variant), edition.layout, root).pages


def _css(side: Side, edition: Edition, variant: Variant) -> str:
    layout = edition.layout
    return handout_css(side.doc, edition, variant) + css_template("tete-beche.css.j2", layout, variant)


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
