"""ISO 3166-1 codes and country names, all taken from the CLDR data that ships with Babel."""
from __future__ import annotations

from collections.abc import Collection
import unicodedata
from functools import cache

from babel import Locale
from babel.core import get_global


def alpha2_for_numeric(numeric: str) -> str:
    """"124" -> "CA". Raises KeyError(numeric) for codes CLDR does not map to exactly one country."""
    replacement = get_global("territory_aliases").get(numeric) if _is_country_numeric(numeric) else None
    # CLDR also aliases withdrawn codes that split (200 -> CZ SK) and regions (062 -> 034 143).
    if not replacement or len(replacement) != 1 or not _is_alpha2(replacement[0]):
        raise KeyError(numeric)
    return replacement[0]


def numeric_for_alpha2(alpha2: str, among: Collection[str] | None = None) -> str:
    """"CA" -> "124". Raises KeyError(alpha2) for a code with no numeric alias.

    CLDR aliases withdrawn numeric codes to their successor too (DE: 276, and 278 and 280 from
    before 1990) without saying which is current, so for those few countries the caller passes
    `among`, the numeric codes it can accept (such as the ids in its map data); if several still
    remain, ValueError lists them.
    """
    candidates = [code for code in _numeric_codes().get(alpha2, ()) if among is None or code in among]
    if not candidates:
        raise KeyError(alpha2)
    if len(candidates) > 1:
        raise ValueError(f"{alpha2} has several ISO numeric codes in CLDR ({', '.join(candidates)}); "
                         "pass the acceptable ones as `among`")
    return candidates[0]


def country_name(alpha2: str, lang: str) -> str:
    """The CLDR name of a country as written in Canada: country_name("GB", "fr") -> "Royaume-Uni"."""
    if not _is_alpha2(alpha2):
        raise KeyError(alpha2)
    try:
        return _territory_names(lang)[alpha2]
    except KeyError:
        raise KeyError(alpha2) from None


@cache
def _numeric_codes() -> dict[str, tuple[str, ...]]:
    codes: dict[str, list[str]] = {}
    for numeric, replacement in get_global("territory_aliases").items():
        if _is_country_numeric(numeric) and len(replacement) == 1 and _is_alpha2(replacement[0]):
            codes.setdefault(replacement[0], []).append(numeric)
    return {alpha2: tuple(sorted(numerics)) for alpha2, numerics in codes.items()}


@cache
def _territory_names(lang: str) -> dict[str, str]:
    return dict(Locale.parse(f"{lang}_CA").territories)


def _is_country_numeric(code: str) -> bool:
    # ISO 3166-1 leaves 900-999 to private use; CLDR fills them with its own (999 -> ZZ, 983 -> XK).
    return len(code) == 3 and code.isdigit() and code < "900"


def _is_alpha2(code: str) -> bool:
    # Territory tables also hold UN M49 region numbers ("150" is Europe); countries have two letters.
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()


def countries(lang: str) -> list[tuple[str, str]]:
    """Every country, one that ISO 3166-1 numbers, as (code, CLDR name), alphabetically by name:
    what a person picks a country from."""
    named = [(code, name) for code, name in _territory_names(lang).items() if code in _numeric_codes()]
    return sorted(named, key=lambda pair: unicodedata.normalize("NFKD", pair[1]).encode("ascii", "ignore").lower())
