"""What the editor shows beside a unit while it is typed: the findings `check` would give, and the
text as it will print.

Every finding comes from the real check (checks/language.py, translation.py, invisible.py, content.py)
run on the unit as typed; nothing here judges a text. What is added is the wording: each check's
finding is told in the interface's language for communications staff, with the passages it quotes,
and without the file, line and command names that the command line's findings carry.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ..checks import Finding
from ..checks import invisible, translation
from ..checks.content import SetText, missing_glyph_findings
from ..checks.language import unit_problems
from ..load.page_words import LABEL_PLACEHOLDERS, PAGE_WORDS_FILE
from ..localize import inline
from ..localize.document import rich
from ..localize.typography import NBSP, NNBSP, RULES
from ..model.content import Amount
from ..model.languages import LANGUAGE, LANGUAGES
from ..model.layout import Layout
from ..model.text_units import Unit
from ..translation.state import Lock
from .messages import say
from .words import refusal

QUOTED = re.compile(r"“([^”]*)”")
ONLY_HAS = re.compile(r"only the (French|English) has ([^;]+)")
CODE_POINT = re.compile(r"U\+[0-9A-F]{4,6} [A-Z][A-Z0-9 -]*[A-Z0-9]")
WORD_CHANGE = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")
LANGUAGE_NAMES = {language.name: code for code, language in LANGUAGE.items()}  # as the checks name them
FIGURE_KINDS = ("placeholders", "numbers", "e-mail addresses")


@dataclass(frozen=True)
class Shown:
    """A finding as the editor shows it: which check, the language at fault (None: the pair), its
    sentence in the interface's language, and the passages it is about."""

    check: str
    lang: str | None
    severity: str
    sentence: str
    quotes: tuple[str, ...] = ()
    changes: tuple[tuple[str, str], ...] = ()  # a word diff: ("same" | "removed" | "added", words)


@dataclass(frozen=True)
class Piece:
    """A stretch of printed text: plain, bold, italic, a link, or a no-break space made visible."""

    text: str
    bold: bool = False
    italic: bool = False
    link: bool = False
    space: str = ""  # "nbsp" or "nnbsp"


@dataclass(frozen=True)
class Context:
    """What the checks need beyond the unit: the translation state, the layouts and their fonts."""

    lock: Lock
    layouts: list[Layout]
    root: Path
    set_texts: dict[object, SetText]  # by the unit's location: its font role and weights


def as_typed(unit: Unit, fr: str, en: str, amounts: dict[str, Amount] | None = None) -> Unit:
    text = dataclasses.replace(unit.text, fr=fr, en=en, amounts=amounts if amounts is not None else unit.text.amounts)
    return dataclasses.replace(unit, text=text)


def unit_findings(unit: Unit, context: Context, interface: str) -> list[Shown]:
    """Every finding of the unit as typed, worded in the interface's language."""
    markup, placeholders = markup_findings(unit, interface), placeholder_findings(unit, interface)
    shown = markup + placeholders
    if not markup:  # the language checks read the markup: a stray '*' would stop them
        shown += [shown_problem(problem.check, problem.lang, problem.message, interface)
                  for problem in unit_problems(unit)]
    if not markup and not placeholders:  # the glyphs are those of the text as set, its values filled in
        shown += [shown_finding(finding, interface) for finding in glyph_findings(unit, context)]
    if context.lock.exists:  # a project without translation state has no stale unit, nor a new one
        shown += [shown_finding(finding, interface)
                  for finding in translation.unit_findings(unit, context.lock, "warning")]
    shown += [shown_finding(finding, interface)
              for lang in LANGUAGES for finding in invisible.unit_findings(unit, lang)]
    return shown


def markup_findings(unit: Unit, interface: str) -> list[Shown]:
    shown = []
    for lang in LANGUAGES:
        try:
            inline.parse_runs(unit.text[lang])
        except inline.MarkupError as error:  # worded as the save engine words the loader's refusal of it
            shown.append(Shown("markup", lang, "error", refusal(str(error), error.fix)[interface]))
    return shown


def filled_elsewhere(unit: Unit) -> bool:
    """Words of the layouts and of the download page: their {values} are filled in where they print
    (the page counters, the edition's date…), not by the unit's amounts and links."""
    return unit.file == str(PAGE_WORDS_FILE) or unit.key_path[0] == "labels"


def expected_placeholders(unit: Unit) -> set[str] | None:
    """The {names} a unit must use, as the loader demands them; None where the loader lets any stand."""
    if unit.file == str(PAGE_WORDS_FILE) and unit.key_path[0] == "labels":
        return LABEL_PLACEHOLDERS.get(unit.key_path[-1], set())
    if filled_elsewhere(unit):
        return None
    return set(unit.text.amounts) | set(unit.text.links)


def placeholder_findings(unit: Unit, interface: str) -> list[Shown]:
    expected = expected_placeholders(unit)
    if expected is None:
        return []
    shown = []
    for lang in LANGUAGES:
        used = inline.placeholders(unit.text[lang])
        for key, names in (("finding.placeholder-unknown", used - expected),
                           ("finding.placeholder-missing", expected - used)):
            if names:
                quotes = tuple("{" + name + "}" for name in sorted(names))
                shown.append(Shown("placeholder", lang, "error", say(interface, key, language=lang), quotes))
    return shown


def glyph_findings(unit: Unit, context: Context) -> list[Finding]:
    setting = context.set_texts.get(unit.text.where)
    if setting is None:  # the map's labels and the download page's words: set by other means
        return []
    return missing_glyph_findings([dataclasses.replace(setting, unit=unit.text)], context.layouts, context.root)


def shown_finding(finding: Finding, interface: str) -> Shown:
    """A located finding of the real checks: its language is the last part of where it stands."""
    lang = finding.where.rsplit(".", 1)[-1]
    return shown_problem(finding.check, lang if lang in LANGUAGES else None, finding.message, interface,
                         finding.severity)


def shown_problem(check: str, lang: str | None, message: str, interface: str, severity: str = "warning") -> Shown:
    key = f"finding.{check}"
    if check == "figures-mismatch":
        key += "." + next(kind for kind in FIGURE_KINDS if message.startswith(f"the {kind} differ"))
    elif check == "wrong-language":
        key += ".all" if " is in " in message else ".part"
    quotes = tuple(QUOTED.findall(message)) or tuple(CODE_POINT.findall(message))
    if check == "figures-mismatch":
        quotes = tuple(say(interface, "finding.only-has", language=LANGUAGE_NAMES[name], values=values)
                       for name, values in ONLY_HAS.findall(message))
    changes = word_changes(message) if check == "stale-translation" else ()
    return Shown(check, lang, severity, say(interface, key, language=lang), quotes, changes)


def word_changes(message: str) -> tuple[tuple[str, str], ...]:
    """stale-translation's word diff, `… kept [-removed-]{+added+} kept …`, as pieces."""
    diff = message.split(": ", 1)[1]
    pieces, position = [], 0
    for match in WORD_CHANGE.finditer(diff):
        if match.start() > position:
            pieces.append(("same", diff[position:match.start()]))
        pieces.append(("removed", match.group(1)) if match.group(1) is not None else ("added", match.group(2)))
        position = match.end()
    if position < len(diff):
        pieces.append(("same", diff[position:]))
    return tuple(pieces)


def printed(unit: Unit, lang: str) -> tuple[Piece, ...] | None:
    """The unit in one language as it will print (typography applied, amounts formatted, links made),
    or None while its markup or placeholders keep it from printing."""
    text = unit.text
    try:
        if filled_elsewhere(unit):
            return pieces(inline.Run(RULES[lang](text[lang])))
        if inline.placeholders(text[lang]) - set(text.amounts) - set(text.links):
            return None
        return tuple(piece for run in rich(text, lang) for piece in pieces(run))
    except inline.MarkupError:
        return None


def pieces(run: inline.Run) -> tuple[Piece, ...]:
    """A run split at its no-break spaces, which the editor shows as marks."""
    found = []
    for part in re.split(f"([{NBSP}{NNBSP}])", run.text):
        if part in (NBSP, NNBSP):
            found.append(Piece(part, space="nbsp" if part == NBSP else "nnbsp"))
        elif part:
            found.append(Piece(part, run.bold, run.italic, run.href is not None))
    return tuple(found)


def printed_text(unit: Unit, lang: str) -> str:
    """The printed unit as plain text: what the preview looks for in the PDF."""
    found = printed(unit, lang)
    return "".join(piece.text for piece in found) if found else ""

