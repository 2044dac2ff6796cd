"""Preflight of the layouts: text that does not fit its frame.

Every layout is composed or laid out by its own writer, as the build makes it, bilingual
editions included: posters with every overflowing block reported instead of the first,
handouts with WeasyPrint's line boxes compared with their blocks (a word that cannot break,
an address or a long number, runs past its column, and nothing else would say so).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.content import Content
from ..model.languages import LANGUAGE
from ..model.outputs import Overflow
from ..outputs.edition import Edition
from ..outputs.poster.writer import PosterWriter
from ..outputs.registry import writer_for
from ..pdf.variant import Variant
from ..pdf.weasyprint_compat import overflowing_text
from . import Finding
from .content import plain_texts

MM_PER_CSS_PX = 25.4 / 96


def overflow_findings(edition: Edition, content: Content, root: Path,
                      recorded: tuple[Overflow, ...] | None = None) -> list[Finding]:
    """Text that does not fit, in the edition as its screen variant sets it. A handout's build
    `recorded` what its layout set past its columns, and a poster's what it composed past its
    frames, nothing (a poster's build stops at the first block that overflows): when the edition
    is as built, that is used rather than setting it again."""
    writer = writer_for(edition.layout)
    if isinstance(writer, PosterWriter):
        if recorded is not None:
            return []
        overflows: list[AfficheError] = []
        writer.compose(edition, root, 0.0, overflows.append)
        return [Finding("error", str(error.location), "overflow", error.problem, error.fix) for error in overflows]
    if recorded is None:
        documents = writer.lay_out(edition, Variant(edition.layout.theme), root)
        recorded = tuple(overflow for document in documents for overflow in overflowing_text(document))
    return handout_overflow_findings(edition, content, recorded)


def handout_overflow_findings(edition: Edition, content: Content, overflows: tuple[Overflow, ...]) -> list[Finding]:
    layout, findings = edition.layout, {}
    units = [unit for side in edition.sides for unit in plain_texts(content, side.doc.lang)]
    languages = " and ".join(LANGUAGE[side.doc.lang].name for side in edition.sides)
    for page_number, text, overflow_px in overflows:
        where = _unit_containing(text, units) or Location(layout.source)
        excerpt = text if len(text) <= 40 else text[:39] + "…"
        finding = Finding(
            "error", str(where), "overflow",
            f"in {layout.name} ({languages}), page {page_number}: “{excerpt}” runs "
            f"{overflow_px * MM_PER_CSS_PX:.1f} mm past the edge of its column or block",
            "shorten the word or let it break (a space or a hyphen), or widen the column")
        findings.setdefault((finding.where, text), finding)
    return list(findings.values())


def _unit_containing(text: str, units: list[tuple[str, Location]]) -> Location | None:
    """The unit whose text holds the longest word of `text` (a line may end in a hyphen it added)."""
    words = re.sub(r"\s+", " ", text).split(" ")
    word = max(words, key=len).rstrip("-\u2010")
    return next((where for plain, where in units if word and word in plain), None)
