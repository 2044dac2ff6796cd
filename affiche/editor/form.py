"""The editor's HTML form, both ways: the names its fields carry, and the changes a submitted form asks for.

A field's name says what it edits, `text|data/handout.yaml|sections/2/bullets/0|fr`, and beside it a
hidden `was|…` holds the text the page showed: a change is a field whose value is no longer the one
it was loaded with, so a save sends only what the person typed, and the save engine refuses it when
the file changed under it since (the snapshot). The buttons that change the structure say what they
do in their value, `move|data/handout.yaml|sections/2/bullets|3|2`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..model.languages import LANGUAGES
from ..model.text_units import KeyPath
from .changes import AddItem, MoveItem, RemoveItem, SetAmount, SetText, field_id
from .problems import FieldProblem
from .snapshot import EDITABLE

SEPARATOR = "|"
AMOUNT = re.compile(r"\d{1,15}(?:[.,]\d{1,2})?")  # dollars, and cents when there are some


class BadForm(ValueError):
    """A form no page of the editor sends: a file or a language that is not one of ours."""


def path_text(path: KeyPath) -> str:
    return "/".join(map(str, path))


def path_of(text: str) -> KeyPath:
    return tuple(int(part) if part.isdigit() else part for part in text.split("/")) if text else ()


def name(kind: str, file: Path, path: KeyPath, *parts: object) -> str:
    return SEPARATOR.join([kind, file.as_posix(), path_text(path), *map(str, parts)])


def editable(file_text: str) -> Path:
    file = Path(file_text)
    if file not in EDITABLE:
        raise BadForm(f"not a content file: {file_text!r}")
    return file


def unit_of(value: str) -> tuple[Path, KeyPath]:
    """The `file|path` that names a unit in a live-findings request."""
    file, _, path = value.partition(SEPARATOR)
    return editable(file), path_of(path)


def same_text(a: str, b: str) -> bool:
    """Browsers send a textarea's line breaks as CR LF."""
    return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")


def typed(value: str) -> str:
    return value.replace("\r\n", "\n")


@dataclass
class Asked:
    """What a submitted form asks for: the changes, what could not be read, and where to look after."""

    changes: list
    problems: list[FieldProblem]
    anchor: str = ""  # the id of what the page should show once saved: the unit or item changed
    structural: bool = False


def requested_changes(form) -> Asked:
    """Text and amount changes first, then the change of structure the pressed button asks for: the
    paths of the first still hold as the page showed them when the second moves things."""
    asked = Asked([], [])
    for field_name, value in form.items():
        kind, *parts = field_name.split(SEPARATOR)
        if kind == "text":
            read_text_change(asked, named(parts, 3), value, form.get(SEPARATOR.join(["was", *parts]), ""))
        elif kind == "amount" and parts[-1] == "value":
            read_amount_change(asked, named(parts, 4), value, form)
    structure = form.get("op", "save")
    if structure != "save":
        asked.structural = True
        read_structure_change(asked, structure.split(SEPARATOR), form)
    return asked


def named(parts: list[str], count: int) -> list[str]:
    """The parts of a field's name after its kind: file, path and language or amount (and what of it)."""
    if len(parts) != count:
        raise BadForm(f"not a field of the editor: {SEPARATOR.join(parts)!r}")
    return parts


def read_text_change(asked: Asked, parts: list[str], value: str, was: str) -> None:
    file, path, lang = editable(parts[0]), path_of(parts[1]), parts[2]
    if lang not in LANGUAGES:
        raise BadForm(f"not a language: {lang!r}")
    if not same_text(value, was):
        asked.changes.append(SetText(file, path, lang, typed(value)))
        asked.anchor = asked.anchor or field_id(file, path, lang)


def read_amount_change(asked: Asked, parts: list[str], value: str, form) -> None:
    file, path, amount = editable(parts[0]), path_of(parts[1]), parts[2]
    currency_name = name("amount", file, path, amount, "currency")
    currency = form.get(currency_name, "")
    was = (form.get(name("was-amount", file, path, amount, "value"), ""),
           form.get(name("was-amount", file, path, amount, "currency"), ""))
    if (value.strip(), currency) == was:
        return
    number = amount_number(value)
    if number is None:
        asked.problems.append(FieldProblem(field_id(file, path, amount), {
            "fr": "Écrivez le montant en chiffres, sans espace ni symbole, et ses cents après un point s'il en a "
                  "(par exemple 300000 ou 1250.50).",
            "en": "Write the amount in digits, without spaces or symbols, and its cents after a point if it has "
                  "some (for example 300000 or 1250.50)."}))
        return
    asked.changes.append(SetAmount(file, path, amount, number, currency))
    asked.anchor = asked.anchor or field_id(file, path, amount)


def amount_number(value: str) -> Decimal | int | None:
    """300000, 300 000, or with cents 1234.50 or 1234,50; None for anything else, 300,000 among them,
    which reads as 300 in French and as 300000 in English."""
    written = AMOUNT.fullmatch(re.sub(r"[\s\u00a0\u202f]", "", value))
    if written is None:
        return None
    number = Decimal(written.group().replace(",", "."))
    return int(number) if number == number.to_integral_value() else number


def read_structure_change(asked: Asked, parts: list[str], form) -> None:
    if len(parts) < 3:
        raise BadForm(f"not a change the editor makes: {SEPARATOR.join(parts)!r}")
    action, file, list_path = parts[0], editable(parts[1]), path_of(parts[2])
    numbers = [int(part) for part in parts[3:] if part.lstrip("-").isdigit()]
    if action == "move" and len(numbers) == 2:
        asked.changes.append(MoveItem(file, list_path, numbers[0], numbers[1]))
        asked.anchor = field_id(file, list_path + (numbers[1],), "item")
    elif action == "remove" and len(numbers) == 1:
        asked.changes.append(RemoveItem(file, list_path, numbers[0]))
        asked.anchor = field_id(file, list_path, "list")
    elif action in NEW_ITEMS and len(numbers) == 1:
        item = NEW_ITEMS[action](lambda part: typed(form.get(name("new", file, list_path, part), "")))
        asked.changes.append(AddItem(file, list_path, numbers[0], item))
        asked.anchor = field_id(file, list_path + (numbers[0],), "item")
    else:
        raise BadForm(f"not a change the editor makes: {SEPARATOR.join(parts)!r}")


def new_text(value) -> dict:
    """A bullet or a paragraph."""
    return {"fr": value("fr"), "en": value("en")}


def new_section(value) -> dict:
    """Its id is the save engine's to make, from its heading."""
    return {"heading": {"fr": value("heading-fr"), "en": value("heading-en")},
            "bullets": [{"fr": value("bullet-fr"), "en": value("bullet-en")}]}


def new_place(value) -> dict:
    category = int(value("category")) if value("category").isdigit() else value("category")
    if value("kind") == "point":
        place = {"point": {"lat": coordinate(value("lat")), "lon": coordinate(value("lon"))}}
    else:
        place = {"country": value("country")}
    item = {"category": category, "place": place}
    if value("kind") == "point":
        item["label"] = {"fr": value("label-fr"), "en": value("label-en")}
    item["source"] = value("source")
    return item


def coordinate(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text  # the save engine refuses it at its field, as the loader would


NEW_ITEMS = {"add-text": new_text, "add-section": new_section, "add-place": new_place}
