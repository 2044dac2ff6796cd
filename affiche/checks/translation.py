"""Translations that fell behind their source: `stale-translation` and `untranslated-unit`.

A unit is stale when its source text (French unless data/translations.lock says otherwise) no
longer is the one its translation was accepted for; the finding stands at the translation, the
text to look at again, and shows what changed as a word diff: `[-removed-]{+added+}`, as
`git diff --word-diff` writes it. A unit the lock has never recorded (a new section, a new
bullet) has no accepted translation at all: it is reported as untranslated, not stale.
"""
from __future__ import annotations

import difflib

from ..model.languages import LANGUAGE
from ..model.text_units import Unit
from ..project import Project
from ..translation.state import LOCK_FILE, NEW, STALE, Lock, read_lock, source_text
from . import Finding

CONTEXT_WORDS = 4  # unchanged words shown on each side of a change
CHANGE_WORDS = 16  # a longer change shows its first and last words only


def translation_findings(project: Project, strict: bool = False) -> list[Finding]:
    """A finding per stale or untranslated unit (errors when strict), or one for a project that
    keeps no translation state yet."""
    severity = "error" if strict else "warning"
    lock = read_lock(project.root)
    if not lock.exists:
        return [Finding(severity, LOCK_FILE.as_posix(), "untranslated-unit",
                        "no translation is recorded as accepted: the project has no translation state yet",
                        "review both languages, then run render.py translations accept")]
    return [finding for unit in project.units() for finding in unit_findings(unit, lock, severity)]


def unit_findings(unit: Unit, lock: Lock, severity: str) -> list[Finding]:
    status = lock.status(unit)
    source, target = lock.source_of(unit), lock.target_of(unit)
    names = LANGUAGE[source].name, LANGUAGE[target].name
    if status == STALE:
        change = word_diff(lock.accepted[unit.id].text, source_text(unit, source))
        return [Finding(severity, unit.where(target), "stale-translation",
                        f"the {names[0]} changed since this {names[1]} was accepted: {change}",
                        f"update the {names[1]}, then run render.py translations accept {unit.id}")]
    if status == NEW:
        return [Finding(severity, unit.where(target), "untranslated-unit",
                        f"new text: no {names[1]} translation of its {names[0]} has been accepted yet",
                        f"have it translated (render.py xliff export --to {target} --only missing), or "
                        f"accept its {names[1]}: render.py translations accept {unit.id}")]
    return []


def word_diff(old: str, new: str) -> str:
    """What changed from old to new, word by word, with a little unchanged text around each change."""
    before, after = old.split(), new.split()
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    pieces = []
    for index, (tag, start, end, new_start, new_end) in enumerate(opcodes):
        if tag == "equal":
            pieces.append(context(before[start:end], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if end > start:
            pieces.append(f"[-{shortened(before[start:end])}-]")
        if new_end > new_start:
            pieces.append(f"{{+{shortened(after[new_start:new_end])}+}}")
    return " ".join(piece for piece in pieces if piece)


def context(words: list[str], first: bool, last: bool) -> str:
    """Unchanged words: those next to a change, the rest elided."""
    head = [] if first else words[:CONTEXT_WORDS]
    tail = [] if last else words[-CONTEXT_WORDS:]
    if len(words) <= len(head) + len(tail):
        return " ".join(words)
    return " ".join([*head, "…", *tail]) if head or tail else "…"


def shortened(words: list[str]) -> str:
    if len(words) <= CHANGE_WORDS:
        return " ".join(words)
    half = CHANGE_WORDS // 2
    return " ".join([*words[:half], "…", *words[-half:]])
