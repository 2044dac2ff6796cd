"""Bad input, as staff make it: one clear line naming file, line and key; exit 2; outputs untouched."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from affiche.model.outputs import OutputFile, OutputName
from affiche.pipeline.manifest import MANIFEST_NAME, Manifest
from scratch import line_of, replace_in, run_cli

GOOD_PDF = b"%PDF-1.7 a previous good build\n"




def build_and_expect_error(project: Path, *args: str, previous_name: str = "handout-letter-fr.pdf") -> str:
    previous = earlier_output(project / "output", previous_name)
    record = (previous.parent / MANIFEST_NAME).read_bytes()
    result = run_cli(project, "build", *args)
    assert result.returncode == 2, result.stderr
    assert previous.read_bytes() == GOOD_PDF and (previous.parent / MANIFEST_NAME).read_bytes() == record
    assert sorted(p.name for p in previous.parent.iterdir()) == [MANIFEST_NAME, previous_name]
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def earlier_output(output: Path, name: str) -> Path:
    """A previous good output, recorded in the manifest as a build leaves it: a file the manifest
    does not record is not affiche's, and the build would refuse the folder before rendering."""
    output.mkdir(exist_ok=True)
    (output / name).write_bytes(GOOD_PDF)
    manifest = Manifest.read(output)
    manifest.record("earlier", "", [OutputFile(OutputName.parse(name), "handout", 1, (215.9, 279.4), 0.0,
                                               hashlib.sha256(GOOD_PDF).hexdigest())])
    manifest.write()
    return output / name


def test_yaml_syntax_error(project):
    content = project / "data" / "handout.yaml"
    replace_in(content, "  fr: Légende\n", "  fr: [Légende\n")
    line = line_of(content, "fr: [Légende")
    message = build_and_expect_error(project)
    assert re.match(rf"error: data/handout.yaml:{line + 1}:\d+: YAML syntax error", message), message


def test_missing_english_translation(project):
    content = project / "data" / "handout.yaml"
    replace_in(content, "        en: To foster cooperation on global mobility and migration.\n", "")
    line = line_of(content, "Pour favoriser la coopération en matière de mobilité")
    message = build_and_expect_error(project)
    assert f"data/handout.yaml:{line}:" in message
    assert "sections[1].bullets[0]: missing key 'en'" in message


def test_unknown_layout_key_lists_the_valid_ones(project):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, "columns: 2\n", "colums: 2\n")
    message = build_and_expect_error(project, "--layout", "handout-letter")
    assert f"layouts/handout-letter.yaml:{line_of(layout, 'colums')}:1: colums: unknown key 'colums'" in message
    assert "columns" in message and "column-gap" in message


def test_unknown_section_name(project):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, "why-engagement, imcbp", "why-engagment, imcbp")
    message = build_and_expect_error(project, "--layout", "handout-letter")
    assert f"layouts/handout-letter.yaml:{line_of(layout, 'why-engagment')}:" in message
    assert "blocks.body[1]: unknown section 'why-engagment'" in message
    assert "why-engagement" in message  # the list of valid names


def test_missing_font_file(project):
    (project / "fonts" / "lato" / "Lato-Black.ttf").unlink()
    theme = project / "layouts" / "themes" / "ircc.yaml"
    message = build_and_expect_error(project)
    assert f"layouts/themes/ircc.yaml:{line_of(theme, 'Lato-Black.ttf')}:" in message
    assert "fonts.headings.faces.black: font file fonts/lato/Lato-Black.ttf not found" in message


@pytest.mark.parametrize("old, new, expected", [
    ("(environ {fees});", "(environ {fee});", "{fee} is not defined"),
    ("style: words}", "style: poetry}", "unknown amount style 'poetry'"),
    ("fees: {value: 300000, currency: CAD}", "fees: {value: 300000, currency: XYZ}",
     "unknown currency code 'XYZ'"),
    ("Le **PEPM** pour", "Le **PEPM pour", "'**' opens bold or italic text that is never closed"),
    ("  - id: grsi", "  - id: imcbp", "section id 'imcbp' is used twice"),
    ("    - category: 3", "    - category: 4", "unknown legend category 4"),
])
def test_content_mistakes_are_named(project, old, new, expected):
    replace_in(project / "data" / "handout.yaml", old, new)
    message = build_and_expect_error(project)
    assert message.startswith("error: data/handout.yaml:") and expected in message, message


@pytest.mark.parametrize("old, new, expected", [
    ("size: letter", "size: letterr", "unknown page size 'letterr'"),
    ("size: letter", "size: [0mm, 279mm]", "0.0 mm is outside 50–2000 mm"),
    ("base: 9.5pt", "base: 10000pt", "10000 pt is outside 4–300 pt"),
    ("leading: 1.4", "leading: lots", "leading must be a number"),
    ("languages: [fr, en]", "languages: [fr, de]", "unknown language 'de'"),
    ("theme: ircc", "theme: nope", "no theme named 'nope'"),
])
def test_layout_mistakes_are_named(project, old, new, expected):
    replace_in(project / "layouts" / "handout-letter.yaml", old, new)
    message = build_and_expect_error(project, "--layout", "handout-letter")
    assert message.startswith("error: layouts/handout-letter.yaml:") and expected in message, message


def test_unknown_layout_on_the_command_line(project):
    message = build_and_expect_error(project, "--layout", "handout-legal")
    assert "no layout named 'handout-legal'" in message and "handout-letter" in message


def test_a_good_build_reports_each_output(project):
    result = run_cli(project, "build", "--layout", "handout-letter", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"output/handout-letter-en.pdf  \d pages  \d+ KB\n"
                        r"output/handout-letter-en-print.pdf  \d pages  \d+ KB\n"
                        r"2 files built, 0 unchanged, in \d+\.\d s\n", result.stdout), result.stdout
    assert (project / "output" / "handout-letter-en.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("old, new, expected", [
    ("place: {country: AR}", "place: {country: XX}", "entries[1].place.country: unknown country code 'XX'"),
    ("point: {lat: 13.7, lon: -88.9}", "point: {lat: 123, lon: -88.9}", "latitude 123 is out of range"),
    ("      en: Geneva (IOM)\n", "", "entries[13].label: missing key 'en'"),
    ("place: {country: AR}", "place: {country: SG}", "country SG has no shape on the 1:110m world map"),
])
def test_map_mistakes_are_named(project, old, new, expected):
    map_file = project / "data" / "map.yaml"
    replace_in(map_file, old, new)
    message = build_and_expect_error(project, "--layout", "poster-tabloid", previous_name="poster-tabloid-fr.svg")
    assert message.startswith("error: data/map.yaml:") and expected in message, message


def test_poster_text_overflowing_its_block(project):
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "{height: 46mm, blocks: [igc, unhcr, rcm]", "{height: 30mm, blocks: [igc, unhcr, rcm]")
    message = build_and_expect_error(project, "--layout", "poster-tabloid", previous_name="poster-tabloid-fr.svg")
    found = re.search(r"layouts/poster-tabloid.yaml:(\d+):\d+: rows\[6\]\.blocks\[0\]: the French text of "
                      r"block 'igc' overflows its frame by (\d+\.\d) mm", message)
    assert found, message
    assert int(found.group(1)) == line_of(layout, "blocks: [igc, unhcr, rcm]")
    assert 3 < float(found.group(2)) < 40


def test_an_empty_legend_category_warns_but_builds(project):
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        "warning: data/map.yaml: legend category 1 marks no place on the map "
        "(add entries with 'category: 1' when there are some)")
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "output/poster-tabloid-en.svg", "output/poster-tabloid-en.pdf", "output/poster-tabloid-en.png",
        "output/poster-tabloid-en-print.pdf", "4"]
