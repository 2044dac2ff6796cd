"""The bilingual unit: a French and an English text, with the amounts and links their {placeholders} name."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import is_currency

from ..localize import inline
from ..model.content import Amount, Text
from ..model.languages import LANGUAGE, LANGUAGES
from .reader import Reader, describe, format_what
from .yamlsrc import KeyPath


def read_text(reader: Reader, path: KeyPath, *, placeholders: bool = True, nested: tuple[str, ...] = ()) -> Text:
    """A bilingual unit: {fr, en} plus the amounts and links its placeholders name."""
    unit = reader.get(path)
    if isinstance(unit, str):
        raise reader.error(path, "expected a French and an English version, got a single text",
                           "write it as 'fr: …' and 'en: …' on two indented lines")
    extra = ("amounts", "links") if placeholders else ()
    reader.mapping(path, LANGUAGES, extra + nested)
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
    return Text(texts["fr"], texts["en"], reader.where(path), amounts, links)


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
        if isinstance(spec["value"], bool) or not value.is_finite() or not 0 <= value < Decimal(10) ** 15:
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
