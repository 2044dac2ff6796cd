"""Amounts of money in each locale's own way, through Babel (CLDR data).

French Canada: "300 000 $" with a narrow no-break space between thousands and a
no-break space before the sign; "21 millions de dollars" in words.
English Canada: "$300,000" and "$21 million".
"""
from __future__ import annotations

import re

from babel import Locale
from babel.numbers import (format_compact_decimal, format_currency, get_currency_name, get_currency_symbol,
                           get_group_symbol, get_territory_currencies)

from ..model.content import Amount
from ..model.languages import LANGUAGE
from .typography import NBSP, NNBSP

ELIDING_INITIALS = tuple("aeiouyhâéèêîôœAEIOUYHÂÉÈÊÎÔŒ")


def format_amount(amount: Amount, lang: str) -> str:
    locale = LANGUAGE[lang].locale
    text = (_in_words if amount.style == "words" else _in_figures)(amount, locale)
    if lang == "fr":
        # CLDR gives fr_CA a plain no-break space between thousands; French print uses the narrow one.
        group = re.escape(get_group_symbol(locale))
        text = re.sub(rf"(?<=\d){group}(?=\d{{3}})", NNBSP, text)
    return text


def _in_figures(amount: Amount, locale: str) -> str:
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    if amount.value == amount.value.to_integral_value():
        pattern = pattern.replace(".00", "")  # whole dollars print without cents
    return format_currency(amount.value, amount.currency, format=pattern, locale=locale, currency_digits=False)


def _in_words(amount: Amount, locale: str) -> str:
    number = format_compact_decimal(amount.value, format_type="long", locale=locale, fraction_digits=1)
    number = number.replace(" ", NBSP)
    if locale.startswith("en"):
        return get_currency_symbol(amount.currency, locale=locale) + number
    name = get_currency_name(amount.currency, count=amount.value, locale=locale)
    if amount.currency in get_territory_currencies(locale.split("_")[1]):
        name = name.split()[0]  # Canadian text says "dollars", not "dollars canadiens"
    # "21 millions de dollars", but "21 millions d'euros"; a bare number takes no "de".
    if number[-1].isdigit():
        return f"{number}{NBSP}{name}"
    joiner = " d’" if name.startswith(ELIDING_INITIALS) else " de "
    return number + joiner + name
