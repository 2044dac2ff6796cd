"""Giving each unit that stands in a list the key its id is made of, once.

A key is four hexadecimal digits drawn at random, a letter first (digits alone would read as
a number in YAML), not a counter nor a digest: a counter would
give the same key to the bullets two branches add, and a digest would change with the text,
which is what the id must outlive. Keys are drawn unlike every key in the project, and a
duplicate that still arrives (a copied bullet) stops the loader at its line.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from ..load.roundtrip import Edit, rewrite
from ..model.text_units import Unit
from ..project import load_project

FIRST = "abcdef"
# A key goes after the unit's own text, before the bullets nested in it: after `en:`, or after the
# `amounts:` and `links:` its placeholders name.
KEY_AFTER = ("en", "amounts", "links")


def with_keys(root: Path, units: list[Unit], chosen: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """The project's units and the chosen ones again, once each chosen unit that stands in a list
    has its key: their ids change with it, so the project is loaded again when a key was written."""
    if not give_keys(root, units, chosen):
        return units, chosen
    places = {(unit.file, unit.key_path) for unit in chosen}
    units = load_project(root).units()
    return units, [unit for unit in units if (unit.file, unit.key_path) in places]


def give_keys(root: Path, units: list[Unit], chosen: list[Unit]) -> list[Path]:
    """Write a key after the text of each chosen unit that needs one; the files written."""
    taken = {unit.text.key for unit in units if unit.text.key is not None}
    edits: dict[Path, list[Edit]] = {}
    for unit in chosen:
        if unit.needs_key:
            key = new_key(taken)
            taken.add(key)
            edits.setdefault(Path(unit.file), []).append(Edit(unit.key_path, "key", key, after=KEY_AFTER))
    rewrites = [rewrite(root, file, file_edits) for file, file_edits in edits.items()]
    for made in rewrites:  # each checked by the loader before the first is written
        made.write(root)
    return [made.file for made in rewrites]


def new_key(taken: set[str]) -> str:
    while (key := secrets.choice(FIRST) + secrets.token_hex(2)[1:]) in taken:
        pass
    return key
