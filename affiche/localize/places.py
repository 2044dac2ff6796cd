"""localize, for the map: the legend's categories with the names of the places each marks, and
the map described in words, in one language."""
from __future__ import annotations

from dataclasses import dataclass

from ..map.countries import country_name
from ..model.content import Content
from ..model.places import MapContent, MapEntry
from . import inline
from .document import Rich, rich
from .typography import RULES


@dataclass(frozen=True)
class LocalCategory:
    """A legend entry and the names of the places it marks, in one language."""

    category: int
    label: Rich
    places: tuple[str, ...]


@dataclass(frozen=True)
class LocalMap:
    title: str
    home: str  # the home country's CLDR name
    home_note: str
    categories: tuple[LocalCategory, ...]
    description: str  # the map in words: for <desc> and the PDF's alternative text


def localize_map(places: MapContent, content: Content, lang: str) -> LocalMap:
    labels = {key: text[lang] for key, text in content.labels.items()}
    categories = []
    for entry in content.legend.entries:
        names = [place_name(item, lang) for item in places.entries if item.category == entry.category]
        categories.append(LocalCategory(entry.category, rich(entry.label, lang), tuple(dict.fromkeys(names))))
    home = country_name(places.home, lang)
    colon = " : " if lang == "fr" else ": "  # the French rules then make the space a no-break one
    sentences = [labels["map"], f"{home}{colon}{labels['home']}"] + [
        inline.plain(category.label).rstrip(".") + colon + (", ".join(category.places) or labels["no-places"])
        for category in categories]
    fix = RULES[lang]
    return LocalMap(fix(labels["map"]), home, fix(labels["home"]), tuple(categories),
                    fix(". ".join(sentences) + "."))


def place_name(entry: MapEntry, lang: str) -> str:
    if entry.label is not None:
        return inline.plain(rich(entry.label, lang))
    return country_name(entry.place.country, lang)
