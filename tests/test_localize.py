"""Typography and money formatting, unit by unit."""
from __future__ import annotations

from decimal import Decimal

import pytest

from affiche.errors import Location
from affiche.localize.inline import Run
from affiche.localize.document import rich
from affiche.localize.money import format_amount
from affiche.localize.typography import english, french
from affiche.model.content import Amount, Text

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("source, expected", [
    ("capacités?", f"capacités{NNBSP}?"),
    ("capacités ?", f"capacités{NNBSP}?"),
    ("ce qui suit :", f"ce qui suit{NBSP}:"),
    ("thème : oui", f"thème{NBSP}: oui"),
    ("(environ 300 $);", f"(environ 300{NBSP}$){NNBSP};"),
    ("Attention!", f"Attention{NNBSP}!"),
    ("«Groupe des cinq »", f"«{NBSP}Groupe des cinq{NBSP}»"),
    ('le thème "Solutions"', f"le thème «{NBSP}Solutions{NBSP}»"),
    ("l'OIM d'abord", "l’OIM d’abord"),
    ("avec 16 pays", f"avec 16{NBSP}pays"),
    ("50 %", f"50{NBSP}%"),
])
def test_french_rules(source, expected):
    assert french(source) == expected


@pytest.mark.parametrize("source", [
    "https://www.canada.ca/fr.html?x=1",
    "à 14:30",
    "mailto:info@ci.gc.ca",
    "2019–2020",
])
def test_french_rules_leave_addresses_times_and_ranges_alone(source):
    assert french(source) == source


@pytest.mark.parametrize("source, expected", [
    ('the "Five Country" partners', "the “Five Country” partners"),
    ("Canada's role", "Canada’s role"),
    ("the 'term' here", "the ‘term’ here"),
    ("Why engage?", "Why engage?"),
    ("note: this", "note: this"),
])
def test_english_rules(source, expected):
    assert english(source) == expected


@pytest.mark.parametrize("value, currency, style, fr, en", [
    (300000, "CAD", "figures", f"300{NNBSP}000{NBSP}$", "$300,000"),
    (1234.5, "CAD", "figures", f"1{NNBSP}234,50{NBSP}$", "$1,234.50"),
    (21000000, "CAD", "words", f"21{NBSP}millions de dollars", f"$21{NBSP}million"),
    (1500000, "EUR", "words", f"1,5{NBSP}million d’euros", f"€1.5{NBSP}million"),
    (2000000000, "CAD", "words", f"2{NBSP}milliards de dollars", f"$2{NBSP}billion"),
])
def test_amounts_in_each_locale(value, currency, style, fr, en):
    amount = Amount(Decimal(str(value)), currency, style)
    assert format_amount(amount, "fr") == fr
    assert format_amount(amount, "en") == en


def test_rich_fills_amounts_links_and_markup():
    unit = Text(fr="Le **PEPM** coûte {fee}; écrivez à {email}.",
                en="The **MPDP** costs {fee}; write to {email}.",
                where=Location("t.yaml", 1, 1),
                amounts={"fee": Amount(Decimal(300000), "CAD")},
                links={"email": "a@b.ca"})
    assert rich(unit, "fr") == (
        Run("Le "), Run("PEPM", bold=True), Run(f" coûte 300{NNBSP}000{NBSP}${NNBSP}; écrivez à "),
        Run("a@b.ca", href="mailto:a@b.ca"), Run("."))
    assert rich(unit, "en")[2] == Run(" costs $300,000; write to ")
