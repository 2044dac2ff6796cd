"""Typographic rules applied to every string of one language.

French (as the Office québécois de la langue française and the Translation
Bureau set it): a no-break space before the colon and inside « », a narrow
no-break space before ; ! ?, typographic apostrophes, « » for quotation marks.
English: curly quotes and apostrophes. Both keep a number attached to the unit
or percent sign that follows it.
"""
from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, the French "espace fine insécable"

_CLOSING = r"(?=\s|$|[)\]»”’*])"
# A straight double quote opens after a space, a bracket or the start of the text.
_OPENING_DOUBLE = re.compile(r'(^|[\s(\[—–-])"')
_OPENING_SINGLE = re.compile(r"(^|[\s(\[—–-])'")


def curl_quotes(text: str, opening: str, closing: str) -> str:
    text = _OPENING_DOUBLE.sub(lambda m: m.group(1) + opening, text)
    return text.replace('"', closing)


def apostrophes(text: str, opening_single: str) -> str:
    text = _OPENING_SINGLE.sub(lambda m: m.group(1) + opening_single, text)
    return text.replace("'", "’")


def number_units(text: str) -> str:
    """Keep a figure with its sign or its noun ('50 %', '16 pays', '3 years'): no line break between."""
    text = re.sub(r"(\d) (?=[%$€£])", "\\1" + NBSP, text)
    return re.sub(r"(?<![\d,.])(\d{1,3}) (?=[^\W\d])", "\\1" + NBSP, text)


def french(text: str) -> str:
    text = apostrophes(curl_quotes(text, "«", "»"), "‘")
    text = re.sub(r"«\s*", "«" + NBSP, text)
    text = re.sub(r"\s*»", NBSP + "»", text)
    # A colon gets a full no-break space; times (14:30) and URLs (https://) are left alone.
    text = re.sub(r"(?<=\S)\s*:" + _CLOSING, NBSP + ":", text)
    text = re.sub(r"(?<=[^\s" + NBSP + r"])\s*([;!?])" + _CLOSING, NNBSP + r"\1", text)
    text = re.sub(r"(?<=\S) +([;!?])" + _CLOSING, NNBSP + r"\1", text)
    return number_units(re.sub(r" {2,}", " ", text))


def english(text: str) -> str:
    text = apostrophes(curl_quotes(text, "“", "”"), "‘")
    return number_units(re.sub(r" {2,}", " ", text))


RULES = {"fr": french, "en": english}
