"""XLIFF out and back: `render.py xliff export` read by the XLIFF 1.2 schema and by translate-toolkit,
`render.py xliff import` of what a CAT tool sends back, and every bad file refused with nothing changed."""
from __future__ import annotations

import copy
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff as toolkit
from translate.storage.placeables import StringElem

from affiche.checks.translation import translation_findings
from affiche.load.content import CONTENT_FILE
from affiche.project import load_project
from affiche.translation.xliff_codes import InlineReader, meaning, qualified, write_inline
from pdfread import full_text, squash
from scratch import ROOT, line_of, replace_in, run_cli

SCHEMA = ROOT / "tests" / "fixtures" / "xliff" / "xliff-core-1.2.xsd"  # README.md beside it says where from
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OLD_WORDS = "soutenir le mouvement régulier des personnes"
NEW_WORDS = "soutenir la circulation régulière des personnes"
NEW_ENGLISH = ("To help countries develop tools and policies that support the regular circulation of people "
               "and manage migration issues, with partners in every region of the world.")
DATA_FILES = ("data/handout.yaml", "data/map.yaml", "data/download-page.yaml", "data/translations.lock")


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the scratch project, where a translation service's files arrive."""
    return tmp_path_factory.mktemp("exchange")


def export(project: Path, tmp_path: Path, *options: str, to: str = "en") -> Path:
    path = tmp_path / f"export-{to}.xlf"
    result = run_cli(project, "xliff", "export", "--to", to, "-o", str(path), *options)
    assert result.returncode == 0 and result.stdout.startswith("wrote "), result.stderr
    return path


def unit_id(project: Path, key_path: str) -> str:
    return next(unit.id for unit in load_project(project).units() if unit.path == key_path)


def trans_unit(tree: etree._ElementTree, unit: str) -> etree._Element:
    [element] = tree.xpath("//x:trans-unit[@id=$id]", namespaces=NS, id=unit)
    return element


def snapshot(project: Path) -> dict[str, bytes]:
    return {name: (project / name).read_bytes() for name in DATA_FILES}


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# ---------------------------------------------------------------- export

def test_the_export_is_valid_xliff_12_that_translate_toolkit_reads(project, outside):
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)  # one unit stale
    replace_in(project / CONTENT_FILE, "\nlegend:\n", "\n  - id: partners\n    heading:\n      fr: Nos partenaires\n"
               "      en: Our partners\n    bullets:\n      - fr: Le Canada travaille avec **tous** ses partenaires.\n"
               "        en: Canada works with **all** its partners.\n\nlegend:\n")  # two units new
    path = export(project, outside)

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log

    units = load_project(project).units()
    english = [unit for unit in units if not unit.id.startswith("gfmd.")]  # the GFMD forum is translated into French
    store = toolkit.xlifffile.parsefile(str(path))
    assert [unit.getid().split("\x04")[1] for unit in store.getunits()] == [unit.id for unit in english]
    assert all("[" not in unit.id for unit in english)  # the new bullet got its key before it was exported

    states = {element.get("id"): element.find("x:target", NS).get("state")
              for element in tree.iterfind(".//x:trans-unit", NS)}
    stale, new_bullet = unit_id(project, "sections[0].bullets[1]"), unit_id(project, "sections[5].bullets[0]")
    assert (states[stale], states["partners.heading"], states[new_bullet], states["title"]) == (
        "needs-review-translation", "needs-translation", "needs-translation", "translated")
    previous = trans_unit(tree, stale).find("x:alt-trans", NS)
    assert previous.get("alttranstype") == "previous-version" and OLD_WORDS in previous.find("x:source", NS).text

    by_id = {unit.getid().split("\x04")[1]: unit for unit in store.getunits()}
    notes = by_id[stale].getnotes()
    assert f"Key path: sections[0].bullets[1] (data/handout.yaml, line {line_of(project / CONTENT_FILE, 'Pour aider') - 1})" in notes
    assert "Section: Pourquoi le Canada investit-il dans le renforcement des capacités?" in notes
    assert "soutenir [-le mouvement régulier-] {+la circulation régulière+} des personnes" in notes
    geneva = next(unit for unit in units if unit.text.fr == "Genève (HCR)")
    assert ("The sentence that puts its place on the map: Le Canada travaille en étroite collaboration avec le HCR"
            in by_id[geneva.id].getnotes())
    fees = next(unit for unit in units if "{fees}" in unit.text.fr)
    assert "{fees} is an amount that affiche writes in each language's way: 300\u202f000\u00a0$ in French and " \
           "$300,000 in English." in by_id[fees.id].getnotes()

    # Placeholders are <x/>, bold and italic paired <g>: translate-toolkit sees them as its placeables.
    assert [type(part).__name__ for part in by_id[fees.id].rich_source[0].sub] == ["StringElem", "X", "StringElem"]
    bold = by_id["legend.2"].rich_source[0].sub
    assert [type(part).__name__ for part in bold] == ["StringElem", "G", "StringElem"] and str(bold[1]) == "IMPR"
    assert trans_unit(tree, fees.id).find("x:source/x:x", NS).attrib == {"id": "1", "ctype": "x-placeholder",
                                                                         "equiv-text": "{fees}"}


def test_an_export_into_french_holds_the_units_written_in_english_first(project, outside):
    store = toolkit.xlifffile.parsefile(str(export(project, outside, to="fr")))
    assert sorted(unit.getid().split("\x04")[1] for unit in store.getunits()) == sorted(
        [unit_id(project, "sections[4].sections[4].bullets[0]"), "gfmd.heading"])


def test_only_what_changed_or_is_new(project, outside):
    assert run_cli(project, "xliff", "export", "--to", "en", "--only", "stale").stdout == (
        "nothing to export: no unit to translate from French into English is stale\n")
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    tree = etree.parse(str(export(project, outside, "--only", "stale", "--only", "missing")))
    assert [element.get("id") for element in tree.iterfind(".//x:trans-unit", NS)] == [
        unit_id(project, "sections[0].bullets[1]")]


def test_crossing_bold_and_italic_become_nested_codes_that_read_back_the_same():
    element = ET.Element(qualified("source"))
    codes = write_inline(element, "a **b *c** d* {fees} e")
    assert ET.tostring(element, encoding="unicode").split(">", 1)[1] == (
        'a <ns0:g id="1" ctype="bold">b <ns0:g id="2" ctype="italic">c</ns0:g></ns0:g><ns0:g id="3" '
        'ctype="italic"> d</ns0:g> <ns0:x id="4" ctype="x-placeholder" equiv-text="{fees}" /> e</ns0:source>')
    assert meaning(InlineReader(codes).markup(element)) == meaning("a **b *c** d* {fees} e")


# ---------------------------------------------------------------- the round trip

def fill_like_a_cat_tool(path: Path, translations: dict[str, str]) -> None:
    """What a CAT tool does with a confirmed segment: the new target, its state translated, the
    segment wrapped in a <mrk>, the file written again with its own declaration and namespace prefix."""
    tree = etree.parse(str(path))
    for unit, text in translations.items():
        target = trans_unit(tree, unit).find("x:target", NS)
        for child in list(target):
            target.remove(child)
        segment = etree.SubElement(target, f"{{{NS['x']}}}mrk", mtype="seg", mid="1")
        segment.text = text
        target.text = None
        target.set("state", "translated")
    tree.write(str(path), encoding="utf-8", xml_declaration=True)


def test_the_round_trip_export_translate_import_build(project, outside):
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    subprocess.run([*git, "add", "data"], check=True)
    subprocess.run([*git, "commit", "-qm", "French edited"], check=True)
    stale = unit_id(project, "sections[0].bullets[1]")
    assert run_cli(project, "build", "--strict", "--layout", "handout-letter", "--lang", "en").returncode == 1

    path = export(project, outside, "--only", "stale")
    fill_like_a_cat_tool(path, {stale: NEW_ENGLISH})
    result = run_cli(project, "xliff", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"imported 1 unit from {path}: 1 with new words in data/handout.yaml, accepted in "
                             "data/translations.lock\n")

    diff = subprocess.run([*git, "diff", "-U0", "--", "data/handout.yaml"], capture_output=True, text=True,
                          check=True).stdout
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    # Only lines of the bullet's English: the first stays as it was, the folds after it change.
    assert removed == ["movement of people and manage migration issues."]
    assert " ".join(line.strip() for line in added) == NEW_ENGLISH.split(" the regular ", 1)[1]
    assert all(line.startswith(" " * 10) and len(line) <= 80 for line in added)  # folded as before
    assert load_project(project).content.sections[0].bullets[1].text.en == NEW_ENGLISH
    assert len(re.findall(r"(?m)^@@ ", diff)) == 1  # one place in the file, nothing else touched
    status = subprocess.run([*git, "status", "--porcelain", "--", "data"], capture_output=True, text=True, check=True).stdout
    assert sorted(status.split()) == ["M", "M", "data/handout.yaml", "data/translations.lock"]
    assert translation_findings(load_project(project)) == []

    build = run_cli(project, "build", "--strict", "--layout", "handout-letter", "--lang", "en")
    assert build.returncode == 0, build.stderr
    assert "stale" not in build.stderr
    assert squash(NEW_ENGLISH) in squash(full_text(project / "output" / "handout-letter-en.pdf"))


def test_codes_survive_translate_toolkit_writing_the_file_and_come_back(project, outside):
    path = export(project, outside)
    store = toolkit.xlifffile.parsefile(str(path))
    units = {unit.getid().split("\x04")[1]: unit for unit in store.getunits()}
    fees = next(unit for unit in load_project(project).units() if "{fees}" in unit.text.en)

    legend = units["legend.2"]
    bold = copy.deepcopy(legend.rich_source[0].sub[1])
    bold.sub = [StringElem("GRSI")]
    legend.rich_target = [StringElem([StringElem("Active "), bold, StringElem(" sponsorship programs.")])]
    amount = units[fees.id]
    placeholder = copy.deepcopy(amount.rich_source[0].sub[1])
    amount.rich_target = [StringElem([StringElem("Membership fees ("), placeholder,
                                      StringElem(") for the main international forums on migration;")])]
    for unit in (legend, amount):
        unit.set_state_n(toolkit.xliffunit.statemap["translated"])
    path.write_bytes(bytes(store))

    result = run_cli(project, "xliff", "import", str(path))
    assert result.returncode == 0, result.stderr
    content = load_project(project).content
    assert content.legend.entries[1].label.en == "Active **GRSI** sponsorship programs."
    assert content.sections[2].bullets[1].bullets[0].text.en == (
        "Membership fees ({fees}) for the main international forums on migration;")
    assert translation_findings(load_project(project)) == []


def test_a_dry_run_prints_the_diff_and_writes_nothing(project, outside):
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    path = export(project, outside, "--only", "stale")
    fill_like_a_cat_tool(path, {unit_id(project, "sections[0].bullets[1]"): NEW_ENGLISH})
    before = snapshot(project)
    result = run_cli(project, "xliff", "import", "--dry-run", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/data/handout.yaml\n+++ b/data/handout.yaml\n@@ ")
    assert "-          movement of people and manage migration issues.\n" in result.stdout
    assert result.stdout.endswith(f"would import 1 unit from {path}: 1 with new words in data/handout.yaml, "
                                  "accepted in data/translations.lock\n")
    assert snapshot(project) == before


def test_a_target_left_unconfirmed_is_neither_written_nor_accepted(project, outside):
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    path = export(project, outside, "--only", "stale")  # its target stays needs-review-translation
    before = snapshot(project)
    result = run_cli(project, "xliff", "import", str(path))
    assert result.stdout.endswith("; 1 left as they were (their targets are not marked translated)\n")
    assert snapshot(project) == before
    assert [finding.check for finding in translation_findings(load_project(project))] == ["stale-translation"]


def test_imported_text_is_read_by_the_language_checks(project, outside):
    path = export(project, outside)
    fill_like_a_cat_tool(path, {"legend.3": "Mobilisation internationale : forums et institutions multilatérales"})
    result = run_cli(project, "xliff", "import", str(path))
    assert result.returncode == 0
    assert re.search(r"^warning: data/handout\.yaml:\d+:\d+: legend\.entries\[2\]\.label\.en: the English text is a "
                     r"copy of the French", result.stderr, re.MULTILINE), result.stderr


# ---------------------------------------------------------------- bad imports

def with_target(unit: str, target: str):
    """A change to one unit's target, given as the XML of its content."""
    def change(text: str) -> str:
        pattern = rf'(<trans-unit id="{re.escape(unit)}".*?<target [^>]*>).*?(</target>)'
        changed, count = re.subn(pattern, lambda found: found.group(1) + target + found.group(2), text, flags=re.S)
        assert count == 1
        return changed
    return change


BILLION_LAUGHS = ('<!DOCTYPE xliff [<!ENTITY a "hahahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                  '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>\n')
FEES = "sections[2].bullets[1].bullets[0]"


@pytest.mark.parametrize("damage, error", [
    (lambda text, ids: text.replace(f'id="{ids["title"]}"', 'id="nowhere.b0b0"', 1),
     r"trans-unit 'nowhere\.b0b0': no unit of the project has this id"),
    (lambda text, ids: text.replace("Efforts canadiens de mobilisation", "Efforts canadiens de promotion", 1),
     r"trans-unit 'title': its French is not today's: it changed after the export \(export it again"),
    (lambda text, ids: with_target(ids[FEES], "membership fees for the main forums")(text),
     r"trans-unit '[\w.]+': in its target, the source's placeholder \{fees\} is missing \(keep every code"),
    (lambda text, ids: with_target(ids[FEES], 'fees <x id="1"/> and <x id="7"/>')(text),
     r"in its target, code id '7' is not in the source"),
    (lambda text, ids: with_target(ids[FEES], "fees {fees} and <x id=\"1\"/>")(text),
     r"in its target, '\{fees\}' is typed as text rather than kept as the source's placeholder code"),
    (lambda text, ids: with_target("legend.2", 'Current active <bpt id="1">**</bpt>GRSI programs.')(text),
     r"trans-unit 'legend\.2': in its target, a paired code opens and never closes"),
    (lambda text, ids: with_target("legend.2", "Current active *GRSI* programs.")(text),
     r"in its target, a '\*' typed in the text would read as italic"),
    (lambda text, ids: with_target("title", "")(text), r"trans-unit 'title': its target is empty"),
    (lambda text, ids: with_target("title", "Canada\u0086s engagement")(text),
     r"trans-unit 'title': in its target, control or invalid character U\+0086 at character 7"),
    (lambda text, ids: text.replace('target-language="en-CA"', 'target-language="de-DE"'),
     r"target-language 'de-DE' is neither French nor English"),
    (lambda text, ids: text.replace('target-language="en-CA"', 'target-language="fr-CA"'),
     r"source and target languages are both French"),
    (lambda text, ids: text[:len(text) // 2], r":\d+:\d+: not well-formed XML: "),
    (lambda text, ids: text.replace("<xliff ", BILLION_LAUGHS + "<xliff ", 1).replace(
        "Canada's international migration engagement", "&d;", 1), r"the file declares a DTD or entities"),
    (lambda text, ids: text.replace("<xliff ", '<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
                                    "<xliff ", 1).replace("Canada's international migration engagement", "&secret;", 1),
     r"the file declares a DTD or entities"),
    (lambda text, ids: text.replace("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:2.0"),
     r"not an XLIFF 1\.2 document \(root <xliff> in urn:oasis:names:tc:xliff:document:2\.0"),
    (lambda text, ids: text.replace("<body>", "<body>" + "<group>" * 70, 1), r"elements nest more than 64 levels deep"),
], ids=["unknown-id", "changed-source", "missing-placeholder", "extra-placeholder", "typed-placeholder",
        "unbalanced-codes", "typed-markup", "empty-target", "control-character", "wrong-target-language", "same-languages",
        "malformed-xml", "entity-expansion", "external-entity", "wrong-namespace", "too-deep"])
def test_a_bad_import_is_one_line_and_changes_nothing(project, outside, damage, error):
    path = export(project, outside)
    ids = {key_path: unit_id(project, key_path) for key_path in (FEES,)} | {"title": "title"}
    path.write_text(damage(path.read_text(encoding="utf-8"), ids), encoding="utf-8")
    before = snapshot(project)
    line = one_error_line(run_cli(project, "xliff", "import", str(path)))
    assert re.search(error, line), line
    assert line.startswith(f"error: {path}")
    assert "root:" not in line and "passwd" not in line
    assert snapshot(project) == before


def test_a_file_over_50_mb_is_refused_before_it_is_read(project, outside):
    path = outside / "huge.xlf"
    with path.open("wb") as huge:
        huge.truncate(50 * 1024 * 1024 + 1)  # sparse: no disk spent
    before = snapshot(project)
    line = one_error_line(run_cli(project, "xliff", "import", str(path)))
    assert line == (f"error: {path}: file is 52428801 bytes, over the 52428800 byte limit "
                    "(export fewer units (--only stale))")
    assert snapshot(project) == before


def test_a_unit_translated_from_the_other_language_is_refused(project, outside):
    path = export(project, outside, to="fr")
    text = path.read_text(encoding="utf-8")
    text = text.replace('source-language="en-CA" target-language="fr-CA"',
                        'source-language="fr-CA" target-language="en-CA"')
    path.write_text(text, encoding="utf-8")
    before = snapshot(project)
    line = one_error_line(run_cli(project, "xliff", "import", str(path)))
    assert "the unit is translated from English, not French" in line
    assert snapshot(project) == before


def test_nothing_is_written_when_the_new_text_would_not_load(project, outside):
    path = export(project, outside)
    path.write_text(with_target("title", "x" * 6000)(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project)
    line = one_error_line(run_cli(project, "xliff", "import", str(path)))
    assert "title.en: 6000 characters, more than the 5000 allowed" in line
    assert snapshot(project) == before
    assert not [name for name in os.listdir(project / "data") if name.endswith(".tmp")]
