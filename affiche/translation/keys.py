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

FIRST = "abcdef"


def give_keys(root: Path, units: list[Unit], chosen: list[Unit]) -> list[Path]:
    """Write a key after the `en:` of each chosen unit that needs one; the files written.

    The caller loads the project again: the units' ids change with their keys."""
    taken = {unit.text.key for unit in units if unit.text.key is not None}
    edits: dict[Path, list[Edit]] = {}
    for unit in chosen:
        if unit.needs_key:
            key = new_key(taken)
            taken.add(key)
            edits.setdefault(Path(unit.file), []).append(Edit(unit.key_path, "key", key, after="en"))
    rewrites = [rewrite(root, file, file_edits) for file, file_edits in edits.items()]
    for made in rewrites:  # each checked by the loader before the first is written
        made.write(root)
    return [made.file for made in rewrites]


def new_key(taken: set[str]) -> str:
    while (key := secrets.choice(FIRST) + secrets.token_hex(2)[1:]) in taken:
        pass
    return key
