"""Invisible characters in the text: bidirectional controls and zero-width characters.

They arrive with text pasted from web pages, word processors and chat messages, and no
editor shows them, yet they change what prints: a bidirectional control reorders the
letters around it (U+202E sets what follows right to left), a zero-width character splits
or joins words where nothing shows and breaks searching and copying the PDF's text.
Every text unit of the content, the map's labels and the download page's words is read.

The no-break spaces U+00A0 and U+202F, which French typography requires, and the soft
hyphen U+00AD, a legitimate break point, are not reported.
"""
from __future__ import annotations

import re
import unicodedata

from ..model.content import Content
from ..model.languages import LANGUAGE, LANGUAGES
from ..model.page_words import PageWords
from ..model.places import MapContent
from ..model.text_units import Unit, text_units
from . import Finding

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")
BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def invisible_findings(content: Content, places: MapContent, page_text: PageWords) -> list[Finding]:
    """A warning per unit, language and invisible character, in every language: the bilingual
    layouts and the download page set both whatever a build's --lang asks."""
    return [finding for unit in text_units(content, places, page_text) for lang in LANGUAGES
            for finding in unit_findings(unit, lang)]


def unit_findings(unit: Unit, lang: str) -> list[Finding]:
    positions: dict[str, list[int]] = {}  # character -> its positions, counted from 1
    for match in INVISIBLE.finditer(unit.text[lang]):
        positions.setdefault(match.group(), []).append(match.start() + 1)
    return [Finding("warning", unit.where(lang), "invisible-character", describe(character, found, lang),
                    "delete it; retype the text around it, since editors do not show it")
            for character, found in positions.items()]


def describe(character: str, positions: list[int], lang: str) -> str:
    code_point = f"U+{ord(character):04X} {unicodedata.name(character)}"
    at = f"character{'s' if len(positions) > 1 else ''} {listed(positions)} of the {LANGUAGE[lang].name} text"
    if BIDI_CONTROL.fullmatch(character):
        return f"bidirectional control {code_point} at {at}: it reorders what prints around it, unseen"
    return (f"zero-width character {code_point} at {at}: it prints nothing but splits or joins words, "
            f"and breaks searching and copying the text")


def listed(numbers: list[int]) -> str:
    """3; 3 and 9; 3, 9 and 12."""
    *others, last = map(str, numbers)
    return f"{', '.join(others)} and {last}" if others else last
