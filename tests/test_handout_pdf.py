"""The real handout PDFs, read back: page sizes, the seed's text, languages, fonts, metadata."""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from affiche.load.content import load_content
from affiche.localize.document import localize
from affiche.localize.inline import plain

from pdfread import embedded_fonts, full_text, squash

POINTS_PER_MM = 72 / 25.4
PAGE_SIZES_PT = {"handout-letter": (612.0, 792.0), "handout-a4": (595.28, 841.89)}
FOOTER_MM = 14  # the running footer sits in the bottom margin
SEED = Path(__file__).parent / "fixtures" / "seed-handout-fr.md"
# The original handout gives the GFMD forum in English only; affiche's French
# edition carries a translation, so these two English units are not expected in it.
SEED_UNITS_IN_ENGLISH = ("Global Forum on Migration and Development", "Later this year, Canada will")


def seed_units() -> list[str]:
    """Every heading, paragraph, bullet and legend entry of the original French handout."""
    units = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*(#+|-)\s+", "", line).strip()
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # [text](mailto:…) -> text
        line = line.replace("\\$", "$").replace("--", "–").replace("*", "")
        if line.startswith("Légende :"):
            line = line.removeprefix("Légende :")
        units.extend(part.strip() for part in line.split("●") if part.strip())
    return [unit for unit in units if not unit.startswith(SEED_UNITS_IN_ENGLISH)]


def test_seed_has_the_expected_number_of_units():
    # A guard on the parser above: if it silently lost units, the next test would prove little.
    assert len(seed_units()) == 40  # 42 units, less the two English ones


@pytest.mark.parametrize("layout", sorted(PAGE_SIZES_PT))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_size_matches_the_layout(built, layout, lang):
    reader = pypdf.PdfReader(built[f"{layout}-{lang}.pdf"])
    width, height = PAGE_SIZES_PT[layout]
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.1)


@pytest.mark.parametrize("layout", sorted(PAGE_SIZES_PT))
def test_every_seed_unit_is_in_the_french_pdf(built, layout):
    text = squash(full_text(built[f"{layout}-fr.pdf"], footer_mm=FOOTER_MM))
    missing = [unit for unit in seed_units() if squash(unit) not in text]
    assert not missing


def units_in(lang: str, root: Path) -> list[str]:
    """Every text unit of the content as the PDF of that language should print it."""
    content = load_content(root / "data" / "handout.yaml", root)
    doc = localize(content, lang)
    texts = [doc.title, doc.legend_title, plain(doc.contact), *(plain(p) for p in doc.intro)]
    texts += [plain(entry.label) for entry in doc.legend]

    def walk_bullets(bullets):
        for bullet in bullets:
            texts.append(plain(bullet.text))
            walk_bullets(bullet.bullets)

    def walk(section):
        texts.append(plain(section.heading))
        if section.subtitle:
            texts.append(plain(section.subtitle))
        texts.extend(plain(p) for p in section.paragraphs)
        walk_bullets(section.bullets)
        for child in section.sections:
            walk(child)

    for section in doc.sections.values():
        walk(section)
    return texts


def test_the_english_pdf_has_every_english_unit_and_no_french_one(built, root):
    text = squash(full_text(built["handout-letter-en.pdf"], footer_mm=FOOTER_MM))
    english = units_in("en", root)
    assert len(english) > 40
    assert [unit for unit in english if squash(unit) not in text] == []
    english_squashed = {squash(unit) for unit in english}
    french_only = [unit for unit in units_in("fr", root)
                   if len(unit) > 12 and squash(unit) not in english_squashed]
    assert len(french_only) > 40
    assert [unit for unit in french_only if squash(unit) in text] == []


@pytest.mark.parametrize("name", ["handout-letter-fr.pdf", "handout-letter-en.pdf", "handout-a4-fr.pdf"])
def test_fonts_are_the_projects_own_embedded_and_subset(built, name):
    fonts = embedded_fonts(built[name])
    assert fonts, "no fonts found"
    for base_font, descriptor in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", base_font), f"{base_font} is not a subset"
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, f"{base_font} is not embedded"
    families = {re.sub(r"^/[A-Z]{6}\+", "", name).split("-")[0] for name in fonts}
    assert families <= {"Lato", "Noto"}, f"a font from outside fonts/ was used: {families}"


@pytest.mark.parametrize("lang, tag", [("fr", "fr-CA"), ("en", "en-CA")])
def test_metadata_names_language_title_author_subject(built, lang, tag):
    reader = pypdf.PdfReader(built[f"handout-letter-{lang}.pdf"])
    assert reader.trailer["/Root"]["/Lang"] == tag
    meta = reader.metadata
    expected_title = {"fr": "Efforts canadiens de mobilisation", "en": "Canada’s international migration"}[lang]
    assert meta.title.startswith(expected_title)
    assert meta.author == {"fr": "Immigration, Réfugiés et Citoyenneté Canada",
                           "en": "Immigration, Refugees and Citizenship Canada"}[lang]
    assert meta.subject


def flat_text(path: Path) -> str:
    """The text with line ends as spaces (no-break spaces stay what they are)."""
    return full_text(path).replace("\n", " ")


def test_amounts_are_formatted_for_each_locale(built):
    french = flat_text(built["handout-letter-fr.pdf"])
    english = flat_text(built["handout-letter-en.pdf"])
    # French: narrow no-break space between thousands, no-break space before the sign.
    assert "300\u202f000\u00a0$" in french and "700\u202f000\u00a0$" in french
    assert "21\u00a0millions de dollars sur 3\u00a0ans" in french
    assert "$300,000" in english and "$700,000" in english
    assert "$21\u00a0million over 3\u00a0years" in english
    assert "300,000" not in french and "300 000" not in english


def test_french_punctuation_gets_its_no_break_spaces(built):
    french = flat_text(built["handout-letter-fr.pdf"])
    assert "capacités\u202f?" in french
    assert "ce qui suit\u00a0:" in french
    assert "«\u00a0Groupe des cinq\u00a0»" in french
    assert "l’OIM" in french and "l'OIM" not in french


def test_hyphenation_follows_the_document_language(built):
    # WeasyPrint hyphenates by the lang attribute: French breaks like "migra-tion" appear.
    french = full_text(built["handout-letter-fr.pdf"])
    assert re.search(r"\w‐\n\w", french), "no hyphenated line ends in the French PDF"
