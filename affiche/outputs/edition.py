"""An edition: a layout's document in one language, or in both (a bilingual edition), as one file set.

An edition has one side per language it holds, each with its text and map localized; the
writers receive it ready to print and never localize anything themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..localize.document import LocalDocument, localize
from ..localize.places import LocalMap, localize_map
from ..model.content import Content
from ..model.layout import Layout
from ..model.outputs import DocumentInfo, OutputName
from ..model.places import MapContent

if TYPE_CHECKING:
    from ..pdf.variant import Variant

BETWEEN_LANGUAGES = " / "  # a title, author or alternative text given in both languages


@dataclass(frozen=True)
class Side:
    """One language of an edition: its text and its map, localized."""

    doc: LocalDocument
    world: LocalMap

    @property
    def prefix(self) -> str:
        """For element ids, which must stay unique with both languages on one page."""
        return f"{self.doc.lang}-"


@dataclass(frozen=True)
class Edition:
    layout: Layout
    sides: tuple[Side, ...]  # one, or two for a bilingual edition: the first leads
    places: MapContent
    created: datetime  # every output's one timestamp (pipeline/dates.py)

    @property
    def name(self) -> str:
        """What the output names carry after the layout's: the language, or bilingual or tete-beche."""
        return self.layout.bilingual.edition if self.layout.bilingual else self.sides[0].doc.lang

    @property
    def key(self) -> str:
        return f"{self.layout.name}-{self.name}"

    def output_name(self, variant: Variant, extension: str) -> OutputName:
        return OutputName(self.layout.name, self.name, variant.name, extension)

    @property
    def info(self) -> DocumentInfo:
        """The PDF's Info and XMP: in both languages for a bilingual edition, the first as its language."""
        docs = [side.doc for side in self.sides]
        return DocumentInfo(in_both(*(doc.title for doc in docs)), in_both(*(doc.author for doc in docs)),
                            in_both(*(doc.subject for doc in docs)), docs[0].language_tag, self.created)


def in_both(*texts: str) -> str:
    """One text, or each language's in turn when they differ."""
    return BETWEEN_LANGUAGES.join(dict.fromkeys(texts))


def localized_editions(content: Content, places: MapContent, chosen: list[tuple[Layout, tuple[str, ...]]],
                       created: datetime) -> list[Edition]:
    """An edition per layout and its languages. Each language is localized once: whatever the
    layout, its text and map read the same."""
    sides = {lang: Side(localize(content, lang), localize_map(places, content, lang))
             for lang in dict.fromkeys(lang for _, languages in chosen for lang in languages)}
    return [Edition(layout, tuple(sides[lang] for lang in languages), places, created) for layout, languages in chosen]
