"""A poster's files, all from one composition: the SVG master, the tagged screen PDF and its PNG
preview, and the print PDF with the bleed.

The PDFs are set by WeasyPrint from the composition's HTML (html.py), as the handouts are: PDF/UA-1
for screens, PDF/X-4 with the same structure for print (its boxes and marks by pdf/pdfx.py), colours
as the theme's inks through device-cmyk(). The preview is the screen PDF's page drawn by pdfium,
so it shows what the PDF shows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...model.outputs import Rendered
from ...pdf.raster import page_png
from ...pdf.variant import Variant
from ..edition import Edition
from ..typeset import finished, render_pages, tagged_pdf
from .compose import OverflowSink, Poster
from .html import poster_css, poster_html
from .svg import poster_svg

PREVIEW_WIDTH_PX = 1200
Composition = Callable[[Edition, Path, float, OverflowSink | None], Poster]


@dataclass(frozen=True)
class PosterWriter:
    compose: Composition  # the edition composed, with a bleed (mm on each side) and an overflow sink

    def write(self, edition: Edition, variant: Variant, root: Path) -> list[Rendered]:
        poster = self.compose(edition, root, variant.bleed_mm, None)
        document = render_pages(poster_html(poster, edition, variant), poster_css(poster, edition, variant),
                                edition.layout, root)
        pdf = finished(tagged_pdf(document, variant), len(document.pages), edition, variant)
        if variant.for_print:
            return [pdf]
        svg = poster_svg(poster).encode("utf-8")
        return [Rendered("svg", svg, 1), pdf, Rendered("png", preview_png(pdf.data), 1)]

    @staticmethod
    def file_count(variant: Variant) -> int:
        return 1 if variant.for_print else 3


def preview_png(pdf: bytes) -> bytes:
    # On the default posters zlib's level 3 took three fifths of the time of its default level (6),
    # for files 7 % larger.
    return page_png(pdf, 0, PREVIEW_WIDTH_PX, level=3)
