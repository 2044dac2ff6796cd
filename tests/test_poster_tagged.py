"""Every poster PDF, screen and print, is tagged as the handouts are, and shows what its SVG master
shows: the structure tree read back, the text layer read back, the whole seed text on every poster,
and the SVG and the PDF rasterised side by side."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from affiche.localize.inline import plain
from affiche.pipeline import fontconfig

from pdfread import full_text, squash
from structure import elements, headings
from test_accessibility import DOCS, LAYOUTS, TAGS, TEXTS, WORLDS, bullet_count
from test_handout_pdf import seed_units, units_in

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def poster_editions() -> dict[str, tuple[str, ...]]:
    """Every poster edition's file stem -> the languages it holds, the poster's first."""
    found = {}
    for name, layout in LAYOUTS.items():
        if layout.document == "poster":
            editions = ({layout.bilingual.edition: layout.bilingual.languages} if layout.bilingual
                        else {lang: (lang,) for lang in layout.languages})
            found.update({f"{name}-{edition}": languages for edition, languages in editions.items()})
    return found


EDITIONS = poster_editions()
POSTER_PDFS = {f"{stem}{suffix}.pdf": (stem, languages) for stem, languages in EDITIONS.items()
               for suffix in ("", "-print")}


@pytest.fixture(scope="module")
def trees(built):
    read = {}
    for name in POSTER_PDFS:
        with pikepdf.open(built[name]) as pdf:
            read[name] = (elements(pdf), str(pdf.Root.Lang), bool(pdf.Root.MarkInfo.Marked),
                          bool(pdf.Root.ViewerPreferences.DisplayDocTitle), pdf.open_metadata().get("pdfuaid:part"),
                          str(pdf.docinfo.get("/GTS_PDFXVersion", "")))
    return read


def layout_of(stem: str):
    return LAYOUTS[next(name for name in LAYOUTS if stem.startswith(name + "-") and
                        stem.removeprefix(name + "-") in ("fr", "en", "bilingual"))]


def blocks_in_reading_order(stem: str) -> list[str]:
    """The layout's blocks as a screen reader should meet them: title, intro, map, legend, the
    sections in the layout's order, contact, the online version."""
    order = ("title", "intro", "map", "legend", None, "contact", "online")
    names = [name for row in layout_of(stem).rows for cell in row.cells for name in cell.blocks]
    return sorted(names, key=lambda name: order.index(name if name in order else None))


def expected_headings(stem: str, lang: str) -> list[tuple[int, str]]:
    doc, levels = DOCS[lang], []
    placed = blocks_in_reading_order(stem)
    for name in placed:
        if name == "title":
            levels.append((1, doc.title))
        elif name == "legend":
            levels.append((2, doc.legend_title))
        elif name in ("contact", "online"):
            levels.append((2, doc.labels[name]))
        elif name in doc.sections:
            levels.append((2, plain(doc.sections[name].heading)))
        elif name not in ("intro", "map"):
            group = next(section for section in doc.sections.values() if name in
                         [child.id for child in section.sections])
            card = next(child for child in group.sections if child.id == name)
            levels.append((3 if group.id in placed else 2, plain(card.heading)))
    return levels


@pytest.mark.parametrize("name", POSTER_PDFS)
def test_every_poster_pdf_is_tagged_in_its_language_and_titled(trees, name):
    found, lang, marked, display_title, ua_part, pdfx = trees[name]
    stem, languages = POSTER_PDFS[name]
    assert (lang, marked, display_title) == (TAGS[languages[0]], True, True)
    assert {"Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure"} <= {element.role for element in found}
    if name.endswith("-print.pdf"):  # WeasyPrint takes one variant at a time: the print PDF stays PDF/X-4
        assert (pdfx, ua_part) == ("PDF/X-4", None)
    else:
        assert (pdfx, ua_part) == ("", "1")


@pytest.mark.parametrize("name", POSTER_PDFS)
def test_headings_come_in_reading_order_title_intro_map_legend_blocks_contact(trees, name):
    found = trees[name][0]
    stem, languages = POSTER_PDFS[name]
    # Each block's heading in the first language, then (stacked) in the second.
    expected = [(level, lang, squash(text)) for pair in zip(*(expected_headings(stem, lang) for lang in languages))
                for lang, (level, text) in zip(languages, pair)]
    got = [(int(element.role[1]), element.language, squash(element.text)) for element in headings(found)]
    assert got == [(level, TAGS[lang], text) for level, lang, text in expected]
    levels = [level for level, _, _ in got]
    assert levels[0] == 1 and all(level <= previous + 1 for previous, level in zip(levels, levels[1:]))
    roles = [element.role for element in found if element.role in ("H1", "Figure", "H2")]
    assert roles.index("H1") < roles.index("Figure") < roles.index("H2")  # the map: after the title, before the legend
    intro = next(element for element in found if element.role == "P" and squash(plain(DOCS[languages[0]].intro[0]))
                 [:40] in squash(element.text))
    assert found.index(intro) < found.index(next(element for element in found if element.role == "Figure"))


@pytest.mark.parametrize("name", POSTER_PDFS)
def test_the_map_is_a_figure_with_the_handouts_alternative_text(trees, name):
    figures = [element for element in trees[name][0] if element.role == "Figure"]
    languages = POSTER_PDFS[name][1]
    assert [figure.alt for figure in figures] == [" / ".join(WORLDS[lang].description for lang in languages)]


@pytest.mark.parametrize("name", POSTER_PDFS)
def test_bullets_and_the_legend_are_lists_of_items_with_their_markers(trees, name):
    found = trees[name][0]
    languages = POSTER_PDFS[name][1]
    labels = [element for element in found if element.role == "Lbl"]
    per_language = bullet_count(tuple(DOCS["fr"].sections.values())) + len(DOCS["fr"].legend) + 1
    # The stacked legend is one list, each item labelled in both languages.
    assert len(labels) == per_language * len(languages) - (len(DOCS["fr"].legend) + 1) * (len(languages) - 1)
    assert {element.text.strip() for element in labels} <= {"\u25aa\u2002", "\u25cf\u2002", "\u25aa", "\u25cf"}


@pytest.mark.parametrize("name", POSTER_PDFS)
def test_every_passage_is_marked_with_the_language_it_is_in(trees, name):
    checked = 0
    # A stacked legend item's body holds its label in both languages, the second in a P of its own.
    roles = ("P", "H1", "H2", "H3") + (("LBody",) if len(POSTER_PDFS[name][1]) == 1 else ())
    for element in trees[name][0]:
        text = squash(element.text)
        if element.role in roles and len(text) >= 25:
            assert text.casefold() in TEXTS[element.language].casefold(), (element.role, element.language, text)
            checked += 1
    assert checked >= 18 * len(POSTER_PDFS[name][1])


# ---------------------------------------------------------------- the text, in the SVG and the PDF

def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join("".join(text.itertext()) for text in root.iter(f"{SVG}text") if text.get("class") != "marker")


@pytest.mark.parametrize("stem", EDITIONS)
def test_every_poster_carries_the_whole_text_in_its_svg_and_its_pdf(built, stem):
    languages = EDITIONS[stem]
    for kind, text in (("svg", svg_text(built[f"{stem}.svg"])), ("pdf", full_text(built[f"{stem}.pdf"]))):
        squashed = squash(text)
        if "fr" in languages:
            assert [unit for unit in seed_units() if squash(unit) not in squashed] == [], kind
        for lang in languages:
            assert [unit for unit in units_in(lang, ROOT) if squash(unit) not in squashed] == [], (kind, lang)
            assert squash(DOCS[lang].online) in squashed


@pytest.mark.parametrize("stem", [stem for stem, languages in EDITIONS.items() if "fr" in languages])
def test_the_pdf_text_layer_gives_back_french_spaces_and_guillemets_as_typed(built, stem):
    text = full_text(built[f"{stem}.pdf"]).replace("\n", " ")
    for typed in ("capacités\u202f?", "ce qui suit\u00a0:", "«\u00a0Groupe des cinq\u00a0»", "300\u202f000\u00a0$",
                  "21\u00a0millions de dollars"):
        assert typed in text, typed


@pytest.mark.parametrize("stem", [stem for stem, languages in EDITIONS.items() if "fr" in languages])
def test_words_break_at_hyphenation_points_of_their_language(built, stem):
    svg = ET.parse(built[f"{stem}.svg"]).getroot()
    lines = ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    broken = [(line, after) for line, after in zip(lines, lines[1:]) if line.endswith("\u2010")]
    assert broken, "no word is hyphenated"
    words = set(re.findall(r"[^\W\d_]+", " ".join(units_in("fr", ROOT) + units_in("en", ROOT))))
    for line, after in broken:  # the two pieces make a word of the content, cut at a pyphen point
        word = re.findall(r"[^\W\d_]+", line)[-1] + re.findall(r"[^\W\d_]+", after)[0]
        assert word in words, (line, after)


def test_the_tracked_department_line_is_measured_with_its_letter_spacing(built):
    svg = ET.parse(built["poster-tabloid-fr.svg"]).getroot()
    department = next(text for text in svg.iter(f"{SVG}text") if text.get("letter-spacing"))
    assert "".join(department.itertext()) == DOCS["fr"].author.upper()
    with pikepdf.open(built["poster-tabloid-fr.pdf"]) as pdf:
        line = next(element for element in elements(pdf) if element.role == "P"
                    and squash(element.text) == squash(DOCS["fr"].author.upper()))
    assert line  # set as one line in the PDF as in the SVG: its measure counted the spacing


# ---------------------------------------------------------------- one poster, three files

def rasterised(path: Path, size: tuple[int, int], target: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-scale-to-x", str(size[0]), "-scale-to-y", str(size[1]), "-gray",
                    "-singlefile", str(path), str(target)], check=True, timeout=120)
    return Image.open(f"{target}.pgm").convert("L")


def svg_drawn_by_cairo(svg: Path, target: Path) -> Path:
    """The SVG master drawn by cairosvg (with the project's fonts) as vectors. cairo's image surfaces
    round every glyph's advance to whole pixels, which moves letters by more than anti-aliasing does;
    so both files are rasterised by poppler, the SVG as cairo drew it."""
    config = fontconfig.isolate(ROOT / "fonts")
    script = "import sys, cairosvg; cairosvg.svg2pdf(url=sys.argv[1], write_to=sys.argv[2])"
    subprocess.run([sys.executable, "-c", script, str(svg), str(target)], check=True, timeout=120,
                   env={**os.environ, "FONTCONFIG_FILE": str(config)})
    return target


@pytest.mark.parametrize("stem", ["poster-tabloid-fr", "poster-24x36-en", "poster-24x36-stacked-bilingual"])
def test_the_svg_the_pdf_and_the_png_show_the_same_poster(built, tmp_path, stem):
    png = Image.open(built[f"{stem}.png"]).convert("L")
    size = (png.width * 2, png.height * 2)
    pdf = rasterised(built[f"{stem}.pdf"], size, tmp_path / "pdf")
    svg = rasterised(svg_drawn_by_cairo(built[f"{stem}.svg"], tmp_path / "svg.pdf"), size, tmp_path / "svg")
    difference = ImageChops.difference(pdf, svg)
    histogram = difference.histogram()
    assert sum(histogram[64:]) / sum(histogram) < 0.004  # edges of letters and shapes, a pixel wide
    # Averaged over 4 × 4 pixels anti-aliasing vanishes; a moved word, a missing line or panel would not.
    assert ImageChops.difference(pdf.reduce(4), svg.reduce(4)).getextrema()[1] < 96
    # The preview is the PDF's page as pdfium draws it: the same poster, by another rasteriser.
    preview = ImageChops.difference(pdf.resize(png.size, Image.Resampling.BOX).reduce(4), png.reduce(4))
    assert preview.getextrema()[1] < 96


@pytest.mark.parametrize("stem", [stem for stem, languages in EDITIONS.items() if len(languages) == 2])
def test_the_stacked_svg_marks_its_second_language_and_describes_itself_in_both(built, stem):
    svg = ET.parse(built[f"{stem}.svg"]).getroot()
    assert svg.get(XML_LANG) == "fr-CA"
    english = [group for group in svg.iter(f"{SVG}g") if group.get(XML_LANG) == "en-CA"]
    assert len(english) >= 15
    text = squash(" ".join("".join(group.itertext()) for group in english))
    assert squash(DOCS["en"].title) in text and squash(DOCS["fr"].title) not in text
    assert [desc.get(XML_LANG) for desc in svg.findall(f"{SVG}desc")] == [None, "en-CA"]
