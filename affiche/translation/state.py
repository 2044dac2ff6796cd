"""data/translations.lock: for each unit, the source text its translation was last accepted for.

One line per unit, sorted by id, so that two branches that accept different units merge line
by line and a conflict shows the two texts side by side:

    grsi.a762 fr 5bbfe902d7a8 L'IMPR s'inspire de ce programme pour offrir des formations …

the unit's id, the language it is translated from, a digest of that source text (whitespace
collapsed, as it prints) and the text itself. The digest is what is compared: a unit whose
source no longer has it is stale. The text is kept beside it for people: `check` shows a word
diff of what changed since, which a digest alone could not tell, and a reviewer reading the
file sees what was accepted. Each also checks the other: a line whose text and digest
disagree (a bad merge, an edit by hand) is refused rather than trusted.

The header's `source-language:` is the language new units are translated from (French by
default); each line keeps its unit's own, which `translations accept --source` changes.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AfficheError, Location
from ..load.files import read_project_file
from ..model.languages import LANGUAGES, other
from ..model.text_units import Unit
from ..pipeline.write import write_atomically

LOCK_FILE = Path("data") / "translations.lock"
DEFAULT_SOURCE = "fr"
MAX_LOCK_BYTES = 4_000_000  # twice the content's own limit: it holds one language of every unit
DIGEST_CHARS = 12
HEADER = """\
# Translation state: what each unit's translation was made from (README, "Translators in the loop").
# Written by `render.py translations accept` and `render.py xliff import`; read by check and build.
# Each line: unit id, the language it is translated from, a digest of that text when its
# translation was last accepted, then the text itself. One line per unit, sorted by id.
"""
SOURCE_LINE = re.compile(r"source-language: (\S+)")
UNIT_LINE = re.compile(rf"(\S+) (\S+) ([0-9a-f]{{{DIGEST_CHARS}}}) (.+)")
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")

ACCEPTED, STALE, NEW = "accepted", "stale", "new"


@dataclass(frozen=True)
class Accepted:
    """A unit's source text when its translation was last accepted."""

    source: str  # the language it is translated from
    digest: str
    text: str


@dataclass
class Lock:
    source_language: str = DEFAULT_SOURCE  # for units accepted never yet
    accepted: dict[str, Accepted] = field(default_factory=dict)
    exists: bool = True  # False: the project has no lock file yet

    def source_of(self, unit: Unit) -> str:
        entry = self.accepted.get(unit.id)
        return entry.source if entry else self.source_language

    def target_of(self, unit: Unit) -> str:
        return other(self.source_of(unit))

    def status(self, unit: Unit) -> str:
        entry = self.accepted.get(unit.id)
        if entry is None:
            return NEW
        return ACCEPTED if entry.digest == digest(source_text(unit, entry.source)) else STALE

    def accept(self, unit: Unit, source: str | None = None) -> None:
        """Record the unit's source text of today as what its translation is made from."""
        language = source or self.source_of(unit)
        text = source_text(unit, language)
        self.accepted[unit.id] = Accepted(language, digest(text), text)

    def text(self, units: list[Unit]) -> str:
        """The file's text: the header, then a line for each of these units that is accepted (a
        line whose unit no longer exists goes)."""
        lines = [f"source-language: {self.source_language}"]
        for unit_id in sorted({unit.id for unit in units} & set(self.accepted)):
            entry = self.accepted[unit_id]
            lines.append(f"{unit_id} {entry.source} {entry.digest} {entry.text}")
        return HEADER + "\n".join(lines) + "\n"


def source_text(unit: Unit, lang: str) -> str:
    """A unit's text in one language with its whitespace collapsed: refolding a line changes nothing."""
    return " ".join(unit.text[lang].split())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def read_lock(root: Path) -> Lock:
    path = root / LOCK_FILE
    if not path.exists():
        return Lock(exists=False)
    data = read_project_file(path, root, MAX_LOCK_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AfficheError(Location(LOCK_FILE.as_posix()), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                           "restore the file from version control") from None
    lock = Lock()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            read_line(lock, line, Location(LOCK_FILE.as_posix(), number, 1))
    return lock


def read_line(lock: Lock, line: str, where: Location) -> None:
    if line.startswith(CONFLICT_MARKERS):
        raise AfficheError(where, "a merge conflict is left in the file",
                           "keep one line per unit and delete the markers, or delete both lines and run "
                           "render.py translations accept UNIT after review")
    header = SOURCE_LINE.fullmatch(line)
    if header:
        lock.source_language = known_language(header.group(1), where)
        return
    found = UNIT_LINE.fullmatch(line)
    if found is None:
        raise AfficheError(where, "not a line of the form 'unit-id language digest text'",
                           "restore it from version control, or delete it and accept the unit again")
    unit_id, language, recorded, text = found.groups()
    if unit_id in lock.accepted:
        raise AfficheError(where, f"unit '{unit_id}' has two lines", "keep one of them")
    if digest(text) != recorded:
        raise AfficheError(where, f"the text of unit '{unit_id}' does not match its digest (edited by hand, or "
                           "merged badly)", f"restore the line, or delete it and run render.py translations "
                           f"accept {unit_id} after review")
    lock.accepted[unit_id] = Accepted(known_language(language, where), recorded, text)


def known_language(code: str, where: Location) -> str:
    if code not in LANGUAGES:
        raise AfficheError(where, f"unknown language '{code}'", f"use {' or '.join(LANGUAGES)}")
    return code


def write_lock(root: Path, lock: Lock, units: list[Unit]) -> None:
    write_atomically(root / LOCK_FILE, lock.text(units).encode("utf-8"))
