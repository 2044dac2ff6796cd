"""Every handout PDF, screen and print, one language or both, is tagged for assistive technology:
its structure, headings in order, lists, the map's alternative text, the language of each
passage, and bookmarks that are its headings."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from affiche.load.content import CONTENT_FILE
from affiche.localize.inline import plain
from affiche.load.content import load_content
from affiche.load.layouts import layout_names, load_layout
from affiche.load.places import load_map_content
from affiche.localize.document import LocalSection, localize
from affiche.localize.places import localize_map

from pdfread import squash
from structure import Element, elements, headings, outline

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / CONTENT_FILE, ROOT)
PLACES = load_map_content(ROOT)
DOCS = {lang: localize(CONTENT, lang) for lang in ("fr", "en")}
WORLDS = {lang: localize_map(PLACES, CONTENT, lang) for lang in ("fr", "en")}
TAGS = {"fr": "fr-CA", "en": "en-CA"}
LAYOUTS = {name: load_layout(name, ROOT, CONTENT) for name in layout_names(ROOT)}


def handout_pdfs() -> dict[str, tuple[str, ...]]:
    """Every handout PDF the layouts make -> the languages it holds, the document's first."""
    files = {}
    for name, layout in LAYOUTS.items():
        if layout.document != "handout":
            continue
        editions = ({layout.bilingual.edition: layout.bilingual.languages} if layout.bilingual
                    else {lang: (lang,) for lang in layout.languages})
        for edition, languages in editions.items():
            for suffix in ("", "-print") if layout.print_spec else ("",):
                files[f"{name}-{edition}{suffix}.pdf"] = languages
    return files


HANDOUTS = handout_pdfs()


@dataclass(frozen=True)
class Tagged:
    elements: list[Element]
    catalogue: dict  # its /Lang, whether it is marked as tagged, whether viewers show its title
    bookmarks: list[tuple[int, str]]
    ua_part: str | None  # XMP pdfuaid:part
    pdfx: str  # Info GTS_PDFXVersion
    annotation_references: int  # /OBJR objects in the file


@pytest.fixture(scope="module")
def trees(built) -> dict[str, Tagged]:
    """What each handout PDF tells assistive technology, read once."""
    read = {}
    for name in HANDOUTS:
        with pikepdf.open(built[name]) as pdf:
            catalogue = {"lang": str(pdf.Root.get("/Lang", "")), "marked": bool(pdf.Root.MarkInfo.Marked),
                         "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle)}
            references = sum(isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/OBJR"
                             for obj in pdf.objects)
            read[name] = Tagged(elements(pdf), catalogue, outline(pdf), pdf.open_metadata().get("pdfuaid:part"),
                                str(pdf.docinfo.get("/GTS_PDFXVersion", "")), references)
    return read


def bullet_count(sections: tuple[LocalSection, ...]) -> int:
    def count(bullets):
        return sum(1 + count(bullet.bullets) for bullet in bullets)
    return sum(count(section.bullets) + bullet_count(section.sections) for section in sections)


def all_text(lang: str) -> str:
    """Every text of the document and its map in one language, squashed."""
    doc, world = DOCS[lang], WORLDS[lang]
    parts = [doc.title, doc.author, doc.subject, world.title, f"{world.home} — {world.home_note}", doc.legend_title,
             doc.online,
             *doc.labels.values(), plain(doc.contact), *(plain(entry.label) for entry in doc.legend),
             *(plain(paragraph) for paragraph in doc.intro)]

    def section_text(section):
        yield plain(section.heading)
        if section.subtitle:
            yield plain(section.subtitle)
        yield from (plain(paragraph) for paragraph in section.paragraphs)
        bullets = list(section.bullets)
        while bullets:
            bullet = bullets.pop()
            bullets += bullet.bullets
            yield plain(bullet.text)
        for child in section.sections:
            yield from section_text(child)
    for section in doc.sections.values():
        parts += section_text(section)
    return squash(" ".join(parts))


TEXTS = {TAGS[lang]: all_text(lang) for lang in ("fr", "en")}


@pytest.mark.parametrize("name", HANDOUTS)
def test_every_handout_pdf_is_tagged_in_its_first_language(trees, name):
    found, catalogue = trees[name].elements, trees[name].catalogue
    assert catalogue == {"lang": TAGS[HANDOUTS[name][0]], "marked": True, "display_title": True}
    roles = {element.role for element in found}
    assert {"Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Figure", "Caption", "Link"} <= roles


@pytest.mark.parametrize("name", HANDOUTS)
def test_headings_go_down_one_level_at_a_time(trees, name):
    levels = [int(element.role[1]) for element in headings(trees[name].elements)]
    assert levels[0] == 1 and levels.count(1) == len(HANDOUTS[name])  # one title per language
    assert all(level <= previous + 1 for previous, level in zip(levels, levels[1:]))
    assert set(levels) == {1, 2, 3}


@pytest.mark.parametrize("name", HANDOUTS)
def test_every_bullet_is_a_list_item_with_its_marker(trees, name):
    found = trees[name].elements
    items = [element for element in found if element.role == "LI"]
    labels = [element for element in found if element.role == "Lbl"]
    # Each bullet of the content and each legend line, once per language (an item that runs on
    # to another column or page continues without a second marker).
    per_language = bullet_count(tuple(DOCS["fr"].sections.values())) + len(DOCS["fr"].legend) + 1
    assert len(labels) == per_language * len(HANDOUTS[name])
    assert len(items) >= len(labels)
    for index, element in enumerate(found):
        if element.role == "LI":
            children = []
            for child in found[index + 1:]:
                if child.depth <= element.depth:
                    break
                if child.depth == element.depth + 1:
                    children.append(child.role)
            # An empty LI is what WeasyPrint leaves of an item whose own text ended on the page
            # before, its nested list running on to the next.
            assert not children or "LBody" in children[:2]


@pytest.mark.parametrize("name", HANDOUTS)
def test_the_map_figure_says_in_words_which_places_each_category_marks(trees, name):
    figures = [element for element in trees[name].elements if element.role == "Figure"]
    languages = HANDOUTS[name]
    if len(figures) == 1 and len(languages) == 2:  # side by side: one map, described in both languages
        assert figures[0].alt == " / ".join(WORLDS[lang].description for lang in languages)
    else:
        assert [(figure.language, figure.alt) for figure in figures] == [
            (TAGS[lang], WORLDS[lang].description) for lang in languages]
    for index, lang in enumerate(languages):
        alt, world = figures[min(index, len(figures) - 1)].alt, WORLDS[lang]
        for category in world.categories:
            label = plain(category.label).rstrip(".")
            listed = ", ".join(category.places) or DOCS[lang].labels["no-places"]
            assert squash(label) in squash(alt) and squash(listed) in squash(alt)
        assert not world.categories[0].places  # category 1 marks nothing, and the text says so


@pytest.mark.parametrize("name", HANDOUTS)
def test_every_passage_is_marked_with_the_language_it_is_in(trees, name):
    checked = 0
    for element in trees[name].elements:
        text = squash(element.text)
        if element.role in ("P", "H1", "H2", "H3", "LBody") and len(text) >= 25:
            assert text.casefold() in TEXTS[element.language].casefold(), (element.role, element.language, text)
            checked += 1
    assert checked >= 40 * len(HANDOUTS[name])


@pytest.mark.parametrize("name", HANDOUTS)
def test_bookmarks_are_the_headings_at_their_levels(trees, name):
    expected = [(int(element.role[1]), squash(element.text)) for element in headings(trees[name].elements)]
    assert [(level, squash(title)) for level, title in trees[name].bookmarks] == expected


@pytest.mark.parametrize("name", HANDOUTS)
def test_screen_pdfs_claim_pdf_ua_and_print_pdfs_stay_pdf_x(trees, name):
    tagged = trees[name]
    if name.endswith("-print.pdf"):  # the links are gone, and so are the structure's references to them
        assert (tagged.pdfx, tagged.ua_part, tagged.annotation_references) == ("PDF/X-4", None, 0)
    else:
        assert (tagged.pdfx, tagged.ua_part) == ("", "1") and tagged.annotation_references >= 1


def test_the_poster_describes_its_map_with_the_handouts_alternative_text(built):
    for lang in ("fr", "en"):
        svg = ET.parse(built[f"poster-tabloid-{lang}.svg"]).getroot()
        description = svg.find("{http://www.w3.org/2000/svg}desc").text
        with pikepdf.open(built[f"handout-letter-{lang}.pdf"]) as pdf:
            figure = next(element for element in elements(pdf) if element.role == "Figure")
        assert description == figure.alt == WORLDS[lang].description
