"""Invisible characters in the text: bidirectional controls and zero-width characters are
reported by `render.py check` and by the build, with their code point and their unit's place;
the no-break spaces of French typography and the soft hyphen are not."""
from __future__ import annotations

import re
from pathlib import Path

from affiche.checks.invisible import invisible_findings
from affiche.load.page_words import load_page_words
from affiche.load.content import load_content
from affiche.load.places import load_map_content
from scratch import blank_pdf, keep_layouts, line_of, replace_in, rows, run_cli

FRENCH_BULLET = "Pour favoriser la coopération"  # sections[1].bullets[0].fr
ENGLISH_HEADING = "Global Forum on Migration and Development (GFMD)"  # the gfmd section's heading.en
FIX = "fix: delete it; retype the text around it, since editors do not show it"


def findings(project: Path):
    return invisible_findings(load_content(project / "data" / "handout.yaml", project), load_map_content(project),
                              load_page_words(project))


def test_check_names_each_invisible_character_and_its_unit(project):
    keep_layouts(project, "poster-tabloid")
    blank_pdf(project / "output" / "blank.pdf")
    content = project / "data" / "handout.yaml"
    replace_in(content, FRENCH_BULLET, "Pour favoriser \u202ela coopération")
    replace_in(content, ENGLISH_HEADING, "Global Forum\u200b on Migration and Development (GFMD)")
    # Typography's no-break spaces and a soft hyphen, in another unit: none of them is reported.
    replace_in(content, "de la mobilisation à l'échelle internationale?",
               "de la mobi\u00adlisation à l'échelle\u00a0internationale\u202f?")
    result = run_cli(project, "check")
    assert "Traceback" not in result.stderr, result.stderr
    found = rows(result.stdout, "invisible-character")
    bullet, heading = line_of(content, "Pour favoriser \u202e"), line_of(content, "gfmd") + 1
    assert len(found) == 2, found
    assert re.fullmatch(
        rf"warning data/handout\.yaml:{bullet}:\d+: sections\[1\]\.bullets\[0\]\.fr \| bidirectional control "
        r"U\+202E RIGHT-TO-LEFT OVERRIDE at character 16 of the French text: it reorders what prints around it, "
        rf"unseen \| {FIX}", found[0]), found[0]
    assert re.fullmatch(
        rf"warning data/handout\.yaml:{heading}:\d+: sections\[\d+\]\.sections\[\d+\]\.heading\.en \| "
        r"zero-width character U\+200B ZERO WIDTH SPACE at character 13 of the English text: it prints nothing "
        rf"but splits or joins words, and breaks searching and copying the text \| {FIX}", found[1]), found[1]


def test_the_build_warns_and_goes_on(project):
    keep_layouts(project, "handout-letter")
    content = project / "data" / "handout.yaml"
    replace_in(content, FRENCH_BULLET, "Pour favoriser \u202ela coopération")
    result = run_cli(project, "build", "--layout", "handout-letter", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    bullet = line_of(content, "Pour favoriser \u202e")
    assert re.search(rf"^warning: data/handout\.yaml:{bullet}:\d+: sections\[1\]\.bullets\[0\]\.fr: bidirectional "
                     r"control U\+202E RIGHT-TO-LEFT OVERRIDE at character 16 of the French text", result.stderr,
                     re.MULTILINE), result.stderr
    assert (project / "output" / "handout-letter-fr.pdf").is_file()


def test_map_labels_and_download_page_words_are_read(project):
    map_file, page_file = project / "data" / "map.yaml", project / "data" / "download-page.yaml"
    replace_in(map_file, "en: Morocco (GFMD)", "en: Morocco\u2060 (GFMD)")
    replace_in(page_file, "fr: Documents à télécharger", "fr: \u2067Documents\u2069 à télécharger")
    label, title = line_of(map_file, "Morocco\u2060") - 2, line_of(page_file, "page-title:")  # their 'key:' lines
    expected = [
        (rf"data/map\.yaml:{label}:\d+: entries\[\d+\]\.label\.en",
         "zero-width character U+2060 WORD JOINER at character 8 of the English text"),
        (rf"data/download-page\.yaml:{title}:\d+: labels\.page-title\.fr",
         "bidirectional control U+2067 RIGHT-TO-LEFT ISOLATE at character 1 of the French text"),
        (rf"data/download-page\.yaml:{title}:\d+: labels\.page-title\.fr",
         "bidirectional control U+2069 POP DIRECTIONAL ISOLATE at character 11 of the French text")]
    found = findings(project)
    assert len(found) == len(expected), found
    for finding, (where, message) in zip(found, expected):
        assert re.fullmatch(where, finding.where) and finding.message.startswith(message + ":"), finding


def test_a_character_typed_twice_is_one_finding_with_both_places(project):
    replace_in(project / "data" / "handout.yaml", FRENCH_BULLET, "Pour\u200b favoriser\u200b la coopération")
    assert [finding.message.split(":")[0] for finding in findings(project)] == [
        "zero-width character U+200B ZERO WIDTH SPACE at characters 5 and 16 of the French text"]


def test_the_default_project_has_none(root):
    assert findings(root) == []
