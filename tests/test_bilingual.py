"""The bilingual editions read back: side by side in step, the tête-bêche booklet bound and turned,
the poster in both languages, and the `bilingual:` key's mistakes located."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from affiche.load.content import CONTENT_FILE
from affiche.pipeline.build import build
from affiche.checks.language_id import identify
from affiche.localize.inline import plain
from affiche.load.content import load_content
from affiche.load.places import load_map_content
from affiche.localize.document import localize
from affiche.localize.places import localize_map
from affiche.outputs.handout.tete_beche import blank_pages_needed, blank_pages_note

from pdfread import page_texts, squash
from scratch import line_of, replace_in, run_cli
from structure import elements, headings, outline

ROOT = Path(__file__).resolve().parent.parent
SIDE_BY_SIDE = "handout-letter-side-by-side-bilingual.pdf"
TETE_BECHE = "booklet-letter-tete-beche.pdf"
POSTER = "poster-24x36-stacked-bilingual"
CONTENT = load_content(ROOT / CONTENT_FILE, ROOT)
PLACES = load_map_content(ROOT)
DOCS = {lang: localize(CONTENT, lang) for lang in ("fr", "en")}
WORLDS = {lang: localize_map(PLACES, CONTENT, lang) for lang in ("fr", "en")}
TAGS = {"fr": "fr-CA", "en": "en-CA"}
SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def unit_headings(lang: str) -> list[str]:
    """The heading of each unit the side-by-side layout sets as a row, in its order."""
    doc = DOCS[lang]
    found = [doc.title]
    for name in ("why-capacity-building", "why-engagement", "imcbp", "grsi", "forums"):
        section = doc.sections[name]
        found += [plain(section.heading)] + [plain(child.heading) for child in section.sections]
    return found + [doc.labels["online"], WORLDS[lang].title, doc.legend_title, doc.labels["contact"]]


def heading_positions(path: Path, lang_order: tuple[str, str]) -> dict[str, list[tuple[int, float, float]]]:
    """(page, top, x0) of the first line of each unit heading, per language, found in each half of
    the page in turn (both halves' lines share a height, so each half is read on its own)."""
    positions = {}
    with pdfplumber.open(path) as pdf:
        for side, lang in enumerate(lang_order):
            lines = []
            for number, page in enumerate(pdf.pages):
                half = page.crop((side * page.width / 2, 0, (side + 1) * page.width / 2, page.height))
                lines += [(number, line["top"], line["x0"], squash(line["text"]))
                          for line in half.extract_text_lines()]
            found, start = [], 0
            for heading in unit_headings(lang):
                wanted = squash(heading)
                index = next(i for i in range(start, len(lines))
                             if len(lines[i][3]) >= min(10, len(wanted)) and wanted.startswith(lines[i][3]))
                found.append(lines[index][:3])
                start = index + 1
            positions[lang] = found
    return positions


# ---------------------------------------------------------------- side by side

def test_each_unit_starts_level_with_its_twin_first_language_on_the_left(built):
    positions = heading_positions(built[SIDE_BY_SIDE], ("fr", "en"))
    with pdfplumber.open(built[SIDE_BY_SIDE]) as pdf:
        middle = pdf.pages[0].width / 2
        assert len(pdf.pages) >= 3
    pages = set()
    for (fr_page, fr_top, fr_x), (en_page, en_top, en_x), heading in zip(
            positions["fr"], positions["en"], unit_headings("fr"), strict=True):
        assert fr_page == en_page and fr_top == pytest.approx(en_top, abs=0.5), heading
        assert fr_x < middle < en_x, heading
        pages.add(fr_page)
    assert len(pages) >= 3  # the check holds on every page the units start on, not one page


def test_rows_broken_across_pages_keep_both_halves_in_step(project, tmp_path):
    """With larger type, sections break across pages: each still starts level with its twin, and
    where both halves of a row run on, both carry on from the top of the next page."""
    replace_in(project / "layouts" / "handout-letter-side-by-side.yaml", "  base: 8.5pt\n", "  base: 12pt\n")
    build(project, tmp_path, ["handout-letter-side-by-side"])
    path = tmp_path / SIDE_BY_SIDE
    positions = heading_positions(path, ("fr", "en"))
    for (fr_page, fr_top, _), (en_page, en_top, _) in zip(positions["fr"], positions["en"], strict=True):
        assert fr_page == en_page and fr_top == pytest.approx(en_top, abs=0.5)
    starts = {squash(heading)[:10] for lang in ("fr", "en") for heading in unit_headings(lang)}
    continued = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[1:]:
            first_lines = []
            for side in (0, 1):
                half = page.crop((side * page.width / 2, 0, (side + 1) * page.width / 2, page.height))
                first_lines.append(half.extract_text_lines()[0])
            if not any(squash(line["text"])[:10] in starts for line in first_lines):
                continued += 1
                assert first_lines[0]["top"] == pytest.approx(first_lines[1]["top"], abs=0.5), page.page_number
    assert continued >= 1  # a row did break with text left on both sides


def test_the_tagged_pdf_reads_each_section_in_one_language_then_the_other(built):
    with pikepdf.open(built[SIDE_BY_SIDE]) as pdf:
        assert str(pdf.Root.Lang) == "fr-CA"
        found = elements(pdf)
    halves = [element.lang for element in found if element.role == "Div" and element.lang]
    assert halves == ["fr-CA", "en-CA"] * (len(halves) // 2) and len(halves) >= 2 * 12
    order = [(element.language, squash(element.text)) for element in headings(found)]
    expected = [(TAGS[lang], squash(heading)) for pair in zip(unit_headings("fr"), unit_headings("en"))
                for lang, heading in zip(("fr", "en"), pair) if heading != WORLDS[lang].title]
    assert order == expected


def test_the_map_is_one_figure_described_in_both_languages(built):
    with pikepdf.open(built[SIDE_BY_SIDE]) as pdf:
        figures = [element for element in elements(pdf) if element.role == "Figure"]
    assert len(figures) == 1
    assert figures[0].alt == f"{WORLDS['fr'].description} / {WORLDS['en'].description}"


def test_first_en_puts_english_on_the_left_and_first_in_reading_order(project, tmp_path):
    layout = project / "layouts" / "handout-letter-side-by-side.yaml"
    replace_in(layout, "first: fr}", "first: en}")
    outputs = build(project, tmp_path, ["handout-letter-side-by-side"])
    screen = next(output.path for output in outputs if output.path.name == SIDE_BY_SIDE)
    positions = heading_positions(screen, ("en", "fr"))
    with pdfplumber.open(screen) as pdf:
        middle = pdf.pages[0].width / 2
    assert all(en[2] < middle < fr[2] and en[:2] == pytest.approx(fr[:2], abs=0.5)
               for en, fr in zip(positions["en"], positions["fr"], strict=True))
    with pikepdf.open(screen) as pdf:
        assert str(pdf.Root.Lang) == "en-CA"
        assert [h.language for h in headings(elements(pdf))][:4] == ["en-CA", "fr-CA", "en-CA", "fr-CA"]


# ---------------------------------------------------------------- tête-bêche

def page_turns(path: Path) -> list[bool]:
    """For each page: is its text drawn upside down (every character's matrix turned 180°)?"""
    turns = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            matrices = {(char["matrix"][0] < 0, char["matrix"][3] < 0) for char in page.chars}
            assert matrices <= {(True, True), (False, False)} and len(matrices) == 1, page.page_number
            turns.append(matrices == {(True, True)})
    return turns


@pytest.mark.parametrize("name", [TETE_BECHE, TETE_BECHE.replace(".pdf", "-print.pdf")])
def test_booklet_pages_come_in_fours_with_the_back_half_turned_by_its_content(built, name):
    turns = page_turns(built[name])
    assert len(turns) % 4 == 0
    front = turns.index(True)
    assert front >= 2 and not any(turns[:front]) and all(turns[front:])
    with pikepdf.open(built[name]) as pdf:
        assert all(int(page.obj.get("/Rotate", 0)) == 0 for page in pdf.pages)  # drawn turned, not /Rotate


def test_each_cover_carries_its_title_and_each_half_its_language(built):
    texts = page_texts(built[TETE_BECHE])
    turns = page_turns(built[TETE_BECHE])
    assert squash(DOCS["fr"].title) in squash(texts[0]) and squash(DOCS["fr"].author.upper()) in squash(texts[0])
    assert squash(DOCS["en"].title) in squash(texts[-1]) and squash(DOCS["en"].author.upper()) in squash(texts[-1])
    for number, (text, turned) in enumerate(zip(texts, turns), start=1):
        language = max(identify(text).items(), key=lambda item: item[1])[0]
        assert language == ("en" if turned else "fr"), number


def test_the_structure_reads_each_half_from_its_cover(built):
    with pikepdf.open(built[TETE_BECHE]) as pdf:
        last = len(pdf.pages) - 1
        found = elements(pdf)
        bookmarks = outline(pdf)
    top = [element for element in found if element.depth == 1]
    french = [element.page for element in top if element.language == "fr-CA"]
    english = [element.page for element in top if element.language == "en-CA"]
    assert top[:len(french)] == [element for element in top if element.language == "fr-CA"]
    assert french[0] == 0 and french == sorted(french)
    assert english[0] == last and english == sorted(english, reverse=True)
    assert all(element.lang == "en-CA" for element in top if element.language == "en-CA")
    titles = [squash(element.text) for element in headings(found) if element.role == "H1"]
    assert titles == [squash(DOCS["fr"].title), squash(DOCS["en"].title)]
    assert [squash(title) for level, title in bookmarks if level == 1] == titles


def test_blank_pages_fill_the_middle_and_the_build_line_says_how_many(project, tmp_path):
    layout = project / "layouts" / "booklet-letter.yaml"
    replace_in(layout, "columns: 2\n", "columns: 1\n")
    replace_in(layout, "  base: 9.5pt\n", "  base: 11pt\n")  # five French pages and four English ones
    result = run_cli(project, "build", "--layout", "booklet-letter", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.search(rf"{TETE_BECHE}\s+12 pages\s+\d+ KB\s+3 blank pages added", result.stdout), result.stdout
    texts = page_texts(tmp_path / TETE_BECHE)
    assert [bool(text.strip()) for text in texts] == [True] * 5 + [False] * 3 + [True] * 4


def test_blank_pages_needed_rounds_up_to_whole_sheets():
    assert [blank_pages_needed(first, 4) for first in (4, 5, 6, 7)] == [0, 3, 2, 1]
    assert [blank_pages_note(count) for count in (0, 1, 2)] == [
        "no blank page needed", "1 blank page added", "2 blank pages added"]


# ---------------------------------------------------------------- the poster

def english_and_french_text(svg: ET.Element) -> tuple[str, str]:
    """The poster's visible text: what lies inside groups marked English, and the rest."""
    english, other = [], []

    def walk(node, in_english):
        in_english = in_english or node.get(XML_LANG) == "en-CA"
        if node.tag == f"{SVG}text":
            (english if in_english else other).append("".join(node.itertext()))
            return
        for child in node:
            walk(child, in_english)
    walk(svg.find(f"{SVG}g[@id='text']"), False)
    walk(svg.find(f"{SVG}g[@id='legend']"), False)
    return squash(" ".join(english)), squash(" ".join(other))


def test_poster_has_both_titles_and_descriptions_each_marked_with_its_language(built):
    svg = ET.parse(built[f"{POSTER}.svg"]).getroot()
    assert svg.get(XML_LANG) == "fr-CA"
    assert [(title.get(XML_LANG), title.text) for title in svg.findall(f"{SVG}title")] == [
        (None, DOCS["fr"].title), ("en-CA", DOCS["en"].title)]
    assert [(desc.get(XML_LANG), desc.text) for desc in svg.findall(f"{SVG}desc")] == [
        (None, WORLDS["fr"].description), ("en-CA", WORLDS["en"].description)]


def test_poster_sets_every_text_in_both_languages_the_english_marked(built):
    english, french = english_and_french_text(ET.parse(built[f"{POSTER}.svg"]).getroot())
    for lang, text, other in (("fr", french, english), ("en", english, french)):
        doc = DOCS[lang]
        card = doc.sections["forums"].sections[0]
        for expected in (doc.title, doc.legend_title, plain(doc.intro[0]), plain(card.heading)):
            assert squash(expected) in text and squash(expected) not in other, (lang, expected)


def test_poster_legend_labels_each_swatch_in_both_languages(built):
    svg = ET.parse(built[f"{POSTER}.svg"]).getroot()
    legend = svg.find(f"{SVG}g[@id='legend']")
    markers = [text.text for text in legend.iter(f"{SVG}text") if text.get("class") == "marker"]
    assert markers == ["\u25cf"] * 3 + ["\u25aa"]
    english, french = english_and_french_text(svg)
    for fr_entry, en_entry in zip(WORLDS["fr"].categories, WORLDS["en"].categories, strict=True):
        assert squash(plain(fr_entry.label))[:30] in french and squash(plain(en_entry.label))[:30] in english


def test_poster_pdf_and_preview_are_built_titled_in_both_languages(built):
    with pikepdf.open(built[f"{POSTER}.pdf"]) as pdf:
        assert str(pdf.docinfo.Title) == f"{DOCS['fr'].title} / {DOCS['en'].title}"
    assert built[f"{POSTER}.png"].read_bytes().startswith(b"\x89PNG")
    assert f"{POSTER}-print.pdf" in built


# ---------------------------------------------------------------- the bilingual: key

@pytest.mark.parametrize("layout, old, new, key, message", [
    ("handout-letter-side-by-side", "format: side-by-side", "format: booklet", "bilingual.format",
     "unknown bilingual format 'booklet' (use one of: side-by-side, tete-beche)"),
    ("handout-letter-side-by-side", "first: fr", "first: de", "bilingual.first", "unknown language 'de'"),
    ("handout-letter-side-by-side", "column-gap: 8mm", "columns: 2\ncolumn-gap: 8mm", "columns",
     "a side-by-side layout sets French and English in its two columns"),
    ("booklet-letter", "footer: true", "languages: [fr]\nfooter: true", "languages",
     "a bilingual layout always holds both languages"),
    ("poster-24x36-stacked", "format: stacked", "format: side-by-side", "bilingual.format",
     "(use one of: stacked)"),
])
def test_bilingual_key_mistakes_are_located_and_explained(project, layout, old, new, key, message):
    path = project / "layouts" / f"{layout}.yaml"
    replace_in(path, old, new)
    result = run_cli(project, "build", "--layout", layout)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [text for text in result.stderr.splitlines() if text.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: layouts/{layout}.yaml:{line_of(path, new.splitlines()[0])}:"), errors[0]
    assert f": {key}: " in errors[0] and message in errors[0], errors[0]
    assert not (project / "output").exists()
