"""Content and layouts are untrusted text: nothing in them runs, reaches outside the project,
goes to the network, or stalls a build. Each bad input fails within seconds with one located
line and exit status 2, and the outputs of the last good build stay byte for byte."""
from __future__ import annotations

import os
import re
import shutil
import socket
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import defusedxml.ElementTree
import pypdf
import pytest

from affiche.load.content import CONTENT_FILE
from affiche.errors import AfficheError
from affiche.load.content import load_content
from affiche.load.layouts import load_layout
from affiche.load.places import load_map_content
from affiche.model.theme import FontFace
from affiche.outputs.edition import localized_editions
from affiche.outputs.registry import writer_for
from affiche.pdf.variant import Variant
from affiche.outputs.fetch import ProjectFetcher
from affiche.pipeline.manifest import MANIFEST_NAME
from scratch import ROOT, built_folder, line_of, replace_in, run_cli

FAIL_WITHIN_S = 10.0
INJECTED = '<script>alert(1)</script> <img src="file:///etc/passwd"> & leads'
PASSWD_LINE = Path("/etc/passwd").read_bytes().splitlines()[0]  # e.g. b"root:x:0:0:root:/root:/bin/bash"
SVG_ELEMENTS = {"svg", "title", "desc", "g", "rect", "path", "circle", "line", "text", "tspan"}
SVG_NS = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def previous_outputs(built) -> dict[str, bytes]:
    """The files of a good build of one handout and one poster in English, the shared build's, and its
    record: by relative path, as they were."""
    folder = built_folder(built)
    chosen = [name for name in built if name.startswith(("handout-letter-en", "poster-tabloid-en"))]
    return {name: (folder / name).read_bytes() for name in [*chosen, MANIFEST_NAME]}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}




def fails_fast(project: Path, previous: dict[str, bytes], *args: str) -> str:
    """Build, expect a quick exit 2 with one error line, and the previous outputs untouched."""
    output = project / "output"
    for name, data in previous.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    started = time.monotonic()
    result = run_cli(project, "build", *args)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert elapsed < FAIL_WITHIN_S, f"the error took {elapsed:.1f} s"
    assert "Traceback" not in result.stderr
    assert snapshot(output) == previous
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def pdf_objects(path: Path) -> list:
    """Every object of a PDF, object streams included."""
    reader = pypdf.PdfReader(path)
    objects = (reader.get_object(number) for number in range(1, int(reader.trailer["/Size"])))
    return [obj for obj in objects if obj is not None]


def assert_no_local_file_in(pdf: Path) -> None:
    objects = pdf_objects(pdf)
    assert not [obj for obj in objects if isinstance(obj, dict) and obj.get("/Subtype") == "/Image"]
    streams = [obj.get_data() for obj in objects if isinstance(obj, pypdf.generic.StreamObject)]
    assert streams and not [data for data in streams if PASSWD_LINE in data]


def extracted_text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    for name in ("getaddrinfo", "create_connection", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)


# ---------------------------------------------------------------- markup in content is text

def test_html_in_a_paragraph_prints_as_text_in_the_handout(project):
    replace_in(project / CONTENT_FILE, "      Immigration, Refugees and Citizenship Canada leads", f"      {INJECTED}")
    result = run_cli(project, "build", "--layout", "handout-letter", "--lang", "en")
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "handout-letter-en.pdf"
    text = extracted_text(pdf)
    assert "<script>alert(1)</script> <img src=" in text
    assert "file:///etc/passwd" in text and "> & leads" in text
    assert_no_local_file_in(pdf)


def test_html_in_a_paragraph_is_escaped_text_in_the_poster(project):
    replace_in(project / CONTENT_FILE, "      Immigration, Refugees and Citizenship Canada leads", f"      {INJECTED}")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "en")
    assert result.returncode == 0, result.stderr
    svg = (project / "output" / "poster-tabloid-en.svg").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=" in svg and "&amp; leads" in svg
    tree = defusedxml.ElementTree.fromstring(svg)  # refuses any entity declaration
    tags = {element.tag.removeprefix(SVG_NS) for element in tree.iter()}
    assert tags <= SVG_ELEMENTS, tags - SVG_ELEMENTS
    assert not [value for element in tree.iter() for value in element.attrib.values() if "file:" in value]
    words = " ".join("".join(element.itertext()) for element in tree.iter(f"{SVG_NS}text"))
    assert "<script>alert(1)</script> <img src=" in words
    pdf = project / "output" / "poster-tabloid-en.pdf"
    assert "<script>alert(1)</script>" in extracted_text(pdf)
    assert_no_local_file_in(pdf)


def test_a_control_character_in_content_is_refused(project, previous_outputs):
    content = project / CONTENT_FILE
    replace_in(content, "intro:\n", 'intro:\n  - fr: "Bonjour\\x01 à tous"\n    en: Hello\n')
    message = fails_fast(project, previous_outputs)
    assert message == (f"error: data/handout.yaml:{line_of(content, 'Bonjour')}:5: intro[0].fr: control or invalid "
                       "character U+0001 at character 8 (delete it (retype the text around it if unsure))")


# ---------------------------------------------------------------- WeasyPrint reads only fonts/ and svg/

@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "https://example.com/x.ttf",
    "http://127.0.0.1/x.css",
    "ftp://example.com/x.ttf",
    "{root}/fonts/" + "../" * 12 + "etc/passwd",
    "{root}/fonts/" + "%2e%2e/" * 12 + "etc/passwd",
    "file://example.com{root}/fonts/lato/Lato-Bold.ttf",
    "{root}/data/handout.yaml",
])
def test_the_fetcher_refuses_what_is_not_in_the_projects_folders(project, no_network, url):
    address = url.format(root=project.as_uri().removeprefix("file://"))
    address = address if ":" in address.split("/")[0] else f"file://{address}"
    fetcher = ProjectFetcher(project)
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(address)
    assert fetcher.refused == [address]


def test_the_fetcher_refuses_a_link_leading_out_of_fonts(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "font.ttf"
    shutil.copy(project / "fonts" / "lato" / "Lato-Bold.ttf", outside)
    (project / "fonts" / "linked.ttf").symlink_to(outside)
    fetcher = ProjectFetcher(project)
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch((project / "fonts" / "linked.ttf").as_uri())
    inside = fetcher.fetch((project / "fonts" / "lato" / "Lato-Bold.ttf").as_uri())
    assert inside.read() == outside.read_bytes()  # the same bytes are fine from inside the project
    inside.close()


def test_the_handout_renderer_turns_a_refused_font_into_an_error(project, tmp_path_factory):
    """Defence in depth: a face that got past loading (here through a link) still never loads."""
    outside = tmp_path_factory.mktemp("outside") / "font.ttf"
    shutil.copy(project / "fonts" / "noto-sans" / "NotoSans-Regular.ttf", outside)
    (project / "fonts" / "linked.ttf").symlink_to(outside)
    content = load_content(project / CONTENT_FILE, project)
    places = load_map_content(project)
    layout = load_layout("handout-letter", project, content)
    fonts = layout.theme.fonts
    body = replace(fonts["body"], faces=(FontFace("fonts/linked.ttf", 400, "normal"),))
    layout = replace(layout, theme=replace(layout.theme, fonts={**fonts, "body": body}))
    with pytest.raises(AfficheError, match=r"refused to load 'file://.*/fonts/linked.ttf': only files inside "
                                           r"fonts/, svg/ of the project may be used"):
        [edition] = localized_editions(content, places, [(layout, ("en",))], datetime(2026, 11, 25, tzinfo=timezone.utc))
        writer_for(layout).write(edition, Variant(layout.theme), project)


# ---------------------------------------------------------------- layouts name no address and no path out

def test_a_font_on_the_web_is_refused_before_any_network_access(project, previous_outputs, no_network):
    theme = project / "layouts" / "themes" / "ircc.yaml"
    replace_in(theme, "regular: lato/Lato-Regular.ttf", "regular: https://example.com/x.ttf")
    message = fails_fast(project, previous_outputs)
    assert message == (f"error: layouts/themes/ircc.yaml:{line_of(theme, 'example.com')}:7: "
                       "fonts.headings.faces.regular: font 'https://example.com/x.ttf' is a web address: fonts are "
                       "read only from the project's fonts/ folder, never downloaded "
                       "(save the font file in fonts/ and give its path there)")
    with pytest.raises(AfficheError, match="is a web address"):  # in process, with the network cut off
        load_layout("handout-letter", project, load_content(project / CONTENT_FILE, project))


@pytest.mark.parametrize("face, expected", [
    ("../../data/handout.yaml", "font '../../data/handout.yaml' is outside fonts/"),
    ("/etc/passwd", "font '/etc/passwd' is outside fonts/"),
    ("linked.ttf", "font 'linked.ttf' is outside fonts/"),
    ('lato/x.ttf"); src: url("file:///etc/passwd',
     "font file name 'lato/x.ttf\"); src: url(\"file:///etc/passwd' has characters other than letters, digits, "
     "spaces and . _ - + / (rename the file)"),
])
def test_a_font_outside_fonts_is_refused(project, previous_outputs, tmp_path_factory, face, expected):
    outside = tmp_path_factory.mktemp("outside") / "font.ttf"
    shutil.copy(project / "fonts" / "lato" / "Lato-Regular.ttf", outside)
    (project / "fonts" / "linked.ttf").symlink_to(outside)
    theme = project / "layouts" / "themes" / "ircc.yaml"
    replace_in(theme, "regular: lato/Lato-Regular.ttf", f"regular: '{face}'")
    message = fails_fast(project, previous_outputs)
    line = line_of(theme, f"regular: '{face}'")
    assert message.startswith(f"error: layouts/themes/ircc.yaml:{line}:7: ")
    assert f"fonts.headings.faces.regular: {expected}" in message, message


def test_a_font_family_name_cannot_break_out_of_the_stylesheet(project, previous_outputs):
    theme = project / "layouts" / "themes" / "ircc.yaml"
    replace_in(theme, "family: Lato", "family: 'Lato\"; } @import url(\"https://example.com/x.css'")
    message = fails_fast(project, previous_outputs)
    line = line_of(theme, "family: 'Lato")
    assert message.startswith(f"error: layouts/themes/ircc.yaml:{line}:5: ")
    assert "fonts.headings.family: font family name 'Lato\"; } @import" in message
    assert "has characters other than letters, digits, spaces, '.' and '-'" in message


@pytest.mark.parametrize("name", ["../../../etc/passwd", "https://example.com/theme", "themes/ircc"])
def test_a_theme_is_a_plain_name(project, previous_outputs, name):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, "theme: ircc", f"theme: '{name}'")
    message = fails_fast(project, previous_outputs, "--layout", "handout-letter")
    assert message == (f"error: layouts/handout-letter.yaml:{line_of(layout, 'theme:')}:1: theme: theme name "
                       f"'{name}' is not a plain name (give the name of a file in layouts/themes/ without folder "
                       "or '.yaml', e.g. ircc)")


def test_a_layout_named_on_the_command_line_is_a_plain_name(project, previous_outputs):
    shutil.copy(project / "layouts" / "handout-letter.yaml", project / "data" / "escape.yaml")
    message = fails_fast(project, previous_outputs, "--layout", "../data/escape")
    assert message.startswith("error: command line: layout name '../data/escape' is not a safe name (use 1 to 64 ")


# ---------------------------------------------------------------- YAML is data, never code

def test_a_python_tag_is_refused(project, previous_outputs):
    content = project / CONTENT_FILE
    replace_in(content, "date: 2026-11-25", "date: !!python/object/apply:os.system ['touch pwned']")
    message = fails_fast(project, previous_outputs)
    assert message == (f"error: data/handout.yaml:{line_of(content, 'date:')}:7: date: unsupported YAML tag "
                       "'!!python/object/apply:os.system' (affiche reads only text, numbers, yes/no, lists and "
                       "mappings) (remove the tag)")
    assert not (project / "pwned").exists() and not (ROOT / "pwned").exists()


def test_a_billion_laughs_alias_bomb_fails_fast(project, previous_outputs):
    layout = project / "layouts" / "handout-letter.yaml"
    levels = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in range(1, 10))
    layout.write_text("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + levels, encoding="utf-8")
    message = fails_fast(project, previous_outputs, "--layout", "handout-letter")
    assert message == ("error: layouts/handout-letter.yaml:4:10: l3[0]: the file's lists pass 2000 items here, "
                       "counting each '*' alias in full (shorten them, or use fewer '*' aliases)")


def test_an_alias_bomb_of_empty_values_fails_fast(project, previous_outputs):
    # No text and no list items, so within the file's budget: the cap on values stops it.
    layout = project / "layouts" / "handout-letter.yaml"
    empty = ", ".join(f"k{k}: " for k in range(10))
    levels = "".join(f"l{n}: &l{n} {{{', '.join(f'k{k}: *l{n - 1}' for k in range(10))}}}\n" for n in range(1, 10))
    layout.write_text(f"l0: &l0 {{{empty}}}\n" + levels, encoding="utf-8")
    message = fails_fast(project, previous_outputs, "--layout", "handout-letter")
    assert re.fullmatch(r"error: layouts/handout-letter.yaml:\d+:\d+: l\d[.\w]*: '\*' aliases expand to more "
                        r"than 20000 values \(write the values out instead of using '&' anchors and '\*' aliases\)",
                        message), message


def test_an_anchor_containing_its_own_alias_fails_fast(project, previous_outputs):
    layout = project / "layouts" / "handout-letter.yaml"
    layout.write_text("loop: &loop [*loop]\n", encoding="utf-8")
    message = fails_fast(project, previous_outputs, "--layout", "handout-letter")
    assert message.startswith("error: layouts/handout-letter.yaml:1:7: loop[0][0]")
    assert message.endswith("'*' aliases nest deeper than 24 levels (does an '&' anchor contain its own alias?) "
                            "(write the values out instead)")


# ---------------------------------------------------------------- absurd values: an error in seconds

@pytest.mark.parametrize("old, new, expected", [
    ("size: letter", "size: [0mm, 279mm]", "page.size[0]: 0.0 mm is outside 50–2000 mm"),
    ("size: letter", "size: [100000mm, 279mm]", "page.size[0]: 100000.0 mm is outside 50–2000 mm"),
    ("base: 9.5pt", "base: 10000pt", "type.base: 10000 pt is outside 4–300 pt"),
    ("base: 9.5pt", "base: 0pt", "type.base: 0 pt is outside 4–300 pt"),
    ("base: 9.5pt", "base: -9.5", "type.base: -9.5 pt is outside 4–300 pt"),
    ("base: 9.5pt", "base: -9.5pt", "type.base: expected a length such as 12mm, 0.5in or 9pt, got '-9.5pt'"),
    ("base: 9.5pt", "base: 60pt", "type.base: 60 pt fits only 4.1 ems on a 87 mm line (at least 12 are needed)"),
    ("title: 24pt", "title: 300pt", "type.title: 300 pt fits only 1.7 ems on a 182 mm line"),
    ("leading: 1.4", "leading: 50", "type.leading: leading must be a number from 1.0 to 3.0, got 50"),
    ("[16mm, 17mm, 18mm, 17mm]", "[300mm, 17mm, 18mm, 17mm]", "page.margins[0]: 300.0 mm is outside 0–71.9667 mm"),
    ("columns: 2", "columns: 0", "columns: columns must be a whole number from 1 to 4, got 0"),
    ("columns: 2", "columns: 1000", "columns: columns must be a whole number from 1 to 4, got 1000"),
    ("columns: 2\ncolumn-gap: 7mm", "columns: 4\ncolumn-gap: 50mm",
     "type.heading: 12.5 pt fits only 1.8 ems on a 8 mm line (at least 12 are needed)"),
    ("size: letter\n  margins: [16mm, 17mm, 18mm, 17mm]   # top, right, bottom, left\ncolumns: 2\ncolumn-gap: 7mm",
     "size: [100mm, 279mm]\n  margins: [16mm, 30mm, 18mm, 30mm]\ncolumns: 4\ncolumn-gap: 20mm",
     "column-gap: 4 columns with 20 mm gaps do not fit in the 40 mm between the margins"),
    ("columns: 2", "columns: 1" + "1" * 5000, "columns: the number 11111111111111111111… is too long"),
])
def test_absurd_handout_layout_values(project, previous_outputs, old, new, expected):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, old, new)
    message = fails_fast(project, previous_outputs, "--layout", "handout-letter")
    assert re.match(r"error: layouts/handout-letter.yaml:\d+:\d+: ", message), message
    assert expected in message, message


@pytest.mark.parametrize("old, new, expected", [
    ("{height: 33mm, blocks: [intro]}", "{height: 0mm, blocks: [intro]}",
     "rows[1].height: 0.0 mm is outside 1–3000 mm"),
    ("{height: 33mm, blocks: [intro]}", "{height: 100000mm, blocks: [intro]}",
     "rows[1].height: 100000.0 mm is outside 1–3000 mm"),
    ("{height: 33mm, blocks: [intro]}", "{height: 2900mm, blocks: [intro]}",
     "rows[0]: the rows are 2808.2 mm taller than the page allows"),
    ("{height: 33mm, blocks: [intro]}", "{height: 40mm, blocks: [intro], widths: [0]}",
     "rows[1].widths: expected 1 positive numbers, got [0]"),
])
def test_absurd_poster_rows(project, previous_outputs, old, new, expected):
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, old, new)
    message = fails_fast(project, previous_outputs, "--layout", "poster-tabloid")
    assert re.match(r"error: layouts/poster-tabloid.yaml:\d+:\d+: ", message), message
    assert expected in message, message


def bullets(count: int) -> str:
    return "".join("      - {fr: puce, en: bullet}\n" for _ in range(count))


def nested_bullets(depth: int) -> str:
    return "".join(f"{'  ' * (3 + 2 * level)}- fr: puce\n{'  ' * (4 + 2 * level)}en: bullet\n"
                   f"{'  ' * (4 + 2 * level)}bullets:\n" for level in range(depth)) + \
        f"{'  ' * (3 + 2 * depth)}- {{fr: puce, en: bullet}}\n"


@pytest.mark.parametrize("make, expected", [
    (lambda: bullets(1_000_000), r"data/handout.yaml: file is \d+ bytes, over the 2000000 byte limit"),
    (lambda: bullets(600), r"data/handout.yaml:\d+:\d+: sections\[0\].bullets: 6\d\d items, more than the 500"),
    (lambda: f"      - fr: {'x' * 10_000_000}\n        en: x\n",
     r"data/handout.yaml: file is \d+ bytes, over the 2000000 byte limit"),
    (lambda: f"      - fr: {'mot ' * 1500}fin\n        en: x\n",
     r"data/handout.yaml:\d+:\d+: sections\[0\].bullets\[0\].fr: 6003 characters, more than the 5000 allowed"),
    (lambda: nested_bullets(100), r"data/handout.yaml:\d+:\d+: nested more than 24 levels deep"),
    (lambda: nested_bullets(4), r"data/handout.yaml:\d+:\d+: sections\[0\]\.bullets(\[0\]\.bullets){3}: "
                                r"bullets nested deeper than 3 levels"),
])
def test_absurd_content(project, previous_outputs, make, expected):
    content = project / CONTENT_FILE
    text = content.read_text(encoding="utf-8")
    first_bullets = text.index("\n    bullets:\n") + len("\n    bullets:\n")
    content.write_text(text[:first_bullets] + make() + text[first_bullets:], encoding="utf-8")
    message = fails_fast(project, previous_outputs)
    assert re.match(f"error: {expected}", message), message


def test_a_200_mb_data_file_is_refused_before_reading(project, previous_outputs):
    with open(project / "data" / "map.yaml", "r+b") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: no disk used, but 200 MB to anyone reading it
    message = fails_fast(project, previous_outputs)
    assert message == ("error: data/map.yaml: file is 209715200 bytes, over the 2000000 byte limit "
                       "(split or shorten it)")


def test_a_data_file_that_never_ends_is_refused(project, previous_outputs):
    (project / "data" / "map.yaml").unlink()
    os.mkfifo(project / "data" / "map.yaml")  # reading it would wait forever
    message = fails_fast(project, previous_outputs)
    assert message == "error: data/map.yaml: not a regular file but a named pipe (replace it with a file, or remove it)"
