"""Issue #10, a hostile test of the inputs: each defect it found, reproduced as it reported it.

Every refusal is one line on stderr, 'error: ' and the path (and key, in an input file), exit
status 2, no traceback, and a previous output left as it was. Builds stop before rendering,
so they are quick; the one build that must go through has a single layout in one language."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from affiche.errors import AfficheError, Location
from affiche.load.layouts import layout_names, load_layout
from affiche.load.page_words import load_page_words
from affiche.map.draw import WORLD_FILE, read_world
from affiche.outputs.download_page.page import FileLink, Listing, Words, file_view, page_files, relative_href
from affiche.project import load_project
from scratch import ROOT, blank_pdf, keep_layouts, line_of, replace_in, run_cli

PREVIOUS = b"%PDF-1.7 a previous good build\n"
SECRET = "secret-first-line-5d1c"  # the first line of every file outside the project
LEADS_OUT = "leads out of the project through a symbolic link: affiche reads only the project's own files"


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def build_fails(project: Path, *args: str) -> str:
    """Build with a previous output in output/, expect one error line, and find that output untouched."""
    previous = project / "output" / "handout-letter-fr.pdf"
    previous.parent.mkdir(exist_ok=True)
    previous.write_bytes(PREVIOUS)
    line = one_error_line(run_cli(project, "build", *args))
    assert previous.read_bytes() == PREVIOUS
    assert sorted(path.name for path in previous.parent.iterdir()) == [previous.name]
    return line


def linked_outside(project: Path, name: str, outside: Path) -> Path:
    """Replace the project's file `name` by a link to a copy outside, whose first line is SECRET."""
    path = project / name
    copy = outside / path.name
    copy.write_bytes(SECRET.encode() + b"\n" + path.read_bytes())
    path.unlink()
    path.symlink_to(copy)
    return path


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("outside")


# ---------------------------------------------------------------- (3) a layout's name reaches a link

SCRIPT_NAME = "javascript:alert(document.cookie)"


def test_a_layout_file_named_like_a_script_address_stops_a_full_build(project):
    shutil.copy(project / "layouts" / "handout-letter.yaml", project / "layouts" / f"{SCRIPT_NAME}.yaml")
    line = build_fails(project)
    assert line.startswith(f"error: layouts/{SCRIPT_NAME}.yaml: layout name '{SCRIPT_NAME}' is not a safe name "
                           "(rename the file: use 1 to 64 ASCII letters"), line


def test_a_layout_named_like_a_script_address_on_the_command_line_is_refused(project):
    line = build_fails(project, "--layout", SCRIPT_NAME)
    assert line.startswith(f"error: command line: layout name '{SCRIPT_NAME}' is not a safe name"), line


def test_the_download_page_links_to_files_relatively_and_url_encoded():
    assert relative_href(f"{SCRIPT_NAME}-fr.pdf") == "./javascript%3Aalert%28document.cookie%29-fr.pdf"
    assert relative_href('a"b#c?d%e f.pdf') == "./a%22b%23c%3Fd%25e%20f.pdf"
    assert relative_href("thumbnails/handout-letter-fr.png") == "./thumbnails/handout-letter-fr.png"
    assert file_view(FileLink("handout-letter-fr.pdf", "pdf", 1000), "screen", words("en"))["href"] == \
        "./handout-letter-fr.pdf"


def test_a_file_named_like_a_script_address_is_no_script_on_the_download_page():
    listing = Listing(SCRIPT_NAME, "handout", "fr", "screen", (FileLink(f"{SCRIPT_NAME}-fr.pdf", "pdf", 1000),),
                      None, None)
    project = load_project(ROOT)
    page = page_files([listing], project.page_words, project.content.title, date(2026, 1, 1))["index.html"]
    hrefs = re.findall(rb'href="([^"]*)" download', page)
    assert hrefs == [b"./javascript%3Aalert%28document.cookie%29-fr.pdf"]


def words(lang: str) -> Words:
    return Words(load_page_words(ROOT), lang)


# ---------------------------------------------------------------- (5) links out of the project

def test_a_layout_linked_outside_is_refused_without_quoting_it(project, outside):
    linked_outside(project, "layouts/handout-letter.yaml", outside)
    for args in ((), ("--layout", "handout-letter")):
        line = build_fails(project, *args)
        assert line == (f"error: layouts/handout-letter.yaml: {LEADS_OUT} "
                        "(copy the file into the project instead of linking to it)"), line


def test_a_layout_linked_to_a_file_outside_that_is_not_yaml_is_not_echoed(project, outside):
    (outside / "evil.yaml").write_text(f"{SECRET}: [unclosed\n", encoding="utf-8")
    (project / "layouts" / "evil.yaml").symlink_to(outside / "evil.yaml")
    line = build_fails(project, "--layout", "evil")
    assert line.startswith("error: layouts/evil.yaml: leads out of the project") and SECRET not in line


def test_the_content_linked_to_etc_passwd_is_refused_without_quoting_it(project):
    (project / "data" / "handout.yaml").unlink()
    (project / "data" / "handout.yaml").symlink_to("/etc/passwd")
    result = run_cli(project, "build")
    line = one_error_line(result)
    assert line.startswith("error: data/handout.yaml: leads out of the project through a symbolic link")
    assert "root:" not in result.stderr


@pytest.mark.parametrize("name, where", [
    ("data/handout.yaml", ""), ("data/map.yaml", ""), ("data/download-page.yaml", ""),
    ("layouts/themes/ircc.yaml", ""), (WORLD_FILE.as_posix(), ""),
    ("fonts/lato/LICENSE.txt", "data/download-page.yaml:7:1: theme: "),  # the page publishes it
])
def test_every_input_linked_outside_is_refused_without_quoting_it(project, outside, name, where):
    linked_outside(project, name, outside)
    line = build_fails(project, "--layout", "handout-letter")
    assert line == (f"error: {where}{name}: {LEADS_OUT} (copy the file into the project instead of linking to it)")
    assert SECRET not in line and str(outside) not in line


def test_a_font_folder_linked_outside_is_refused_at_the_theme_key_naming_the_font(project, outside):
    shutil.move(project / "fonts", outside / "fonts")
    (project / "fonts").symlink_to(outside / "fonts")
    theme = project / "layouts" / "themes" / "ircc.yaml"
    line = build_fails(project)
    assert line.startswith(f"error: layouts/themes/ircc.yaml:{line_of(theme, 'NotoSans-Regular.ttf')}:7: "
                           "fonts.body.faces.regular: fonts/noto-sans/NotoSans-Regular.ttf: leads out of the "
                           "project through a symbolic link"), line


def test_a_link_inside_the_project_to_a_file_inside_is_fine(project):
    shutil.move(project / "data" / "handout.yaml", project / "handout-source.yaml")
    (project / "data" / "handout.yaml").symlink_to("../handout-source.yaml")
    (project / "layouts" / "alias.yaml").symlink_to("handout-letter.yaml")
    loaded = load_project(project)
    assert loaded.content.source == "data/handout.yaml"  # the link's own name, where errors point
    assert "alias" in layout_names(project)
    assert load_layout("alias", project, loaded.content).source == "layouts/alias.yaml"


def test_the_world_atlas_that_is_not_json_is_a_located_error(project):
    (project / WORLD_FILE).write_text('{"type": "Topology",\n  oops}', encoding="utf-8")
    with pytest.raises(AfficheError) as caught:
        read_world(project)
    assert caught.value.one_line() == (f"{WORLD_FILE.as_posix()}:2:3: not JSON: Expecting property name enclosed "
                                       "in double quotes (copy countries-110m.json from the world-atlas package again)")


# ---------------------------------------------------------------- (7) input mistakes, not internal errors

@pytest.mark.parametrize("value, shown", [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf"),
                                          ("-1e400", "'-1e400'"), ("-1.0e+400", "-inf")])
def test_an_amount_that_is_not_a_finite_number_is_refused(project, value, shown):
    content = project / "data" / "handout.yaml"
    replace_in(content, "fees: {value: 300000, currency: CAD}", f"fees: {{value: {value}, currency: CAD}}")
    line = build_fails(project, "--layout", "handout-letter")
    assert line == (f"error: data/handout.yaml:{line_of(content, 'fees: {value:')}:22: "
                    f"sections[2].bullets[1].bullets[0].amounts.fees.value: amount {shown} is out of range "
                    "(write a positive number of dollars, digits only)"), line


@pytest.mark.parametrize("amounts, described", [("5", "a number 5"), ("[1, 2]", "a list [1, 2]"), ("", "nothing")])
def test_amounts_that_are_not_a_mapping_are_refused(project, amounts, described):
    content = project / "data" / "handout.yaml"
    replace_in(content, "            amounts:\n              fees: {value: 300000, currency: CAD}\n",
               f"            amounts: {amounts}\n")
    line = build_fails(project, "--layout", "handout-letter")
    assert line == (f"error: data/handout.yaml:{line_of(content, '(about {fees});') + 1}:13: "
                    "sections[2].bullets[1].bullets[0].amounts: expected a mapping of names to values for "
                    f"'amounts', got {described} (write each on its own line as "
                    "'name: {value: 300000, currency: CAD}')"), line


@pytest.mark.parametrize("damage, reason", [
    (lambda data: b"not a font\n", "Not a TrueType or OpenType font"),
    (lambda data: b"", "Not a TrueType or OpenType font"),
    (lambda data: data[: len(data) // 2], "unexpected end of 'glyf' table data"),
    (lambda data: data[:100], "unexpected end of table directory"),
])
def test_a_font_file_that_is_not_a_font_is_refused_at_its_theme_key(project, damage, reason):
    font = project / "fonts" / "lato" / "Lato-Regular.ttf"
    font.write_bytes(damage(font.read_bytes()))
    theme = project / "layouts" / "themes" / "ircc.yaml"
    line = build_fails(project, "--layout", "handout-letter")
    assert line.startswith(f"error: layouts/themes/ircc.yaml:{line_of(theme, 'Lato-Regular.ttf')}:7: "
                           "fonts.headings.faces.regular: fonts/lato/Lato-Regular.ttf is not a font that can be "
                           f"read: {reason}"), line
    assert line.endswith("(replace it with the TTF or OTF file of the font's own distribution)"), line


@pytest.mark.parametrize("epoch, problem", [
    ("99999999999999999", "'99999999999999999' is not a time from 1980 to 9999"),
    ("0", "'0' is not a time from 1980 to 9999"),
    ("9" * 5000, "is not a time from 1980 to 9999"),
    ("²", "'²' is not a number of seconds"),
    ("-1", "'-1' is not a number of seconds"),
])
def test_source_date_epoch_out_of_range_is_refused(project, monkeypatch, epoch, problem):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    line = build_fails(project, "--layout", "handout-letter")
    assert line.startswith("error: SOURCE_DATE_EPOCH: ") and problem in line, line
    assert line.endswith("(set it to a Unix time such as 1764028800, or unset it)")
    assert len(line) < 300  # a huge value is cut short


def test_source_date_epoch_in_range_is_kept(monkeypatch):
    from affiche.pipeline.dates import build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert build_time(load_project(ROOT).content).year == 9999


# ---------------------------------------------------------------- (11) entries named *.yaml that are no file

def test_a_folder_named_like_a_layout_does_not_block_a_full_build(project):
    keep_layouts(project, "poster-tabloid")  # the layout that sets fastest
    (project / "layouts" / "old.yaml").mkdir()
    assert layout_names(project) == ["poster-tabloid"]
    result = run_cli(project, "build", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (project / "output").glob("*.pdf")) == ["poster-tabloid-fr-print.pdf",
                                                                                "poster-tabloid-fr.pdf"]


def test_a_folder_named_like_a_layout_is_not_one_when_asked_for(project):
    (project / "layouts" / "old.yaml").mkdir()
    line = build_fails(project, "--layout", "old")
    assert line == "error: layouts/old.yaml: not a regular file but a folder (replace it with a file, or remove it)"


@pytest.mark.parametrize("make, problem", [
    (os.mkfifo, "not a regular file but a named pipe (replace it with a file, or remove it)"),
    (lambda path: path.symlink_to("missing.yaml"), "a symbolic link to a file that does not exist "
                                                   "(fix the link or remove it)"),
    (lambda path: path.symlink_to(path.name), "its symbolic links form a loop (fix the links)"),
])
def test_a_stray_entry_named_like_a_layout_is_an_error_naming_it(project, make, problem):
    make(project / "layouts" / "old.yaml")
    previous = blank_pdf(project / "output" / "handout-letter-fr.pdf").read_bytes()  # for check to inspect
    started = time.monotonic()
    for args in (("build",), ("build", "--layout", "old"), ("check",)):
        line = one_error_line(run_cli(project, *args))
        assert line == f"error: layouts/old.yaml: {problem}", (args, line)
        assert (project / "output" / "handout-letter-fr.pdf").read_bytes() == previous
    assert time.monotonic() - started < 60  # a pipe is never opened, so never waited on


def test_hidden_entries_named_like_a_layout_are_left_out(project):
    (project / "layouts" / ".#handout-letter.yaml").symlink_to("root@host.1234")  # Emacs's lock file
    assert ".#handout-letter" not in layout_names(project)


# ---------------------------------------------------------------- (12) one line, always

def test_a_nul_byte_in_a_yaml_file_is_one_line_with_its_line_and_column(project):
    content = project / "data" / "handout.yaml"
    replace_in(content, "        en: To foster cooperation", "        en: To foster\0 cooperation")
    line = build_fails(project)
    assert line == (f"error: data/handout.yaml:{line_of(content, 'To foster')}:22: character U+0000 is not allowed "
                    "in YAML (remove it: a NUL or control character means the file is damaged or not text)")


def test_a_raw_control_character_in_a_layout_is_one_located_line(project):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, "columns: 2\n", "columns: 2\x07\n")
    line = build_fails(project, "--layout", "handout-letter")
    assert line.startswith(f"error: layouts/handout-letter.yaml:{line_of(layout, 'columns:')}:11: "
                           "character U+0007 is not allowed in YAML"), line


def test_a_layout_file_with_a_line_break_in_its_name_is_named_on_one_line(project):
    (project / "layouts" / "bad\nname.yaml").write_text("document: handout\n", encoding="utf-8")
    line = build_fails(project)
    assert line.startswith("error: layouts/bad\\nname.yaml: layout name 'bad\\nname' is not a safe name"), line


def test_errors_escape_every_character_that_is_not_printable():
    error = AfficheError(Location("a\nb.yaml", 3, 4, "k\x1b[31m"), "bad \u202eevil\r", "fix\u2028it")
    assert error.one_line() == "a\\nb.yaml:3:4: k\\x1b[31m: bad \\u202eevil\\r (fix\\u2028it)"
    assert str(Location("x\ty", key_path="a\0b")) == "x\\ty: a\\x00b"
    assert AfficheError("command\nline", "plain words, 'quotes' and é stay").one_line() == \
        "command\\nline: plain words, 'quotes' and é stay"
