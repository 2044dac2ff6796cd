"""The content: every printed text in both languages, with the sections that hold it.

Nothing downstream of `load` reads YAML: it reads these frozen objects, each of
which remembers where it came from so any later stage can report a located error.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import Location

LEGEND_CATEGORIES = (1, 2, 3)


@dataclass(frozen=True)
class Amount:
    """A sum of money kept as a number; its words and symbols come from the locale."""

    value: Decimal
    currency: str
    style: str = "figures"  # "figures": 300 000 $ ; "words": 21 millions de dollars


@dataclass(frozen=True)
class Text:
    """One translatable unit: the same sentence in every language, plus the values it quotes."""

    fr: str
    en: str
    where: Location
    amounts: dict[str, Amount] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # placeholder -> e-mail address
    key: str | None = None  # a unit in a list: what names it for translation (model/text_units.py)

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Bullet:
    text: Text
    bullets: tuple[Bullet, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    where: Location
    subtitle: Text | None = None
    paragraphs: tuple[Text, ...] = ()
    bullets: tuple[Bullet, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class LegendEntry:
    category: int
    label: Text


@dataclass(frozen=True)
class Legend:
    title: Text
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class Address:
    """A web address in each language, such as the online version's (never typeset: printed as typed)."""

    fr: str
    en: str
    where: Location

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Content:
    source: str
    date: date  # of this edition: the PDFs' creation date unless SOURCE_DATE_EPOCH says otherwise
    title: Text
    author: Text
    subject: Text
    intro: tuple[Text, ...]
    sections: tuple[Section, ...]
    legend: Legend
    contact: Text
    labels: dict[str, Text]
    online: Address | None = None  # links.online: the online version, which layouts may place as a QR code

    def section_ids(self) -> tuple[str, ...]:
        return tuple(section.id for section in self.sections)


def all_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Sections and their subsections, depth first."""
    for section in sections:
        yield section
        yield from all_sections(section.sections)


def all_bullets(bullets: tuple[Bullet, ...]) -> Iterator[Bullet]:
    """Bullets and their sub-bullets, depth first."""
    for bullet in bullets:
        yield bullet
        yield from all_bullets(bullet.bullets)
