"""render, for a layout with `bilingual:`: the files of its one edition in both languages.

A handout is set side by side (bilingual.py) or as a tête-bêche booklet (tete_beche.py), a
poster stacked (poster_bilingual.py). The build names the files: <layout>-<edition>.<ext>,
<layout>-<edition>-print.pdf.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model import Layout, MapContent, PosterLayout
from .bilingual import Side, render_side_by_side, render_side_by_side_for_print
from .poster_bilingual import bilingual_poster_files, bilingual_print_shop_pdf, render_bilingual_poster
from .tete_beche import render_tete_beche, render_tete_beche_for_print


@dataclass(frozen=True)
class EditionFile:
    extension: str  # pdf | svg | png
    for_print: bool  # the print-shop PDF
    data: bytes
    pages: int
    note: str = ""  # for the build's report line, e.g. "2 blank pages added"


HANDOUT_FORMATS = {
    "side-by-side": (render_side_by_side, render_side_by_side_for_print),
    "tete-beche": (render_tete_beche, render_tete_beche_for_print),
}


def render_bilingual(layout: Layout | PosterLayout, sides: tuple[Side, Side], places: MapContent, root: Path,
                     created: datetime, print_file_name: str) -> list[EditionFile]:
    """Every file of the edition, rendered in full before any is written; `print_file_name`
    (the print PDF's) seeds its XMP document ID."""
    if isinstance(layout, PosterLayout):
        svg = render_bilingual_poster(layout, sides, places, root)
        pdf, png = bilingual_poster_files(svg, sides, created)
        files = [EditionFile("svg", False, svg.encode("utf-8"), 1), EditionFile("pdf", False, pdf, 1),
                 EditionFile("png", False, png, 1)]
        if layout.print_spec:
            printed = bilingual_print_shop_pdf(layout, sides, places, root, created, print_file_name)
            files.append(EditionFile("pdf", True, printed, 1))
        return files
    for_screen, for_print = HANDOUT_FORMATS[layout.bilingual.format]
    screen = for_screen(sides, places, layout, root, created)
    files = [EditionFile("pdf", False, screen.data, screen.pages, screen.note)]
    if layout.print_spec:
        printed = for_print(sides, places, layout, root, created, print_file_name)
        files.append(EditionFile("pdf", True, printed.data, printed.pages, printed.note))
    return files
