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


def render_variant(job: tuple[Edition, Variant], root: Path) -> list[Rendered]:
    """The files of one variant of an edition: the unit of work a build shares among processes."""
    edition, variant = job
    return writer_for(edition.layout).write(edition, variant, root)


# How long each writer takes, roughly, in units of a poster's variant: the build hands the longest
# jobs out first, so that no process is left with a long one at the end while the others wait.
RELATIVE_COST = {"tete-beche": 6, "single": 3, "side-by-side": 2, "stacked": 1}


def relative_cost(layout: Layout) -> int:
    return RELATIVE_COST[layout.edition_format] if layout.document == "handout" else 1


def file_count(layout: Layout) -> int:
    """How many files an edition of the layout makes, for the progress bar."""
    writer = writer_for(layout)
    return sum(writer.file_count(variant) for variant in variants(layout))
