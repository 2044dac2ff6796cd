"""The two variants of every output: for screens, and for the print shop.

A renderer asks its variant for colours, the bleed and the finishing of its PDF, and never
branches on screen or print itself. Screen: sRGB, no bleed, a tagged PDF/UA-1. Print: the
theme's CMYK inks, the layout's bleed and crop marks, a tagged PDF/X-4 (pdfx.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model.layout import Layout, PrintSpec
from ..model.theme import Theme
from .cmyk import Inks, css_cmyk, svg_in_cmyk
from ..model.outputs import DocumentInfo
from .pdfx import pdfx4


@dataclass(frozen=True)
class Variant:
    theme: Theme
    print_spec: PrintSpec | None = None  # None: the screen variant

    @property
    def name(self) -> str:
        return "screen" if self.print_spec is None else "print"

    @property
    def for_print(self) -> bool:
        return self.print_spec is not None

    @property
    def bleed_mm(self) -> float:
        return self.print_spec.bleed_mm if self.print_spec else 0

    @cached_property
    def inks(self) -> Inks:
        return Inks(self.theme)

    def css_colour(self, name: str) -> str:
        """A theme colour as CSS: its sRGB value, or its inks through device-cmyk()."""
        colour = self.theme.colours[name]
        return css_cmyk(tuple(value / 100 for value in colour.cmyk)) if self.for_print else colour.srgb

    def hex_colour(self, srgb: str) -> str:
        """An sRGB colour as CSS: as it is, or in print the theme's inks for it (any other: converted)."""
        return css_cmyk(self.inks.for_hex(srgb)) if self.for_print else srgb

    @property
    def paper(self) -> str:
        """The page's background: white light on screens, no ink at all on paper."""
        return css_cmyk((0, 0, 0, 0)) if self.for_print else "white"

    def svg(self, svg: str) -> str:
        """SVG shapes of our own making or reduced to our safe subset (the map, artwork, a QR code),
        with their colours as inks in print."""
        return svg_in_cmyk(svg, self.inks) if self.for_print else svg

    def weasyprint_options(self) -> dict:
        """write_pdf options: PDF/UA-1 for screens; for print the layout's PDF/X, tagged as well
        (WeasyPrint takes one variant at a time, and tags combine with PDF/X-4)."""
        if self.print_spec is None:
            return {"pdf_variant": "pdf/ua-1"}
        return {"pdf_variant": self.print_spec.pdf, "pdf_tags": True}

    def finish(self, data: bytes, info: DocumentInfo, file_name: str) -> bytes:
        """WeasyPrint's PDF as this variant delivers it: print as PDF/X (pdfx.py), screen as it is.
        `file_name` (the output's) seeds the print PDF's XMP ID."""
        if self.print_spec is not None:
            return pdfx4(data, info, self.print_spec, file_name)
        return data


def variants(layout: Layout) -> tuple[Variant, ...]:
    """The screen variant, and the print variant when the layout asks for one."""
    screen = Variant(layout.theme)
    return (screen, Variant(layout.theme, layout.print_spec)) if layout.print_spec else (screen,)
