"""Language checks: translation problems in the bilingual content, caught before print.

Every text unit of the content (and the map's labels) is read in both languages for:
a text that prints nothing, a text left untranslated (both languages the same), passages in
the wrong language, a phrase typed twice, a translation far shorter or longer than the
original (a dropped sentence), and numbers, placeholders or e-mail addresses that differ
between the two languages. Each finding names the unit's file, line and key path.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..localize.inline import PLACEHOLDER, parse_runs
from ..model.content import Content
from ..model.languages import LANGUAGE, LANGUAGES, other
from ..model.places import MapContent
from ..model.text_units import Unit, text_units
from . import Finding
from .language_id import foreign_passages, identify, is_function_word

# Identical French and English are reported from this many words on: shorter texts are
# often names that both languages share (Canada, Migration Five).
IDENTICAL_MIN_WORDS = 4
# A text whose foreign passages cover this share of its letters "is in" the other language.
MOSTLY_FOREIGN = 0.5
# A phrase typed twice: the same words again right after, or after "and" / "or"
# ("gérer les enjeux et gérer les enjeux"). The phrase needs two words or more, one of
# them a content word (neither a function word nor capitalised): "de la ... et de la",
# "the United Kingdom and the United States" and "more and more" are not slips. Repeats
# further apart are parallel phrasing ("des zones de saisie et des zones de texte").
REPEAT_MAX_WORDS = 8
REPEAT_JOINERS = {"fr": {"et", "ou"}, "en": {"and", "or"}}
# English is usually 10 to 20 % shorter than French; outside these bounds a sentence was
# probably dropped or added. Texts shorter than LENGTH_MIN_CHARS vary too much to judge.
LENGTH_MIN_CHARS = 40
LENGTH_RATIO_MIN = 0.5
LENGTH_RATIO_MAX = 2.0
QUOTE_MAX_CHARS = 60

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
TOKEN = re.compile(r"\w+(?:['’-]\w+)*")  # words and figures: "x1, y1 and x2, y2" repeats nothing
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers as each language writes them: 300 000,5 in French, 300,000.5 in English (a
# space-grouped 300 000 too). Digits glued to letters (M5, G7) belong to names.
NUMBERS = {
    "fr": re.compile(r"(?<![^\W\d_])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:,\d+)?"),
    "en": re.compile(r"(?<![^\W\d_])(?:\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:\.\d+)?"),
}
DECIMAL_MARK = {"fr": ",", "en": "."}


@dataclass(frozen=True)
class Problem:
    check: str
    lang: str | None  # the language at fault, or None when it is the pair
    message: str
    fix: str


def language_findings(content: Content, strict: bool = False, places: MapContent | None = None) -> list[Finding]:
    """Every language problem of content (and of the map's labels when places is given).

    Findings are warnings, or errors when strict.
    """
    return units_findings(text_units(content, places), strict)


def units_findings(units: Iterable[Unit], strict: bool = False, lang: str | None = None) -> list[Finding]:
    """Every language problem of these units; with `lang`, only those of that language or of the
    pair (the XLIFF import checks the translations it brings in, not their sources)."""
    severity = "error" if strict else "warning"
    return [Finding(severity, unit.where(problem.lang), problem.check, problem.message, problem.fix)
            for unit in units for problem in unit_problems(unit) if lang is None or problem.lang in (lang, None)]


# ---------------------------------------------------------------- the checks

def unit_problems(unit: Unit) -> list[Problem]:
    plain = {lang: printed(unit.text[lang]) for lang in LANGUAGES}
    missing = missing_translations(plain)
    if missing:
        return missing  # nothing to compare with
    same = untranslated(plain)
    problems = same or [problem for lang in LANGUAGES
                         for problem in wrong_language(outside_italics(unit.text[lang]), lang)]
    problems += [problem for lang in LANGUAGES for problem in repeated_phrases(plain[lang], lang)]
    problems += length_mismatch(plain)
    problems += figures_mismatch(plain)
    return problems


def printed(text: str) -> str:
    """The text as it prints, markup aside: ** and * are the only markup, always paired."""
    return " ".join(text.replace("*", "").split())


def missing_translations(plain: dict[str, str]) -> list[Problem]:
    return [Problem("missing-translation", lang, f"the {LANGUAGE[lang].name} text prints nothing",
                    f"write the {LANGUAGE[lang].name} text")
            for lang in LANGUAGES if not plain[lang]]


def untranslated(plain: dict[str, str]) -> list[Problem]:
    """Both languages the same text, a copy-paste left untranslated (names and acronyms aside)."""
    if plain["fr"].casefold() != plain["en"].casefold():
        return []
    words = [word for word in WORD.findall(plain["fr"]) if not word.isupper()]
    if len(words) < IDENTICAL_MIN_WORDS:
        return []
    probabilities = identify(plain["fr"])
    written_in = max(probabilities, key=probabilities.get)
    copy = "fr" if written_in == "en" else "en"
    return [Problem("untranslated", copy,
                    f"the {LANGUAGE[copy].name} text is a copy of the {LANGUAGE[written_in].name}: "
                    f"{quote(plain[copy])}", f"translate it into {LANGUAGE[copy].name}")]


def outside_italics(text: str) -> str:
    """The printed text with its italics blanked: italics set foreign words apart (*ad hoc*)."""
    return printed("".join(" " if run.italic else run.text for run in parse_runs(text)))


def wrong_language(text: str, lang: str) -> list[Problem]:
    passages = foreign_passages(text, lang)
    if not passages:
        return []
    other = LANGUAGE[passages[0].language].name
    name = LANGUAGE[lang].name
    foreign_letters = sum(letters(passage.text) for passage in passages)
    if foreign_letters >= MOSTLY_FOREIGN * letters(text):
        return [Problem("wrong-language", lang, f"the {name} text is in {other}: {quote(text)}",
                        f"translate it into {name}")]
    quoted = ", ".join(quote(passage.text) for passage in passages)
    return [Problem("wrong-language", lang, f"the {name} text has {other} in it: {quoted}",
                    f"translate {'these words' if len(passages) > 1 else 'it'} into {name}")]


def letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def repeated_phrases(text: str, lang: str) -> list[Problem]:
    return [Problem("repeated-phrase", lang, f"{quote(phrase)} is repeated: {quote(context)}",
                    "delete the repeated words")
            for phrase, context in find_repeats(text, lang)]


def find_repeats(text: str, lang: str) -> list[tuple[str, str]]:
    """Each phrase typed twice, longest first, with the stretch of text that shows it."""
    words = list(TOKEN.finditer(text))
    keys = [word.group().casefold().replace("’", "'") for word in words]
    covered: set[int] = set()
    repeats = []
    for size in range(REPEAT_MAX_WORDS, 1, -1):
        for first in range(len(keys) - 2 * size + 1):
            if not any(is_content_word(word, lang) for word in words[first:first + size]):
                continue
            phrase = keys[first:first + size]
            after = first + size
            second = after + 1 if keys[after] in REPEAT_JOINERS[lang] else after
            span = set(range(first, second + size))
            if keys[second:second + size] == phrase and not span <= covered:
                covered |= span
                repeats.append((text[words[first].start():words[after - 1].end()],
                                text[words[first].start():words[second + size - 1].end()]))
    return repeats


def is_content_word(word: re.Match, lang: str) -> bool:
    return not word.group()[0].isupper() and not is_function_word(word.group(), lang)


def length_mismatch(plain: dict[str, str]) -> list[Problem]:
    lengths = {lang: len(" ".join(PLACEHOLDER.sub("", plain[lang]).split())) for lang in LANGUAGES}
    if max(lengths.values()) <= LENGTH_MIN_CHARS or not lengths["fr"]:
        return []
    ratio = lengths["en"] / lengths["fr"]
    if LENGTH_RATIO_MIN <= ratio <= LENGTH_RATIO_MAX:
        return []
    shorter = "en" if ratio < 1 else "fr"
    return [Problem("length-mismatch", None,
                    f"the English is {ratio:.0%} of the length of the French ({lengths['en']} against "
                    f"{lengths['fr']} characters)",
                    f"look for a sentence missing from the {LANGUAGE[shorter].name}")]


def figures_mismatch(plain: dict[str, str]) -> list[Problem]:
    problems = []
    figures = {lang: quoted_figures(plain[lang], lang) for lang in LANGUAGES}
    for kind in ("placeholders", "numbers", "e-mail addresses"):
        only = {lang: figures[lang][kind] - figures[other(lang)][kind]
                for lang in LANGUAGES}
        if any(only.values()):
            differences = "; ".join(f"only the {LANGUAGE[lang].name} has {', '.join(sorted(values))}"
                                    for lang, values in only.items() if values)
            problems.append(Problem("figures-mismatch", None, f"the {kind} differ: {differences}",
                                    f"quote the same {kind} in both languages"))
    return problems


def quoted_figures(text: str, lang: str) -> dict[str, set[str]]:
    """The placeholders, e-mail addresses and numbers a text quotes, numbers as plain decimals."""
    placeholders = {match.group() for match in PLACEHOLDER.finditer(text)}
    emails = {address.casefold() for address in EMAIL.findall(text)}
    rest = EMAIL.sub(" ", PLACEHOLDER.sub(" ", text))
    numbers = {normal_number(match.group(), lang) for match in NUMBERS[lang].finditer(rest)}
    return {"placeholders": placeholders, "numbers": numbers, "e-mail addresses": emails}


def normal_number(written: str, lang: str) -> str:
    """300 000 and 300,000 -> 300000; 2,5 (fr) and 2.50 (en) -> 2.5."""
    whole, _, fraction = written.partition(DECIMAL_MARK[lang])
    digits = "".join(char for char in whole if char.isdigit())
    return format(Decimal(f"{digits}.{fraction or 0}").normalize(), "f")


def quote(text: str) -> str:
    if len(text) > QUOTE_MAX_CHARS:
        text = text[:QUOTE_MAX_CHARS - 1].rstrip() + "…"
    return f"“{text}”"
