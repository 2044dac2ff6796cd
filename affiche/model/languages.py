"""The two official languages and every fact about them that affiche uses, in one table."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # what content keys, layouts, output names and the command line use
    tag: str  # BCP 47, for HTML lang, SVG xml:lang and the PDFs' /Lang
    locale: str  # Babel's, for amounts, dates and numbers
    name: str  # in English, for messages: "the French text of block 'intro'"


LANGUAGE = {
    "fr": Language("fr", "fr-CA", "fr_CA", "French"),
    "en": Language("en", "en-CA", "en_CA", "English"),
}
LANGUAGES = tuple(LANGUAGE)  # French first: the project's source language and the download page's index.html


def other(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)
