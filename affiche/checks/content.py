"""Preflight of the content: characters no font will set, and legend categories with nothing to mark.

Each unit is checked as the renderers receive it (French or English typography
applied, amounts formatted), against the font files of the role and weights that
set it, so a narrow no-break space or a currency sign is checked too.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..errors import Location
from ..localize import inline
from ..localize.document import rich
from ..localize.inline import PLACEHOLDER, Run
from ..localize.typography import RULES
from ..map.draw import empty_categories
from ..model.content import Content, Text, all_bullets, all_sections
from ..model.layout import Layout
from ..model.places import MapContent
from ..outputs.poster.text_fit import Typeface
from . import Finding

# Labels as the templates set them; 'no-places' only reaches the map's text description.
LABEL_SETTINGS = {"page": ("headings", (400,)), "contact": ("headings", (700,)), "map": ("headings", (700,)),
                  "home": ("body", (400,))}
# Renderers collapse control characters and hide format characters (soft hyphen, joiners):
# no font needs a glyph for them.
UNDRAWN_CATEGORIES = ("Cc", "Cf")


@dataclass(frozen=True)
class SetText:
    """A unit of the content as the renderers set it: its font role and paragraph weights."""

    unit: Text
    role: str  # "body" | "headings"
    weights: tuple[int, ...]  # runs marked **bold** add 700
    label: bool = False  # a label: typography only, its {page} placeholders are counters
    upper: bool = False  # set in capitals

    def runs(self, lang: str) -> tuple[Run, ...]:
        if self.label:
            return (Run(PLACEHOLDER.sub("", RULES[lang](self.unit[lang]))),)
        runs = rich(self.unit, lang)
        return tuple(Run(run.text.upper(), run.bold, run.italic) for run in runs) if self.upper else runs

    def where(self, lang: str) -> Location:
        place = self.unit.where
        return Location(place.file, place.line, place.column, f"{place.key_path}.{lang}")


def set_texts(content: Content) -> Iterator[SetText]:
    """Every unit that is printed, handout and poster alike."""
    yield SetText(content.title, "headings", (400, 700, 900))  # masthead 900, poster 700, running footer 400
    yield SetText(content.author, "headings", (700,), upper=True)
    for text in content.intro:
        yield SetText(text, "body", (400,))
    for section in all_sections(content.sections):
        yield SetText(section.heading, "headings", (700,))
        if section.subtitle:
            yield SetText(section.subtitle, "body", (700,))
        for text in section.paragraphs:
            yield SetText(text, "body", (400,))
        for bullet in all_bullets(section.bullets):
            yield SetText(bullet.text, "body", (400,))
    yield SetText(content.legend.title, "headings", (700,))
    for entry in content.legend.entries:
        yield SetText(entry.label, "body", (400,))
    yield SetText(content.contact, "body", (400,))
    for key, (role, weights) in LABEL_SETTINGS.items():
        yield SetText(content.labels[key], role, weights, label=True)


def glyph_findings(content: Content, layouts: Iterable[Layout], root: Path,
                   languages: Iterable[str] | None = None) -> list[Finding]:
    """A finding per unit, language and character that a font setting it lacks."""
    return missing_glyph_findings(list(set_texts(content)), layouts, root, languages)


def missing_glyph_findings(texts: list[SetText], layouts: Iterable[Layout], root: Path,
                           languages: Iterable[str] | None = None) -> list[Finding]:
    """glyph_findings for these texts alone (the editor checks the unit being typed)."""
    wanted = set(languages) if languages is not None else None
    missing: dict[tuple[str, str], list[str]] = {}  # (where, character) -> font files
    lacking: dict[tuple[int, str, Typeface], list[tuple[str, str]]] = {}  # layouts mostly share their fonts
    for layout in layouts:
        for lang in layout.languages:
            if wanted is not None and lang not in wanted:
                continue
            for number, text in enumerate(texts):
                typeface = Typeface(layout.theme.fonts[text.role], root)
                key = (number, lang, typeface)
                if key not in lacking:
                    lacking[key] = list(_missing_glyphs(text.runs(lang), typeface, text.weights, root))
                for character, font in lacking[key]:
                    fonts = missing.setdefault((str(text.where(lang)), character), [])
                    if font not in fonts:
                        fonts.append(font)
    return [Finding("error", where, "missing-glyph",
                    f"{_describe(character)} is not in {', '.join(fonts)}: it would print as an empty box "
                    f"or in another typeface", "replace the character, or give the theme a font that has it")
            for (where, character), fonts in missing.items()]


def _missing_glyphs(runs: tuple[Run, ...], typeface: Typeface, weights: tuple[int, ...],
                    root: Path) -> Iterator[tuple[str, str]]:
    for weight in weights:
        for run in runs:
            face = typeface.face(1.0, italic=run.italic, weight=max(weight, 700) if run.bold else weight)
            cmap = _cmap(face.path)
            for character in dict.fromkeys(run.text):
                if ord(character) not in cmap and unicodedata.category(character) not in UNDRAWN_CATEGORIES:
                    yield character, _shown_path(face.path, root)


def _describe(character: str) -> str:
    name = unicodedata.name(character, "") or "an unassigned code point"
    return f"U+{ord(character):04X} {name}"


def _shown_path(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


@cache
def _cmap(path: str) -> frozenset[int]:
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def plain_texts(content: Content, lang: str) -> list[tuple[str, Location]]:
    """Each printed unit's text in one language, spaces normalised, with where it comes from."""
    return [(re.sub(r"\s+", " ", inline.plain(text.runs(lang))), text.where(lang)) for text in set_texts(content)]


def empty_category_findings(places: MapContent) -> list[Finding]:
    return [Finding("warning", places.source, "empty-category",
                    f"legend category {category} marks no place on the map",
                    f"add entries with 'category: {category}' when there are some")
            for category in empty_categories(places)]
