"""`render.py xliff import FILE [--dry-run]`: translations back from a CAT tool into the YAML files.

Everything is checked before anything is written, and the first problem stops the import with
one line and exit status 2, every file as it was:

- the file is read as untrusted XML: at most 50 MB, through defusedxml with no DTD (so no entity
  to expand, no external entity or DTD to fetch), 64 levels deep at most, in XLIFF 1.2's namespace;
- its languages are the project's: a target language of French or English, a source language the
  other one, which each unit it holds must still be translated from;
- every unit id is one of the project's, once; each unit's source is today's, meaning for meaning
  (otherwise the source changed after the export: a conflict, named); each target holds the
  source's codes, each once, balanced, and no '*' or '{name}' typed as text; no target is empty.

A unit whose target is not marked done (state new or needs-…, as CAT tools leave what nobody
confirmed) is left as it was. The others are written through the YAML writer, which keeps every
other line, and accepted in data/translations.lock: what the translator confirmed is the
translation of today's source, whether or not its words changed. The language checks then read
the imported texts as they read any other, and warn.
"""
from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from ..checks import Finding
from ..checks.language import units_findings
from ..errors import AfficheError, Location
from ..load.files import read_given_file, shown_name
from ..load.page_words import PAGE_WORDS_FILE
from ..load.roundtrip import Edit, Rewrite, rewrite
from ..localize.inline import MarkupError, parse_runs
from ..model.languages import LANGUAGE, LANGUAGES
from ..model.text_units import Unit
from ..project import load_project
from .state import LOCK_FILE, Lock, read_lock, source_text, write_lock
from .xliff_codes import NS, CodeError, InlineReader, meaning, qualified, write_inline

MAX_XLIFF_BYTES = 50 * 1024 * 1024  # an export of the whole project is about 60 KB
MAX_DEPTH = 64  # a real file nests 8 levels: deeper is a file made to exhaust the reader
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Translation:
    unit: Unit
    text: str  # the target as markup, whitespace collapsed


@dataclass(frozen=True)
class Imported:
    file: str
    target: str
    translations: list[Translation]  # every unit confirmed, whether its words changed or not
    rewrites: list[Rewrite]
    skipped: int  # units whose target is not marked done
    warnings: list[Finding]

    def summary(self, dry_run: bool) -> str:
        count = len(self.translations)
        files = " and ".join(rewrite.file.as_posix() for rewrite in self.rewrites)
        text = (f"{'would import' if dry_run else 'imported'} {count} unit{'' if count == 1 else 's'} from "
                f"{self.file}: {self.written} with new words{f' in {files}' if files else ''}, "
                f"{'all ' if count > 1 else ''}accepted in {LOCK_FILE.as_posix()}")
        if self.skipped:
            text += f"; {self.skipped} left as they were (their targets are not marked translated)"
        return text

    @property
    def written(self) -> int:
        return sum(changed(found, self.target) for found in self.translations)


def import_file(root: Path, path: Path, dry_run: bool = False) -> Imported:
    shown = shown_name(path, root)
    document = parsed(read_given_file(path, root, MAX_XLIFF_BYTES, "export fewer units (--only stale)"), shown)
    source, target = languages(document, shown)
    units = load_project(root).units()
    lock = read_lock(root)
    translations, skipped = read_units(document, {unit.id: unit for unit in units}, lock, source, target, shown)
    rewrites = [rewrite(root, Path(file), edits) for file, edits in edits_by_file(translations, target).items()]
    # The language checks read the content and the map, as `check` does: the download page's words
    # include names of the languages, the same in both ("Français", "English").
    warnings = units_findings([translated(found, target) for found in translations
                               if Path(found.unit.file) != PAGE_WORDS_FILE], lang=target)
    if not dry_run:
        for made in rewrites:  # every file checked by the loader before the first is written
            made.write(root)
        accept(root, lock, units, translations, source)
    return Imported(shown, target, translations, rewrites, skipped, warnings)


# ---------------------------------------------------------------- the XML

def parsed(data: bytes, shown: str) -> ET.Element:
    """The document's root, read with no DTD and no entity, its depth bounded as it is read."""
    depth = 0
    try:
        events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        for event, _ in events:
            depth += 1 if event == "start" else -1
            if depth > MAX_DEPTH:
                raise AfficheError(Location(shown), f"elements nest more than {MAX_DEPTH} levels deep",
                                   "import the file the CAT tool exported, not another")
        return events.root
    except ET.ParseError as exc:
        line, column = exc.position
        raise AfficheError(Location(shown, line, column + 1), f"not well-formed XML: {str(exc).split(':')[0]}",
                           "export the file from the CAT tool again") from None
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise AfficheError(Location(shown), "the file declares a DTD or entities, which XLIFF 1.2 never needs "
                           "and affiche refuses (they can expand to gigabytes, or read other files)",
                           "export the file from the CAT tool again, without a DOCTYPE") from None


def languages(document: ET.Element, shown: str) -> tuple[str, str]:
    """The source and target language of every <file>, which must be the project's two."""
    if document.tag != qualified("xliff") or document.get("version") != "1.2":
        namespace = document.tag[1:].split("}")[0] if document.tag.startswith("{") else "no namespace"
        raise AfficheError(Location(shown), f"not an XLIFF 1.2 document (root <{document.tag.split('}')[-1]}> in "
                           f"{namespace}, version {document.get('version')!r})",
                           f"export XLIFF 1.2 from the CAT tool: root <xliff version=\"1.2\"> in {NS}")
    pairs = {(language_of(file.get("source-language"), "source-language", shown),
              language_of(file.get("target-language"), "target-language", shown))
             for file in document.findall(qualified("file"))}
    if len(pairs) != 1:
        raise AfficheError(Location(shown), "its <file> elements do not all have the same two languages"
                           if pairs else "no <file> element", "import one language pair at a time")
    [(source, target)] = pairs
    if source == target:
        raise AfficheError(Location(shown), f"source and target languages are both {LANGUAGE[source].name}",
                           "set target-language to the language the file is translated into")
    return source, target


def language_of(tag: str | None, attribute: str, shown: str) -> str:
    code = (tag or "").split("-")[0].lower()
    if code not in LANGUAGES:
        raise AfficheError(Location(shown), f"{attribute} {tag!r} is neither French nor English",
                           "import a file exported by render.py xliff export, translated into its target language")
    return code


# ---------------------------------------------------------------- the units

def read_units(document: ET.Element, units: dict[str, Unit], lock: Lock, source: str, target: str,
               shown: str) -> tuple[list[Translation], int]:
    translations, seen, skipped = [], set(), 0
    for element in document.iter(qualified("trans-unit")):
        unit_id = element.get("id")
        where = Location(shown, key_path=f"trans-unit {unit_id!r}")
        if unit_id not in units:
            raise AfficheError(where, "no unit of the project has this id",
                               "import a file exported from this project, or export again")
        if unit_id in seen:
            raise AfficheError(where, "the unit is in the file twice", "keep one of them")
        seen.add(unit_id)
        unit = units[unit_id]
        if lock.source_of(unit) != source:
            raise AfficheError(where, f"the unit is translated from {LANGUAGE[lock.source_of(unit)].name}, not "
                               f"{LANGUAGE[source].name}", "export it with its own language pair")
        found = translation(element, unit, source, target, where)
        if found is None:
            skipped += 1
        else:
            translations.append(found)
    return translations, skipped


def translation(element: ET.Element, unit: Unit, source: str, target: str, where: Location) -> Translation | None:
    """The unit's confirmed target as markup, or None when it is not marked done."""
    today = source_text(unit, source)
    codes = write_inline(ET.Element("scratch"), today)  # what each code id of today's source stands for
    if not same_source(element.find(qualified("source")), codes, today):
        raise AfficheError(where, f"its {LANGUAGE[source].name} is not today's: it changed after the export",
                           f"export it again (render.py xliff export --to {target} --only stale) and translate "
                           "the new text")
    written = element.find(qualified("target"))
    state = written.get("state", "") if written is not None else "new"
    if state == "new" or state.startswith("needs-"):
        return None
    if written.get(XML_LANG) and language_of(written.get(XML_LANG), "xml:lang of its target", where.file) != target:
        raise AfficheError(where, f"its target is marked {written.get(XML_LANG)!r}, not {LANGUAGE[target].name}",
                           "translate it into the file's target language")
    try:
        text = InlineReader(codes).markup(written)
        parse_runs(text)  # XML carries characters the markup refuses: C1 controls
    except (CodeError, MarkupError) as exc:
        raise AfficheError(where, f"in its target, {exc}", exc.fix) from None
    if not text:
        raise AfficheError(where, "its target is empty", "translate it, or leave its state needs-translation")
    return Translation(unit, text)


def same_source(element: ET.Element | None, codes: dict[str, str], today: str) -> bool:
    if element is None:
        return False
    try:
        return meaning(InlineReader(codes).markup(element)) == meaning(today)
    except (CodeError, MarkupError):  # codes or characters today's source does not have: it changed
        return False


# ---------------------------------------------------------------- writing

def edits_by_file(translations: list[Translation], target: str) -> dict[str, list[Edit]]:
    """An edit for each translation whose words differ from what the file holds (meaning for meaning)."""
    edits: dict[str, list[Edit]] = {}
    for found in translations:
        if changed(found, target):
            edits.setdefault(found.unit.file, []).append(Edit(found.unit.key_path, target, found.text))
    return edits


def changed(found: Translation, target: str) -> bool:
    return meaning(found.text) != meaning(found.unit.text[target])


def translated(found: Translation, target: str) -> Unit:
    """The unit with its imported target, for the language checks."""
    return dataclasses.replace(found.unit, text=dataclasses.replace(found.unit.text, **{target: found.text}))


def accept(root: Path, lock: Lock, units: list[Unit], translations: list[Translation], source: str) -> None:
    """Record each imported unit as translated from today's source, which the import checked it was."""
    for found in translations:
        lock.accept(found.unit, source)
    write_lock(root, lock, units)
