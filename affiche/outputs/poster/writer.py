"""A poster's files: its SVG master, the screen PDF and PNG preview drawn from it by cairosvg, and
the print PDF drawn from the same composition with the bleed.

cairo knows only RGB, so the print PDF's colours are rewritten in the theme's inks afterwards
(pdf/cmyk.py); its boxes and marks are set by pdf/pdfx.py.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cairosvg

from ...errors import AfficheError
from ...model.outputs import Rendered
from ...pdf.cmyk import UnconvertibleColour
from ...pdf.variant import Variant
from ..edition import Edition
from .compose import OverflowSink

PREVIEW_WIDTH_PX = 1200
Composition = Callable[[Edition, Path, float, OverflowSink | None], str]


@dataclass(frozen=True)
class PosterWriter:
    compose: Composition  # the edition as SVG, with a bleed (pt added on each side) and an overflow sink

    def write(self, edition: Edition, variant: Variant, root: Path) -> list[Rendered]:
        svg = self.compose(edition, root, variant.bleed_mm, None)
        data = svg.encode("utf-8")
        pdf = self.pdf(cairosvg.svg2pdf(bytestring=data, unsafe=False), edition, variant)
        if variant.for_print:
            return [Rendered("pdf", pdf, 1)]
        png = cairosvg.svg2png(bytestring=data, unsafe=False, output_width=PREVIEW_WIDTH_PX,
                               background_color="white")
        return [Rendered("svg", data, 1), Rendered("pdf", pdf, 1), Rendered("png", png, 1)]

    @staticmethod
    def file_count(variant: Variant) -> int:
        return 1 if variant.for_print else 3

    @staticmethod
    def pdf(drawn: bytes, edition: Edition, variant: Variant) -> bytes:
        try:
            return variant.finish(drawn, edition.info, str(edition.output_name(variant, "pdf")), drawn_in_rgb=True)
        except UnconvertibleColour as error:
            raise AfficheError(variant.print_spec.where, f"the poster's drawing holds {error}, which the print PDF "
                               "cannot have", "draw it in flat theme colours, or remove 'print:' from the layout") \
                from None
