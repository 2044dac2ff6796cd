"""`render.py translations accept [UNIT…]`: record, after review, that each unit's translation
is made from its source text of today.

A UNIT is a unit's id, as `check` names it, or a section id for every unit of the section and
of its subsections; none means every unit. A unit that stands in a list gets its key first.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.text_units import Unit
from ..project import load_project
from .keys import with_keys
from .state import read_lock, write_lock


def accept(root: Path, names: list[str], source: str | None = None) -> Counter:
    """Accept the named units (every unit when none), translated from `source` or from the language
    each is already translated from; how many were stale, new or accepted already."""
    units = load_project(root).units()
    units, chosen = with_keys(root, units, chosen_units(units, names))
    lock = read_lock(root)
    before = Counter(lock.status(unit) for unit in chosen)
    for unit in chosen:
        lock.accept(unit, source)
    write_lock(root, lock, units)
    return before


def chosen_units(units: list[Unit], names: list[str]) -> list[Unit]:
    if not names:
        return units
    chosen: dict[str, Unit] = {}
    for name in names:
        named = [unit for unit in units if unit.id == name or name in (section.id for section in unit.sections)]
        if not named:
            raise AfficheError(Location("command line", key_path="UNIT"), f"no unit or section '{name}'",
                               "give a unit id as render.py check names it, or a section id")
        chosen.update((unit.id, unit) for unit in named)
    return list(chosen.values())
