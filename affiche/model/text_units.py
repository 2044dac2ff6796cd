"""Every translatable unit of the project, each with a stable id and the key path that finds it in its file.

The language checks, the invisible-character check, the translation state and the XLIFF
exchange all walk the same units, in the same order: the content's (data/handout.yaml), the
map's labels (data/map.yaml) and the download page's words (data/download-page.yaml).

A unit's id must survive reordering, new sections and edited text, so it is never a position
nor a digest of the words. Units under a named key take that name (`title`, `labels.page`,
`grsi.heading`, `legend.2` by category, `download-page.labels.intro`). Units that stand in a
list (intro paragraphs, paragraphs, bullets, map labels) carry a short `key:` that affiche
writes once, after their text (`en:`, or their `amounts:` and `links:`), and take
`<section id>.<key>` (`intro.<key>`, `map.<key>`).
Until it has its key, such a unit goes by its key path (`sections[3].bullets[4]`), which
holds a '[' that no stable id has.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Location
from .content import Bullet, Content, Section, Text
from .page_words import PageWords
from .places import MapContent

KeyPath = tuple[str | int, ...]
MAP_PREFIX = "map"
PAGE_WORDS_PREFIX = "download-page"


@dataclass(frozen=True)
class Unit:
    """One translatable text, where it stands, and what a translator needs to know about it."""

    id: str
    key_path: KeyPath  # of the unit's mapping in its file
    text: Text
    sections: tuple[Section, ...] = ()  # the sections holding it, outermost first
    supports: str | None = None  # for a map label, the sentence of the handout that puts the place on the map
    listed: bool = False  # it stands in a list: its id is its key, once it has one

    @property
    def path(self) -> str:
        return self.text.where.key_path

    @property
    def file(self) -> str:
        return self.text.where.file

    @property
    def needs_key(self) -> bool:
        return self.listed and self.text.key is None

    def where(self, lang: str | None = None) -> str:
        location = self.text.where
        path = f"{self.path}.{lang}" if lang else self.path
        return str(Location(location.file, location.line, location.column, path))


def text_units(content: Content, places: MapContent | None = None,
               page_words: PageWords | None = None) -> Iterator[Unit]:
    yield Unit("title", ("title",), content.title)
    yield Unit("author", ("author",), content.author)
    yield Unit("subject", ("subject",), content.subject)
    for index, text in enumerate(content.intro):
        yield listed_unit("intro", ("intro", index), text)
    for index, section in enumerate(content.sections):
        yield from section_units(section, ("sections", index), ())
    yield Unit("legend.title", ("legend", "title"), content.legend.title)
    for index, entry in enumerate(content.legend.entries):  # one entry per category, which names it
        yield Unit(f"legend.{entry.category}", ("legend", "entries", index, "label"), entry.label)
    yield Unit("contact", ("contact",), content.contact)
    for key, text in content.labels.items():
        yield Unit(f"labels.{key}", ("labels", key), text)
    if places is not None:
        for index, entry in enumerate(places.entries):
            if entry.label is not None:
                yield listed_unit(MAP_PREFIX, ("entries", index, "label"), entry.label, supports=entry.source)
    if page_words is not None:
        for group in ("labels", "documents", "sizes"):
            for key, text in getattr(page_words, group).items():
                yield Unit(f"{PAGE_WORDS_PREFIX}.{group}.{key}", (group, key), text)


def section_units(section: Section, key_path: KeyPath, outer: tuple[Section, ...]) -> Iterator[Unit]:
    sections = outer + (section,)
    yield Unit(f"{section.id}.heading", key_path + ("heading",), section.heading, sections)
    if section.subtitle is not None:
        yield Unit(f"{section.id}.subtitle", key_path + ("subtitle",), section.subtitle, sections)
    for index, text in enumerate(section.paragraphs):
        yield listed_unit(section.id, key_path + ("paragraphs", index), text, sections)
    for index, bullet in enumerate(section.bullets):
        yield from bullet_units(bullet, key_path + ("bullets", index), sections)
    for index, child in enumerate(section.sections):
        yield from section_units(child, key_path + ("sections", index), sections)


def bullet_units(bullet: Bullet, key_path: KeyPath, sections: tuple[Section, ...]) -> Iterator[Unit]:
    yield listed_unit(sections[-1].id, key_path, bullet.text, sections)
    for index, child in enumerate(bullet.bullets):
        yield from bullet_units(child, key_path + ("bullets", index), sections)


def listed_unit(prefix: str, key_path: KeyPath, text: Text, sections: tuple[Section, ...] = (),
                supports: str | None = None) -> Unit:
    """A unit that stands in a list: `<prefix>.<key>`, or its key path until it has a key."""
    if text.key is not None:
        unit_id = f"{prefix}.{text.key}"
    else:
        unit_id = text.where.key_path if prefix != MAP_PREFIX else f"{MAP_PREFIX}.{text.where.key_path}"
    return Unit(unit_id, key_path, text, sections, supports, listed=True)
