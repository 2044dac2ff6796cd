"""`render.py xliff export --to LANG`: the units to translate into LANG as one XLIFF 1.2 file.

XLIFF 1.2 is the version every CAT tool reads (SDL Trados Studio, memoQ, OmegaT, Phrase). The
file holds a `<file>` per YAML file, named by `original`, and a `<trans-unit>` per unit whose
`id` and `resname` are the unit's stable id, which the import finds it by. Each unit's
translation of today is its target: `state="translated"` when accepted, `needs-review-translation`
when its source changed since (with the source it was accepted for as an `<alt-trans>` of type
previous-version, which CAT tools show beside it, and the change as a word diff in a note), and
`needs-translation` for a unit never accepted. Notes give the translator the key path and line,
the section's heading, the sentence that puts a map label's place on the map, and what each
placeholder stands for. Nothing varies between two exports of the same project: no date.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..checks.translation import word_diff
from ..load.roundtrip import READERS
from ..localize.inline import placeholders
from ..localize.money import format_amount
from ..model.languages import LANGUAGE, LANGUAGES, other
from ..model.text_units import Unit
from ..pipeline.write import write_atomically
from ..project import load_project
from .keys import with_keys
from .state import ACCEPTED, NEW, STALE, Lock, read_lock, source_text
from .xliff_codes import NS, qualified, write_inline

TARGET_STATE = {ACCEPTED: "translated", STALE: "needs-review-translation", NEW: "needs-translation"}
CHOICES = {"stale": {STALE}, "missing": {NEW}, "all": {ACCEPTED, STALE, NEW}}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INDENT = "  "
INSTRUCTIONS = (
    "Translate each target. The codes stand for affiche's markup: a <g> pair with ctype bold or italic "
    "encloses bold or italic words, so keep it around the words that mean the same; each <x/> is a value "
    "affiche fills in when it builds (an amount, an e-mail link, a page number), so move it where the "
    "sentence needs it but never delete or retype it. Mark each finished target translated.")

# ElementTree writes a namespace as the default one (xmlns="…", as CAT tools expect XLIFF) only
# through its table of prefixes; its default_namespace option refuses unprefixed attributes.
ET.register_namespace("", NS)


def export(root: Path, target: str, only: list[str], file: Path | None) -> tuple[Path | None, list[Unit], Lock]:
    """Write the chosen units (all by default) of every unit translated into `target`; the file
    written (None when no unit is chosen), the units and the translation state."""
    wanted = set().union(*(CHOICES[choice] for choice in only or ["all"]))
    units = load_project(root).units()
    lock = read_lock(root)
    chosen = [unit for unit in units if lock.target_of(unit) == target and lock.status(unit) in wanted]
    if not chosen:
        return None, [], lock
    units, chosen = with_keys(root, units, chosen)  # an id in the file is for good: never a key path
    path = file or Path.cwd() / f"{root.name}-{other(target)}-{target}.xlf"
    write_atomically(path, document(chosen, lock, target))
    return path, chosen, lock


def document(units: list[Unit], lock: Lock, target: str) -> bytes:
    source = other(target)
    root = ET.Element(qualified("xliff"), version="1.2")
    for name in READERS:
        in_file = [unit for unit in units if unit.file == name.as_posix()]
        if in_file:
            root.append(file_element(name.as_posix(), in_file, lock, source, target))
    indent(root, 0)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def file_element(name: str, units: list[Unit], lock: Lock, source: str, target: str) -> ET.Element:
    file = ET.Element(qualified("file"), {"original": name, "source-language": LANGUAGE[source].tag,
                                          "target-language": LANGUAGE[target].tag, "datatype": "plaintext",
                                          "tool-id": "affiche"})
    header = ET.SubElement(file, qualified("header"))
    ET.SubElement(header, qualified("tool"), {"tool-id": "affiche", "tool-name": "affiche"})
    ET.SubElement(header, qualified("note"), {XML_LANG: "en"}).text = INSTRUCTIONS
    body = ET.SubElement(file, qualified("body"))
    for unit in units:
        body.append(trans_unit(unit, lock, source, target))
    return file


def trans_unit(unit: Unit, lock: Lock, source: str, target: str) -> ET.Element:
    status = lock.status(unit)
    element = ET.Element(qualified("trans-unit"), id=unit.id, resname=unit.id)
    write_inline(ET.SubElement(element, qualified("source"), {XML_LANG: LANGUAGE[source].tag}),
                 source_text(unit, source))
    write_inline(ET.SubElement(element, qualified("target"), {XML_LANG: LANGUAGE[target].tag,
                                                               "state": TARGET_STATE[status]}),
                 source_text(unit, target))
    for note in notes(unit, lock, source, status):
        ET.SubElement(element, qualified("note"), {"from": "affiche", XML_LANG: "en"}).text = note
    if status == STALE:
        element.append(previous_version(unit, lock, source, target))
    return element


def notes(unit: Unit, lock: Lock, source: str, status: str) -> list[str]:
    found = [f"Key path: {unit.path} ({unit.file}, line {unit.text.where.line})"]
    holding = [section for section in unit.sections if section.heading is not unit.text]  # not a heading's own
    if holding:
        found.append("Section: " + " › ".join(section.heading[source] for section in holding))
    if unit.supports is not None:
        found.append(f"A label of the map. The sentence that puts its place on the map: {unit.supports}")
    found += [placeholder_note(unit, name) for name in sorted(placeholders(unit.text[source]))]
    if status == STALE:
        change = word_diff(lock.accepted[unit.id].text, source_text(unit, source))
        found.append(f"The {LANGUAGE[source].name} changed since this translation was accepted: {change}")
    return found


def placeholder_note(unit: Unit, name: str) -> str:
    if name in unit.text.amounts:
        written = " and ".join(f"{format_amount(unit.text.amounts[name], lang)} in {LANGUAGE[lang].name}"
                               for lang in LANGUAGES)
        return f"{{{name}}} is an amount that affiche writes in each language's way: {written}."
    if name in unit.text.links:
        return f"{{{name}}} is the e-mail address {unit.text.links[name]}, printed as a link."
    return f"{{{name}}} is a value that affiche fills in when it builds."


def previous_version(unit: Unit, lock: Lock, source: str, target: str) -> ET.Element:
    """What the translation was accepted for: the old source, with the target of today."""
    alternative = ET.Element(qualified("alt-trans"), alttranstype="previous-version", origin="affiche")
    write_inline(ET.SubElement(alternative, qualified("source"), {XML_LANG: LANGUAGE[source].tag}),
                 lock.accepted[unit.id].text)
    write_inline(ET.SubElement(alternative, qualified("target"), {XML_LANG: LANGUAGE[target].tag}),
                 source_text(unit, target))
    return alternative


def indent(element: ET.Element, level: int) -> None:
    """Lines and indentation between the structural elements only: inside a source, a target or a
    note, whitespace is text (ElementTree's own indent would add it there too)."""
    if element.tag in (qualified("source"), qualified("target"), qualified("note")) or not len(element):
        return
    inside = "\n" + INDENT * (level + 1)
    element.text = inside
    for child in element:
        indent(child, level + 1)
        child.tail = inside
    element[-1].tail = "\n" + INDENT * level
