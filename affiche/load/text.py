"""The bilingual unit: a French and an English text, with the amounts and links their {placeholders} name."""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from babel.numbers import is_currency

from ..errors import AfficheError, Location
from ..localize import inline
from ..model.content import Amount, Text
from ..model.languages import LANGUAGE, LANGUAGES
from .reader import Reader, describe, format_what
from .yamlsrc import KeyPath

# What affiche writes as a listed unit's key (model/text_units.py, translation/keys.py): four
# hexadecimal digits drawn at random, a letter first; up to eight are accepted.
UNIT_KEY = re.compile(r"[a-f][0-9a-f]{3,7}")
MAX_AMOUNT = Decimal(10) ** 15  # a thousand trillion: beyond it, a mistyped amount


def read_text(reader: Reader, path: KeyPath, *, placeholders: bool = True, nested: tuple[str, ...] = (),
              listed: bool = False) -> Text:
    """A bilingual unit: {fr, en} plus the amounts and links its placeholders name, and its key
    when it stands in a list."""
    unit = reader.get(path)
    if isinstance(unit, str):
        raise reader.error(path, "expected a French and an English version, got a single text",
                           "write it as 'fr: …' and 'en: …' on two indented lines")
    extra = ("amounts", "links") if placeholders else ()
    reader.mapping(path, LANGUAGES, extra + nested + (("key",) if listed else ()))
    texts = {lang: reader.string(path + (lang,), f"the {LANGUAGE[lang].name} text")
             for lang in LANGUAGES}
    for lang, value in texts.items():
        try:
            inline.parse_runs(value)
        except inline.MarkupError as exc:
            raise reader.error(path + (lang,), str(exc), exc.fix) from None
    amounts = read_amounts(reader, path + ("amounts",)) if "amounts" in unit else {}
    links = read_links(reader, path + ("links",)) if "links" in unit else {}
    if placeholders:
        check_placeholders(reader, path, texts, set(amounts) | set(links))
    key = read_unit_key(reader, path + ("key",)) if "key" in unit else None
    return Text(texts["fr"], texts["en"], reader.where(path), amounts, links, key)


def read_unit_key(reader: Reader, path: KeyPath) -> str:
    key = reader.get(path)
    if not isinstance(key, str) or not UNIT_KEY.fullmatch(key):
        raise reader.error(path, f"unit key {key!r} is not 4 to 8 digits and letters a-f, a letter first",
                           "delete the line: affiche gives the unit a new key (and its translation is then new)")
    return key


def check_unique_keys(texts: Iterable[Text]) -> None:
    """Two units with one key would share one translation state: a copied bullet, most often."""
    seen: dict[str, Text] = {}
    for text in texts:
        if text.key is None:
            continue
        if text.key in seen:
            where = text.where
            raise AfficheError(Location(where.file, where.line, where.column, f"{where.key_path}.key"),
                               f"unit key '{text.key}' is used twice (first at line {seen[text.key].where.line})",
                               "delete this key line: affiche gives the unit a new one")
        seen[text.key] = text


def check_placeholders(reader: Reader, path: KeyPath, texts: dict[str, str], defined: set[str]) -> None:
    for lang, value in texts.items():
        used = inline.placeholders(value)
        for name in sorted(used - defined):
            raise reader.error(path + (lang,), f"{{{name}}} is not defined",
                               "add it under 'amounts:' or 'links:' of this unit, or remove the braces")
        for name in sorted(defined - used):
            raise reader.error(path + (lang,), f"{{{name}}} is defined but this text does not use it",
                               f"write {{{name}}} where the value belongs")


def read_amounts(reader: Reader, path: KeyPath) -> dict:
    amounts = {}
    for name in placeholder_names(reader, path, "{value: 300000, currency: CAD}"):
        here = path + (name,)
        spec = reader.mapping(here, ("value", "currency"), ("style",))
        try:
            value = Decimal(str(spec["value"]))
        except InvalidOperation:
            raise reader.error(here + ("value",), "expected a number", "write digits only, e.g. 300000") from None
        # Before comparing: YAML's .nan and .inf (or 1e400, too big for a float) are Decimal's NaN and
        # Infinity, and a NaN refuses to be compared at all.
        if isinstance(spec["value"], bool) or not value.is_finite() or not 0 <= value < MAX_AMOUNT:
            raise reader.error(here + ("value",), f"amount {spec['value']!r} is out of range",
                               "write a positive number of dollars, digits only")
        currency = reader.string(here + ("currency",), "a currency code")
        if not is_currency(currency):
            raise reader.error(here + ("currency",), f"unknown currency code '{currency}'",
                               "use an ISO 4217 code such as CAD, USD or EUR")
        style = spec.get("style", "figures")
        if style not in ("figures", "words"):
            raise reader.error(here + ("style",), f"unknown amount style '{style}'",
                               "use 'figures' (300 000 $) or 'words' (21 millions de dollars)")
        amounts[name] = Amount(value, currency, style)
    return amounts


def read_links(reader: Reader, path: KeyPath) -> dict:
    links = {}
    for name in placeholder_names(reader, path, "name@example.org"):
        address = reader.string(path + (name,), "an e-mail address")
        if "@" not in address or any(not char.isprintable() or char.isspace() or char in "<>\"'"
                                     for char in address):
            raise reader.error(path + (name,), f"'{address}' is not an e-mail address",
                               "write it as name@domain, without spaces or quotes")
        links[name] = address
    return links


def placeholder_names(reader: Reader, path: KeyPath, example: str) -> list[str]:
    """The names under 'amounts:' or 'links:', which the author chooses: any key, but a mapping of them."""
    value = reader.get(path)
    if not isinstance(value, dict):
        raise reader.error(path, f"expected a mapping of names to values for {format_what(path)}, got "
                           f"{describe(value)}", f"write each on its own line as 'name: {example}'")
    return list(value)
