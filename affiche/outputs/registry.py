"""The table of writers, as pandoc has one: (document kind, edition format) -> the writer of its files.

Adding an output kind is one module and one line here. A writer is a pure function of
(edition, variant, project folder) -> files, so it runs in any process and caches by digest.
"""
from __future__ import annotations

from pathlib import Path

from ..model.layout import Layout
from ..model.outputs import Rendered
from ..pdf.variant import Variant, variants
from .edition import Edition
from .handout import side_by_side, single, tete_beche
from .handout.writer import HandoutWriter
from .poster import compose, stacked
from .poster.writer import PosterWriter

WRITERS = {
    ("handout", "single"): HandoutWriter(single.lay_out),
    ("handout", "side-by-side"): HandoutWriter(side_by_side.lay_out),
    ("handout", "tete-beche"): HandoutWriter(tete_beche.lay_out, tete_beche.booklet),
    ("poster", "single"): PosterWriter(compose.compose),
    ("poster", "stacked"): PosterWriter(stacked.compose),
}


def writer_for(layout: Layout) -> HandoutWriter | PosterWriter:
    return WRITERS[(layout.document, layout.edition_format)]


def render_edition(edition: Edition, root: Path) -> list[tuple[Variant, Rendered]]:
    """Every file of the edition, each variant in turn, rendered in full before any is written."""
    writer = writer_for(edition.layout)
    return [(variant, rendered) for variant in variants(edition.layout)
            for rendered in writer.write(edition, variant, root)]


def file_count(layout: Layout) -> int:
    """How many files an edition of the layout makes, for the progress bar."""
    writer = writer_for(layout)
    return sum(writer.file_count(variant) for variant in variants(layout))
