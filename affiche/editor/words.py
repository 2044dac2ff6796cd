"""What the editor tells staff, in French and in English: why a change was refused, and which unit.

Staff know the handout, not its files: a message names the text as they see it on the page
(« Puce 2 de la section “Pourquoi…” ») and says what to do, with no line number and no key path.
The loader's refusals are matched by their sentence; one not matched here is told in the loader's
own words, without its file and line. Every message goes through the project's typographic rules
(localize/typography.py): a no-break space before the colon and inside « », a narrow one before
; ! ?, curly apostrophes.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.numbers import format_decimal

from ..load.content import CONTENT_FILE
from ..load.places import MAP_FILE
from ..load.reader import MAX_TEXT_CHARS
from ..load.roundtrip import node_at
from ..localize.typography import RULES
from ..map.countries import country_name
from ..model.languages import LANGUAGE, LANGUAGES

Words = dict[str, str]
SHOWN_HEADING = 40  # characters of a section's heading in a unit's name

# What an empty text of each language is called, and what to write in it: the French is the source.
EMPTY_TEXTS = {"French": ("Le texte français est vide : écrivez le texte.",
                          "The French text is empty: write the text."),
               "English": ("Le texte anglais est vide : écrivez la traduction.",
                           "The English text is empty: write the translation.")}


def words(fr: str, en: str) -> Words:
    """A message in both languages, set by each one's typographic rules."""
    return {"fr": RULES["fr"](fr), "en": RULES["en"](en)}


def empty_text(language: str) -> Words:
    return words(*EMPTY_TEXTS[language])


def marker(match: re.Match) -> Words:
    style = ("gras", "bold") if match[1] == "**" else ("italique", "italics")
    return words(f"Le {match[1]} ouvre un passage en {style[0]} qui n'est jamais fermé : ajoutez {match[1]} "
                 f"à la fin du passage, ou retirez-le.",
                 f"The {match[1]} starts a passage in {style[1]} that is never closed: add {match[1]} at the end "
                 f"of the passage, or remove it.")


def degrees(match: re.Match) -> Words:
    if match[1] == "latitude":
        return words("La latitude doit être comprise entre -90 et 90 degrés (nord positif).",
                     "The latitude must be between -90 and 90 degrees (north positive).")
    return words("La longitude doit être comprise entre -180 et 180 degrés (est positif).",
                 "The longitude must be between -180 and 180 degrees (east positive).")


TOO_LONG = (f"Ce texte dépasse {format_decimal(MAX_TEXT_CHARS, locale=LANGUAGE['fr'].locale)} caractères : "
            "partagez-le en plusieurs puces ou paragraphes.",
            f"This text is over {format_decimal(MAX_TEXT_CHARS, locale=LANGUAGE['en'].locale)} characters: split "
            "it into several bullets or paragraphs.")
AMOUNT = ("Le montant doit être un nombre positif en chiffres seulement, inférieur à un million de milliards, par "
          "exemple 300000.", "The amount must be a positive number in digits only, below a thousand trillion, e.g. "
          "300000.")
CURRENCY = ("Ce n'est pas un code de devise connu : écrivez les trois lettres de la devise, par exemple CAD, USD ou "
            "EUR.", "This is not a known currency code: write the currency's three letters, e.g. CAD, USD or EUR.")

# What staff are told: a message in French and English ({0} is what the sentence's first group matched),
# or what makes one from the match.
Told = tuple[str, str] | Callable[[re.Match], Words]
# The loader's sentences (load/text.py, reader.py, content.py, places.py, page_words.py) and the
# writer's (load/roundtrip.py), each with what staff are told instead.
REFUSALS: list[tuple[re.Pattern, Told]] = [(re.compile(pattern), told) for pattern, told in [
    (r"^the (French|English) text is empty$", lambda match: empty_text(match[1])),
    (r"^missing key '(fr|en)'$", lambda match: empty_text(LANGUAGE[match[1]].name)),
    (r"^\{(\w+)\} is not defined$", (
        "Le texte contient {{{0}}}, qui ne désigne aucun montant ni aucun lien de ce texte : retirez les "
        "accolades, ou gardez le nom entre accolades tel qu'il était.",
        "The text holds {{{0}}}, which names no amount or link of this text: remove the braces, or keep "
        "the name in braces as it was.")),
    (r"^\{(\w+)\} is defined but this text does not use it$", (
        "Le texte doit contenir {{{0}}} à l'endroit où s'imprime la valeur : remettez-le, "
        "accolades comprises.",
        "The text must hold {{{0}}} where the value is printed: put it back, braces included.")),
    (r"^this label takes (.*), found (.*)$", (
        "Ce libellé doit contenir exactement les valeurs entre accolades qu'il avait : remettez-les telles quelles.",
        "This label must hold exactly the values in braces it had: put them back as they were.")),
    (r"^'(\*\*?)' opens bold or italic text that is never closed$", marker),
    (r"^control or invalid character", (
        "Le texte contient un caractère invisible ou de contrôle : retapez le passage.",
        "The text holds an invisible or control character: type the passage again.")),
    (r"^\d+ characters, more than the \d+ allowed$", TOO_LONG),
    (r"^(amount .* is out of range|expected a number)$", AMOUNT),
    (r"^unknown currency code '(.*)'$|^a currency code is empty$", CURRENCY),
    (r"^unknown country code '(.*)'$|^an ISO 3166 country code is empty$", (
        "Ce n'est pas un code de pays connu : écrivez les deux lettres majuscules du pays, par exemple PE pour "
        "le Pérou.",
        "This is not a known country code: write the country's two capital letters, e.g. PE for Peru.")),
    (r"^(latitude|longitude) .* is out of range$", degrees),
    (r"^a place is either a country or a point$|^expected a mapping of keys for 'point'", (
        "Un lieu est soit un pays (son code), soit un point (sa latitude et sa longitude), pas les deux.",
        "A place is either a country (its code) or a point (its latitude and longitude), not both.")),
    (r"^a point needs a label$", (
        "Un point de la carte a besoin d'un nom, en français et en anglais.",
        "A point on the map needs a name, in French and in English.")),
    (r"^unknown legend category", (
        "La catégorie doit être 1, 2 ou 3, comme dans la légende.",
        "The category must be 1, 2 or 3, as in the legend.")),
    (r"^section id '(.*)' is used twice", (
        "Une autre section porte déjà l'identifiant « {0} » : donnez à celle-ci un autre titre anglais.",
        "Another section already has the id \"{0}\": give this one another English heading.")),
    (r"^section id '.*' is not a lowercase word$|is reserved for a built-in block$|^a section id is empty$", (
        "Le titre anglais de la section doit contenir au moins un mot en lettres ou en chiffres, qui ne soit pas "
        "le nom d'un bloc d'affiche (intro, map, legend, contact, online).",
        "The section's English heading must hold at least one word of letters or digits, other than the name "
        "of one of affiche's blocks (intro, map, legend, contact, online).")),
    (r"^the file's (text|lists) pass", (
        "Le document deviendrait trop long : raccourcissez ou retirez d'autres textes d'abord.",
        "The document would be too long: shorten or remove other texts first.")),
    (r"^\d+ items, more than the \d+ allowed$", (
        "Cette liste a déjà le plus d'éléments qu'elle peut avoir : partagez-la en plusieurs sections.",
        "This list already has as many items as it may: split it into several sections.")),
    (r"^the list is empty$|^the section has no text$", (
        "Une liste doit garder au moins un élément : ajoutez-en un autre avant de retirer celui-ci.",
        "A list must keep at least one item: add another before removing this one.")),
    (r"^other items use its text through '\*(.*)'$", (
        "D'autres lieux de la carte reprennent la citation de celui-ci : retirez-les d'abord, ou gardez-le.",
        "Other places on the map quote the same sentence as this one: remove them first, or keep it.")),
]]


def refusal(problem: str, fix: str) -> Words:
    """What staff are told of a loader's or writer's refusal."""
    for pattern, told in REFUSALS:
        found = pattern.search(problem)
        if found:
            return told(found) if callable(told) else words(*(text.format(*found.groups()) for text in told))
    sentence = f"{problem} ({fix})" if fix else problem
    return words(f"affiche ne peut pas enregistrer ceci : {sentence}.", f"affiche cannot save this: {sentence}.")


# ---------------------------------------------------------------- names of units

def unit_name(file: Path, data: object, path: tuple) -> Words:
    """The unit, mapping or list at path as staff know it: « Puce 2 de la section “Pourquoi…” »."""
    if file == CONTENT_FILE:
        return content_name(data, path)
    if file == MAP_FILE:
        return map_name(data, path)
    return {"fr": f"le libellé « {path[-1] if path else ''} » de la page de téléchargement",
            "en": f"the label \u201c{path[-1] if path else ''}\u201d of the download page"}


CONTENT_NAMES = {
    ("title",): ("le titre du document", "the document's title"),
    ("author",): ("l'auteur", "the author"),
    ("subject",): ("le sujet", "the subject"),
    ("contact",): ("les coordonnées", "the contact text"),
    ("intro",): ("l'introduction", "the introduction"),
    ("sections",): ("la liste des sections", "the list of sections"),
    ("legend", "title"): ("le titre de la légende", "the legend's title"),
}
SECTION_PARTS = {
    (): ("la section {heading}", "the section {heading}"),
    ("heading",): ("le titre de la section {heading}", "the heading of the section {heading}"),
    ("subtitle",): ("le sous-titre de la section {heading}", "the subtitle of the section {heading}"),
    ("bullets",): ("les puces de la section {heading}", "the bullets of the section {heading}"),
    ("paragraphs",): ("les paragraphes de la section {heading}", "the paragraphs of the section {heading}"),
    ("sections",): ("les sous-sections de la section {heading}", "the subsections of the section {heading}"),
}


def content_name(data: dict, path: tuple) -> Words:
    if path in CONTENT_NAMES:
        return name_words(*CONTENT_NAMES[path])
    if path[:1] == ("intro",) and len(path) == 2:
        return name_words(f"paragraphe d'introduction {path[1] + 1}", f"introduction paragraph {path[1] + 1}")
    if path[:2] == ("legend", "entries") and len(path) > 2:
        category = data["legend"]["entries"][path[2]].get("category", path[2] + 1)
        return name_words(f"la légende de la catégorie {category}", f"the legend of category {category}")
    if path[:1] == ("labels",) and len(path) == 2:
        return name_words(f"le libellé « {path[1]} »", f"the label \u201c{path[1]}\u201d")
    if path[:1] == ("sections",) and len(path) > 1:
        return section_part_name(data, path)
    return name_words("le contenu du document", "the document's content")


def section_part_name(data: dict, path: tuple) -> Words:
    """A section, its heading or list, or one of its bullets (2, or 2.1 for a nested one) or paragraphs."""
    depth = 2
    while path[depth:depth + 1] == ("sections",) and len(path) > depth + 1:
        depth += 2
    section, rest = node_at(data, path[:depth]), path[depth:]
    headings = {lang: shortened(str(section.get("heading", {}).get(lang, ""))) for lang in LANGUAGES}
    if rest in SECTION_PARTS:
        fr, en = SECTION_PARTS[rest]
        return {"fr": fr.format(heading=headings["fr"]), "en": en.format(heading=headings["en"])}
    number = ".".join(str(part + 1) for part in rest if isinstance(part, int))
    if rest[-1] == "bullets":  # the list nested in a bullet
        return {"fr": f"les puces sous la puce {number} de la section {headings['fr']}",
                "en": f"the bullets under bullet {number} of the section {headings['en']}"}
    kind = ("puce", "bullet") if rest[0] == "bullets" else ("paragraphe", "paragraph")
    return {"fr": f"{kind[0]} {number} de la section {headings['fr']}",
            "en": f"{kind[1]} {number} of the section {headings['en']}"}


def map_name(data: dict, path: tuple) -> Words:
    if len(path) < 2:
        return name_words("la liste des lieux de la carte", "the list of places on the map")
    entry = data["entries"][path[1]]
    names = {lang: place_name(entry, lang) for lang in LANGUAGES}
    return {"fr": f"lieu {path[1] + 1} de la carte ({names['fr']})",
            "en": f"place {path[1] + 1} on the map ({names['en']})"}


def place_name(entry: dict, lang: str) -> str:
    """A map entry's label, or its country's name in CLDR."""
    label, code = entry.get("label") or {}, str(entry.get("place", {}).get("country", ""))
    try:
        return label.get(lang) or country_name(code, lang)
    except KeyError:
        return code


def name_words(fr: str, en: str) -> Words:
    return {"fr": fr, "en": en}


def shortened(heading: str) -> str:
    """A heading within its first words, in the quotes a name inside a sentence takes: “Pourquoi…”."""
    text = heading.replace("*", "")
    if len(text) > SHOWN_HEADING:
        text = text[:SHOWN_HEADING].rsplit(" ", 1)[0] + "…"
    return f"\u201c{text}\u201d"


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]
