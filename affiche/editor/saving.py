"""STAND-IN for affiche/editor/changes.py, the save engine built on branch editor-changes: its contract's
names, with text changes written through load/roundtrip.py. Replaced by the real module at the merge."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import AfficheError
from ..load.roundtrip import Edit, rewrite
from ..model.text_units import KeyPath
from .page import EDITABLE_FILES


@dataclass(frozen=True)
class SetText:
    file: Path
    path: KeyPath
    lang: str
    value: str


@dataclass(frozen=True)
class SetAmount:
    file: Path
    path: KeyPath
    name: str
    value: Decimal | int
    currency: str


@dataclass(frozen=True)
class AddItem:
    file: Path
    list_path: KeyPath
    index: int
    item: dict


@dataclass(frozen=True)
class RemoveItem:
    file: Path
    list_path: KeyPath
    index: int


@dataclass(frozen=True)
class MoveItem:
    file: Path
    list_path: KeyPath
    index: int
    to: int


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: dict[str, str]


class ChangeRefused(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(problems[0].message["en"])
        self.problems = problems


class Conflict(ChangeRefused):
    def __init__(self, problems: list[FieldProblem], unit: str) -> None:
        super().__init__(problems)
        self.unit = unit


@dataclass(frozen=True)
class Snapshot:
    digests: dict[str, str]

    def encode(self) -> str:
        return base64.urlsafe_b64encode(json.dumps(self.digests).encode()).decode()

    @classmethod
    def decode(cls, text: str) -> Snapshot:
        return cls(json.loads(base64.urlsafe_b64decode(text.encode())))


@dataclass(frozen=True)
class Saved:
    files: list[Path]
    snapshot: Snapshot
    diff: str


def snapshot(root: Path) -> Snapshot:
    return Snapshot({str(file): hashlib.sha256((root / file).read_bytes()).hexdigest() for file in EDITABLE_FILES})


def field_id(file: Path, path: KeyPath, part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", "-".join(["f", Path(file).stem, *map(str, path), part]))


def apply_changes(root: Path, since: Snapshot, changes: list) -> Saved:
    if any(not isinstance(change, SetText) for change in changes):
        raise ChangeRefused([FieldProblem("", {"fr": "Les changements de structure arrivent bientôt.",
                                               "en": "Structure changes are coming soon."})])
    now = snapshot(root)
    rewrites = []
    for file in dict.fromkeys(change.file for change in changes):
        if now.digests[str(file)] != since.digests[str(file)]:
            first = next(change for change in changes if change.file == file)
            message = f"{file} changed on disk since the page was loaded."
            raise Conflict([FieldProblem(field_id(file, first.path, first.lang), {"fr": message, "en": message})],
                           str(file))
        edits = [Edit(change.path, change.lang, change.value) for change in changes if change.file == file]
        try:
            rewrites.append(rewrite(root, file, edits))
        except AfficheError as error:
            first = next(change for change in changes if change.file == file)
            raise ChangeRefused([FieldProblem(field_id(file, first.path, first.lang),
                                              {"fr": error.problem, "en": error.problem})]) from None
    for done in rewrites:
        done.write(root)
    return Saved([done.file for done in rewrites], snapshot(root), "".join(done.diff() for done in rewrites))
