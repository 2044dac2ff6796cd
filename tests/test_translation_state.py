"""Translation state (data/translations.lock): `stale-translation` and `untranslated-unit` in check and
build, `render.py translations accept`, stable unit ids, and a new project with everything accepted."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from affiche.checks.translation import translation_findings, word_diff
from affiche.commands.new import scaffold
from affiche.errors import AfficheError
from affiche.load.content import CONTENT_FILE
from affiche.pipeline.build import translation_preflight
from affiche.project import load_project
from affiche.translation.state import LOCK_FILE, read_lock
from scratch import ROOT, blank_pdf, keep_layouts, line_of, replace_in, rows, run_cli

OLD_WORDS = "soutenir le mouvement régulier des personnes"
NEW_WORDS = "soutenir la circulation régulière des personnes"
FIRST_BULLETS = ("Pour veiller à ce que les migrations soient sûres", "Pour faciliter la circulation")


def findings(project: Path) -> list[str]:
    return [f"{finding.check} {finding.where}" for finding in translation_findings(load_project(project))]


def unit_id(project: Path, key_path: str) -> str:
    return next(unit.id for unit in load_project(project).units() if unit.path == key_path)


def bullet_line(project: Path, text: str) -> int:
    """The line of a bullet's '- fr: >-', above its folded French: the line the unit is reported at."""
    return line_of(project / CONTENT_FILE, text) - 1


def test_the_default_project_ships_with_every_translation_accepted():
    assert findings(ROOT) == []
    lines = (ROOT / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    units = [line for line in lines if not line.startswith("#")][1:]
    assert lines[[line.startswith("#") for line in lines].index(False)] == "source-language: fr"
    assert units == sorted(units) and len(units) == len(load_project(ROOT).units())
    # The original handout gives the GFMD forum in English only: its French is the translation.
    assert [line.split()[:2] for line in units if line.startswith("gfmd.")] == [
        [unit_id(ROOT, "sections[4].sections[4].bullets[0]"), "en"], ["gfmd.heading", "en"]]


def test_an_edited_french_bullet_is_reported_stale_at_its_english_with_the_change(project, tmp_path):
    keep_layouts(project, "handout-letter")  # `check` lays out every edition: one layout is enough here
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    bullet = unit_id(project, "sections[0].bullets[1]")
    result = run_cli(project, "check", "--output", str(blank_pdf(tmp_path / "out" / "blank.pdf").parent))
    assert result.returncode == 0, result.stderr
    line = bullet_line(project, "Pour aider les pays")
    assert rows(result.stdout, "stale-translation") == [
        f"warning data/handout.yaml:{line}:9: sections[0].bullets[1].en | the French changed since this English "
        "was accepted: … des politiques pour soutenir [-le mouvement régulier-] {+la circulation régulière+} "
        f"des personnes et gérer … | fix: update the English, then run render.py translations accept {bullet}"]

    lock_before = (project / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    accepted = run_cli(project, "translations", "accept", bullet)
    assert (accepted.returncode, accepted.stdout) == (0, "accepted 1 unit in data/translations.lock "
                                                         "(1 had changed, 0 new)\n"), accepted.stderr
    assert findings(project) == []
    lock_after = (project / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(lock_before, lock_after) if old != new]
    assert len(lock_after) == len(lock_before) and len(changed) == 1  # one line per unit: merges stay clean
    assert changed[0][1].startswith(f"{bullet} fr ") and NEW_WORDS in changed[0][1]


def test_swapped_bullets_are_not_stale(project):
    path = project / CONTENT_FILE
    text = path.read_text(encoding="utf-8")
    items = re.split(r"(?m)^(?=      - fr: )", text[text.index("    bullets:\n"):text.index("\n  - id: why-engagement")])
    first, middle, last = items[1:]
    assert first.lstrip("- ").startswith("fr: >-\n          " + FIRST_BULLETS[0][:20])
    path.write_text(text.replace(first + middle + last, last.rstrip("\n") + "\n" + middle + first.rstrip("\n")),
                    encoding="utf-8")
    swapped = load_project(project).content.sections[0].bullets
    assert swapped[0].text.fr.startswith(FIRST_BULLETS[1]) and swapped[2].text.fr.startswith(FIRST_BULLETS[0])
    assert findings(project) == []


def test_a_new_section_is_untranslated_not_stale_until_accepted(project):
    replace_in(project / CONTENT_FILE, "\nlegend:\n", """
  - id: partners
    heading:
      fr: Nos partenaires
      en: Our partners
    bullets:
      - fr: Le Canada travaille avec de nombreux pays.
        en: Canada works with many countries.
      - fr: Le Canada finance des projets.
        en: Canada funds projects.

legend:
""")
    assert findings(project) == [
        f"untranslated-unit data/handout.yaml:{line_of(project / CONTENT_FILE, 'id: partners') + 1}:5: "
        "sections[5].heading.en",
        f"untranslated-unit data/handout.yaml:{line_of(project / CONTENT_FILE, 'de nombreux pays')}:9: "
        "sections[5].bullets[0].en",
        f"untranslated-unit data/handout.yaml:{line_of(project / CONTENT_FILE, 'finance des projets')}:9: "
        "sections[5].bullets[1].en"]
    finding = translation_findings(load_project(project))[1]
    assert finding.message == "new text: no English translation of its French has been accepted yet"
    assert finding.fix == ("have it translated (render.py xliff export --to en --only missing), or accept its "
                           "English: render.py translations accept sections[5].bullets[0]")

    result = run_cli(project, "translations", "accept", "partners")
    assert result.stdout == "accepted 3 units in data/translations.lock (0 had changed, 3 new)\n", result.stderr
    assert findings(project) == []
    text = (project / CONTENT_FILE).read_text(encoding="utf-8")
    keys = re.findall(r"        en: Canada (?:works with many countries|funds projects)\.\n        key: ([a-f][0-9a-f]{3})\n",
                      text)
    assert len(set(keys)) == 2
    assert {unit.id for unit in load_project(project).units() if unit.sections and
            unit.sections[0].id == "partners"} == {"partners.heading", *(f"partners.{key}" for key in keys)}


def test_a_unit_translated_from_english_is_stale_in_french(project):
    replace_in(project / CONTENT_FILE, "Later this year, Canada will be co-chairing",
               "Later this year, Canada will co-chair")
    line = bullet_line(project, "Plus tard cette année")
    assert findings(project) == [f"stale-translation data/handout.yaml:{line}:13: sections[4].sections[4].bullets[0].fr"]
    message = translation_findings(load_project(project))[0].message
    assert message == ("the English changed since this French was accepted: … this year, Canada will "
                       "[-be co-chairing-] {+co-chair+} a Roundtable with Morocco …")


def test_editing_a_translation_alone_makes_nothing_stale(project):
    replace_in(project / CONTENT_FILE, "To foster cooperation on global mobility and migration.",
               "To foster cooperation on mobility and migration around the world.")
    replace_in(project / CONTENT_FILE, "Plus tard cette année, le Canada coprésidera",
               "Plus tard cette année, le Canada présidera")  # the French of an English original
    assert findings(project) == []


def test_the_project_source_language_applies_to_new_units(project):
    replace_in(project / LOCK_FILE, "source-language: fr", "source-language: en")
    path = project / CONTENT_FILE  # the first bullet loses its key: it is new
    path.write_text(re.sub(r"\n        key: \w+", "", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    assert findings(project) == [f"untranslated-unit data/handout.yaml:{bullet_line(project, FIRST_BULLETS[0])}:9: "
                                 "sections[0].bullets[0].fr"]


def test_a_build_warns_of_a_stale_translation_and_stops_on_it_when_strict(project):
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)
    line = bullet_line(project, "Pour aider les pays")
    warnings: list[str] = []
    translation_preflight(load_project(project), warnings.append, strict=False)
    assert len(warnings) == 1 and warnings[0].startswith(
        f"data/handout.yaml:{line}:9: sections[0].bullets[1].en: the French changed since this English was accepted")
    result = run_cli(project, "build", "--strict", "--layout", "handout-letter", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: data/handout.yaml:{line}:9: sections[0].bullets[1].en: the French "
                                    "changed since this English was accepted: ")
    assert len(result.stderr.splitlines()) == 1 and not (project / "output").exists()


def test_a_project_without_a_lock_is_told_once(project):
    (project / LOCK_FILE).unlink()
    [finding] = translation_findings(load_project(project))
    assert (finding.where, finding.check, finding.fix) == (
        "data/translations.lock", "untranslated-unit", "review both languages, then run render.py translations accept")
    assert run_cli(project, "translations", "accept").stdout.startswith("accepted ")
    assert findings(project) == []


@pytest.mark.parametrize("damage, below, problem", [
    (lambda line: line[:-1] + "?", 0, "does not match its digest"),
    (lambda line: "<<<<<<< HEAD\n" + line, 0, "a merge conflict is left in the file"),
    (lambda line: line + "\n" + line, 1, "has two lines"),
    (lambda line: line.replace(" fr ", " de ", 1), 0, "unknown language 'de'"),
    (lambda line: line.split(" ")[0], 0, "not a line of the form 'unit-id language digest text'"),
])
def test_a_damaged_lock_is_a_located_error(project, damage, below, problem):
    path = project / LOCK_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith("contact "))
    lines[number] = damage(lines[number])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AfficheError) as refused:
        read_lock(project)
    assert re.match(rf"data/translations\.lock:{number + 1 + below}:1: .*{re.escape(problem)}",
                    refused.value.one_line()), refused.value.one_line()


def test_a_new_project_starts_with_every_translation_accepted(project, tmp_path):
    replace_in(project / CONTENT_FILE, OLD_WORDS, NEW_WORDS)  # the template itself has a stale unit
    assert findings(project) != []
    created = scaffold(project, "team-x", tmp_path / "into", ROOT / "render.py")
    assert findings(created) == []
    assert findings(project) != []  # the template is left as it was


def test_a_copied_bullet_with_its_key_is_refused(project):
    path = project / CONTENT_FILE
    text = path.read_text(encoding="utf-8")
    bullet = re.search(r"      - fr: Pour favoriser la coopération.*?\n        key: \w+\n", text, re.S).group(0)
    path.write_text(text.replace(bullet, bullet + bullet), encoding="utf-8")
    result = run_cli(project, "translations", "accept")
    second = line_of(path, "Pour favoriser la coopération") + 3
    assert result.returncode == 2 and result.stderr == (
        f"error: data/handout.yaml:{second}:9: sections[1].bullets[1].key: unit key "
        f"'{bullet.split()[-1]}' is used twice (first at line {second - 3}) "
        "(delete this key line: affiche gives the unit a new one)\n")


def test_a_key_must_be_one_affiche_could_have_written(project):
    path = project / CONTENT_FILE
    path.write_text(re.sub(r"\n        key: ", "\n        key: zz", path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    result = run_cli(project, "translations", "accept")
    assert result.returncode == 2 and "is not 4 to 8 digits and letters a-f, a letter first" in result.stderr


def test_an_unknown_unit_is_refused_and_nothing_written(project):
    before = (project / LOCK_FILE).read_bytes()
    result = run_cli(project, "translations", "accept", "no-such-unit")
    assert (result.returncode, result.stderr) == (2, "error: command line: UNIT: no unit or section 'no-such-unit' "
                                                     "(give a unit id as render.py check names it, or a section id)\n")
    assert (project / LOCK_FILE).read_bytes() == before


def test_the_word_diff_shows_each_change_with_a_little_context():
    assert word_diff("a b c d e f g h i j k l m n", "a b c d e X g h i j k l m n") == "… b c d e [-f-] {+X+} g h i j …"
    assert word_diff("one two", "one two three") == "one two {+three+}"
    long_old = " ".join(f"w{index}" for index in range(40))
    assert word_diff(long_old, "new") == "[-w0 w1 w2 w3 w4 w5 w6 w7 … w32 w33 w34 w35 w36 w37 w38 w39-] {+new+}"
