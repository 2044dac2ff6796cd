"""Where a word may break across two lines of a poster, in the language of its block.

Ordinary words break at the hyphenation points of the language's pyphen dictionary (the one
WeasyPrint uses for the handouts, so both documents break words alike), and after a hyphen
they already hold; an added break shows a hyphen. An e-mail address or a web address breaks
after a dot, a slash, a hyphen or the @ and shows nothing, since a hyphen there would read as
part of the address. Words with figures in them never break: "2019–2020" or "300 000 $" split
over two lines is harder to read than a short line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

HYPHEN = "\u2010"  # what a broken word shows at the end of its line, as WeasyPrint's handouts do
MIN_LETTERS_BEFORE, MIN_LETTERS_AFTER = 2, 3
ADDRESS_BREAKS = "/.-@_"
EXISTING_HYPHENS = "-\u2010"
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Break:
    at: int  # the word breaks before this character
    hyphen: bool  # the first piece ends with HYPHEN


def break_points(word: str, language_tag: str, address: bool) -> list[Break]:
    """Every place `word` may break, first to last."""
    if address:
        return [Break(index + 1, False) for index, char in enumerate(word[:-1]) if char in ADDRESS_BREAKS]
    if any(char.isdigit() for char in word):
        return []
    points = {index + 1: Break(index + 1, False) for index, char in enumerate(word[:-1])
              if char in EXISTING_HYPHENS and index >= MIN_LETTERS_BEFORE - 1}
    dictionary = _dictionary(language_tag)
    for letters in _LETTERS.finditer(word):
        for position in dictionary.positions(letters.group()):
            if position >= MIN_LETTERS_BEFORE and len(letters.group()) - position >= MIN_LETTERS_AFTER:
                points.setdefault(letters.start() + position, Break(letters.start() + position, True))
    return [points[at] for at in sorted(points)]


@cache
def _dictionary(language_tag: str):
    import pyphen

    # pyphen finds fr for fr-CA and en for en-CA, as WeasyPrint does with the handouts' lang.
    return pyphen.Pyphen(lang=language_tag.replace("-", "_"), left=MIN_LETTERS_BEFORE, right=MIN_LETTERS_AFTER)
