"""The download page for conference organizers, in French (index.html) and English (index-en.html).

Pure: it receives what output/ holds, already read (file names, sizes, PDF facts,
thumbnails), and returns the pages' bytes; the thumbnails and web fonts are made
here from bytes too. publish.py does the reading and writing.

One page per language rather than one page that shows or hides a language: each
page then has a single `lang`, works without JavaScript from a folder or any web
server, and a link to the other language is all the switch needs.
"""
from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import quote

import pypdfium2 as pdfium
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit
from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import WOFFFlavorData
from markupsafe import Markup
from PIL import Image, PngImagePlugin

from ...localize import inline
from ...localize.inline import PLACEHOLDER
from ...localize.typography import NBSP, RULES
from ...model.content import Text
from ...model.languages import LANGUAGE, LANGUAGES
from ...model.layout import DOCUMENTS
from ...model.outputs import EDITIONS, EXTENSIONS, VARIANTS
from ...model.page_words import PageWords
from ...model.theme import Theme
from ...pdf.raster import first_page
from ...units import MM_PER_UNIT, PAGE_SIZES_MM
from ..templates import STYLESHEETS, TEMPLATES, css_string

# The first language's page is the folder's index.html, so a bare address opens it.
PAGE_NAMES = {lang: "index.html" if lang == LANGUAGES[0] else f"index-{lang}.html" for lang in LANGUAGES}
THUMBNAIL_FOLDER = "thumbnails"
THUMBNAIL_WIDTH = 320  # pixels; shown at half that in CSS pixels, so sharp on high-density screens
THUMBNAIL_COLOURS = 128  # a palette keeps a thumbnail near 20 KB with no visible loss at that size
THUMBNAIL_SOURCE_KEY = "affiche-source"  # PNG text chunk: what the thumbnail was drawn from
# signature, flavour, length, tables, reserved, sfnt size, version, metadata (3), private data offset, length
WOFF_HEADER = struct.Struct(">4sIIHHIHHIIIII")
NAMED_SIZE_TOLERANCE_MM = 1.0
QUARTER_INCH_TOLERANCE_MM = 0.3
# Where each role of the page takes its colour in the theme; tests check their contrast.
PAGE_COLOURS = {"text": "ink", "heading": "accent", "band": "accent", "muted": "muted", "card": "panel",
                "focus": "rule"}
# The two faces the page uses: bold headings and regular text.
PAGE_FACES = {"headings": (700, "normal"), "body": (400, "normal")}


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    trim_mm: tuple[float, float]  # the finished page, width by height
    bleed_mm: float  # how far the first page's bleed box reaches past the trim


@dataclass(frozen=True)
class FileLink:
    name: str  # file name in output/
    extension: str  # pdf, svg or png
    size: int  # bytes
    pixels: tuple[int, int] | None = None  # of a PNG preview


@dataclass(frozen=True)
class Thumbnail:
    href: str  # relative to output/, e.g. thumbnails/handout-letter-fr.png
    width: int
    height: int


@dataclass(frozen=True)
class Listing:
    """One layout in one edition and variant: every file of it, and its PDF's facts when there is a PDF."""

    layout: str
    document: str  # handout | poster
    lang: str  # the edition: fr, en, bilingual or tete-beche
    variant: str  # screen | print
    files: tuple[FileLink, ...]
    facts: PdfFacts | None
    thumbnail: Thumbnail | None


@dataclass(frozen=True)
class WebFont:
    family: str
    weight: int
    style: str
    source: str  # the theme's font file, relative to the project root: fonts/lato/Lato-Bold.ttf
    href: str  # the page's copy, relative to output/: fonts/lato/Lato-Bold.woff

    @property
    def licence_source(self) -> str:
        return self.source.rsplit("/", 1)[0] + "/LICENSE.txt"

    @property
    def licence_href(self) -> str:
        return self.href.rsplit("/", 1)[0] + "/LICENSE.txt"


# ---------------------------------------------------------------- from bytes

def thumbnail_source(pdf: bytes) -> str:
    """Everything a thumbnail depends on: the PDF's bytes, the drawing settings and the renderer."""
    digest = hashlib.sha256(pdf).hexdigest()
    return (f"sha256:{digest} width:{THUMBNAIL_WIDTH} colours:{THUMBNAIL_COLOURS} "
            f"pdfium:{pdfium.PDFIUM_INFO} pypdfium2:{pdfium.PYPDFIUM_INFO}")


@lru_cache(maxsize=64)  # drawn ahead while a build's workers set the next files (publish.py)
def thumbnail_png(pdf: bytes) -> bytes:
    """The first page, THUMBNAIL_WIDTH pixels wide, as a palette PNG that records its source."""
    image = first_page(pdf, THUMBNAIL_WIDTH)
    # Median cut without dithering is deterministic: the same PDF gives the same bytes.
    palette = image.quantize(THUMBNAIL_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    info.add_text(THUMBNAIL_SOURCE_KEY, thumbnail_source(pdf))
    buffer = io.BytesIO()
    # zlib's default level: optimize=True (level 9) took seven times as long for files 3 % smaller.
    palette.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def thumbnail_is_current(png: bytes, pdf: bytes) -> bool:
    """Whether an existing thumbnail was drawn from this very PDF with today's settings."""
    try:
        with Image.open(io.BytesIO(png)) as image:
            return image.text.get(THUMBNAIL_SOURCE_KEY) == thumbnail_source(pdf)
    except (OSError, ValueError):  # not a readable PNG: draw it again
        return False


def image_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


@lru_cache(maxsize=8)  # the page is published again after every edit in watch, serve and the editor
def web_font(ttf: bytes) -> bytes:
    """The font as WOFF: its tables unchanged, only compressed, which the SIL Open Font License
    allows under the font's own (reserved) name. WOFF's private data block, which browsers ignore,
    records the font file it was made from (web_font_is_current)."""
    font = TTFont(io.BytesIO(ttf), recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = "woff"
    font.flavorData = WOFFFlavorData()
    font.flavorData.privData = web_font_source(ttf)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def web_font_source(ttf: bytes) -> bytes:
    """What a WOFF's private data says it was made from."""
    return f"affiche web font of sha256:{hashlib.sha256(ttf).hexdigest()}".encode("ascii")


def web_font_is_current(woff: bytes, ttf: bytes) -> bool:
    """Whether an existing WOFF was made from this very font file, by today's web_font."""
    if len(woff) < WOFF_HEADER.size:
        return False
    signature, *_, private_offset, private_length = WOFF_HEADER.unpack_from(woff)
    return signature == b"wOFF" and woff[private_offset:private_offset + private_length] == web_font_source(ttf)


def web_fonts(theme: Theme) -> list[WebFont]:
    """The theme's bold heading face and regular text face, as the page links them."""
    fonts = []
    for role, (weight, style) in PAGE_FACES.items():
        family = theme.fonts[role]
        face = next((face for face in family.faces if (face.weight, face.style) == (weight, style)), None)
        if face is None:  # the theme lacks the face: the page falls back to the reader's fonts
            continue
        name = face.file.removeprefix("fonts/").rsplit(".", 1)[0]
        fonts.append(WebFont(family.family, weight, style, face.file, f"fonts/{name}.woff"))
    return fonts


# ---------------------------------------------------------------- the pages

def page_files(editions: Iterable[Listing], text: PageWords, title: Text, edition_date: date) -> dict[str, bytes]:
    """index.html and index-en.html, listing every edition with its files."""
    editions = sorted(editions, key=edition_order)
    css = Markup(page_css(text.theme))
    return {PAGE_NAMES[lang]: render_page(editions, text, title, edition_date, lang, css).encode("utf-8")
            for lang in LANGUAGES}


def edition_order(edition: Listing) -> tuple:
    """Documents in their order, smaller paper first, then each edition's languages and variants."""
    area = edition.facts.trim_mm[0] * edition.facts.trim_mm[1] if edition.facts else 0.0
    return (DOCUMENTS.index(edition.document), area, document_key(edition), EDITIONS.index(edition.lang),
            edition.layout, VARIANTS.index(edition.variant))


def document_key(edition: Listing) -> str:
    """Editions of one document on one paper size share a heading, whichever layouts made them
    (a handout on Letter: French, English, side by side, tête-bêche)."""
    if edition.facts is None:
        return f"{edition.document}-{edition.layout}"
    width, height = (round(side) for side in edition.facts.trim_mm)
    return f"{edition.document}-{width}x{height}"


def page_css(theme: Theme) -> str:
    colours = {role: theme.colours[name].srgb for role, name in PAGE_COLOURS.items()}
    fonts = {role: css_string(theme.fonts[role].family) for role in PAGE_FACES}
    return STYLESHEETS.get_template("download.css.j2").render(colours=colours, fonts=fonts, faces=[
        {"family": css_string(font.family), "href": css_string(font.href), "weight": font.weight,
         "style": font.style} for font in web_fonts(theme)])


def render_page(editions: list[Listing], text: PageWords, title: Text, edition_date: date, lang: str,
                css: Markup) -> str:
    words = Words(text, lang)
    other = next(code for code in LANGUAGES if code != lang)
    return TEMPLATES.get_template("download.html.j2").render(
        lang=lang, language_tag=LANGUAGE[lang].tag, css=css, words=words,
        title=plain(title[lang], lang),
        edition=words.fill("edition", date=format_date(edition_date, "long", locale=locale(lang))),
        switch={"href": PAGE_NAMES[other], "language_tag": LANGUAGE[other].tag,
                "text": words.label(f"language-{other}", other)},
        documents=[document_view(group, title, words) for group in group_by(editions, document_key)])


def document_view(editions: list[Listing], title: Text, words: Words) -> dict:
    first = editions[0]
    facts = next((edition.facts for edition in editions if edition.facts), None)
    heading = words.document(first.document)
    if facts:
        heading = f"{heading} — {short_size(facts.trim_mm, words)}"
    languages = sorted(group_by(editions, lambda e: e.lang),
                       key=lambda group: (group[0].lang != words.lang, EDITIONS.index(group[0].lang)))
    return {"id": document_key(first), "heading": heading,
            "languages": [language_view(group, heading, title, words) for group in languages]}


def language_view(editions: list[Listing], document: str, title: Text, words: Words) -> dict:
    """One language's editions, under the document's title in that language; a bilingual
    edition's under the title in the page's language."""
    heading = words.label(f"edition-{editions[0].lang}")
    lang = editions[0].lang if editions[0].lang in LANGUAGES else words.lang
    return {"heading": heading, "title": plain(title[lang], lang), "language_tag": LANGUAGE[lang].tag,
            "cards": [card_view(edition, document, heading, words) for edition in editions]}


def card_view(edition: Listing, document: str, edition_heading: str, words: Words) -> dict:
    variant = words.label(edition.variant)
    facts = []
    if edition.facts:
        size = full_size(edition.facts.trim_mm, words)
        if edition.facts.bleed_mm >= 0.5:
            size += ", " + words.fill("bleed", size=unit(edition.facts.bleed_mm, "length-millimeter", words.lang))
        facts = [(words.term("page-size"), size), (words.term("pages"), number(edition.facts.pages, words.lang))]
    thumbnail = None
    if edition.thumbnail:
        alt = words.fill("thumbnail", document=document, edition=edition_heading, variant=variant)
        thumbnail = {"src": relative_href(edition.thumbnail.href), "width": edition.thumbnail.width // 2,
                     "height": edition.thumbnail.height // 2, "alt": alt}
    files = sorted(edition.files, key=lambda file: EXTENSIONS.index(file.extension))
    return {"heading": variant, "facts": facts, "thumbnail": thumbnail,
            "context": f"{document}, {edition_heading}, {variant}",  # what a link's words alone leave out
            "files": [file_view(file, edition.variant, words) for file in files]}


def file_view(file: FileLink, variant: str, words: Words) -> dict:
    label = words.fill("download", format=file.extension.upper(), size=file_size(file.size, words.lang))
    if file.pixels:
        pixels = f"{number(file.pixels[0], words.lang)}{NBSP}×{NBSP}" \
                 f"{unit(file.pixels[1], 'graphics-pixel', words.lang)}"
        note = words.fill("format-png", pixels=pixels)
    elif file.extension == "pdf" and variant == "print":
        note = words.label("format-pdf-print")
    else:
        note = words.label(f"format-{file.extension}")
    return {"href": relative_href(file.name), "name": file.name, "label": label, "note": note}


def relative_href(path: str) -> str:
    """A link to a file in output/, whatever its name: relative, since './' keeps a name such as
    'javascript:alert(1)-fr.pdf' from reading as an address of its own, and URL-encoded, so that no
    '#', '?' or '%' in it changes where the link leads."""
    return "./" + quote(path)


def group_by(items: list[Listing], key) -> list[list[Listing]]:
    """Consecutive items with the same key, in order (items come sorted)."""
    groups: list[list[Listing]] = []
    for item in items:
        if groups and key(groups[-1][0]) == key(item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


class Words:
    """The page's labels in one language, typography applied, placeholders filled."""

    def __init__(self, text: PageWords, lang: str) -> None:
        self.text = text
        self.lang = lang

    def label(self, key: str, lang: str | None = None) -> str:
        lang = lang or self.lang
        return plain(self.text.labels[key][lang], lang)

    def term(self, key: str) -> str:
        """A label followed by a colon, spaced as the language wants it: « Format : », "Page size:"."""
        return plain(self.text.labels[key][self.lang] + ":", self.lang)

    def fill(self, key: str, **values: str) -> str:
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], self.label(key))

    def document(self, kind: str) -> str:
        return plain(self.text.documents[kind][self.lang], self.lang)

    def size_name(self, name: str) -> str:
        return plain(self.text.sizes[name][self.lang], self.lang)

    def __getitem__(self, key: str) -> str:
        return self.label(key)


def plain(text: str, lang: str) -> str:
    return inline.plain(inline.parse_runs(RULES[lang](text)))


# ---------------------------------------------------------------- sizes and numbers

def locale(lang: str) -> str:
    return LANGUAGE[lang].locale


def number(value: float, lang: str, pattern: str = "#,##0.##") -> str:
    return format_decimal(value, pattern, locale=locale(lang))


def unit(value: float, name: str, lang: str, pattern: str = "#,##0.#") -> str:
    """A value with its CLDR unit symbol, kept on one line: 279,4 mm, 11 po, 1,2 Mo."""
    return format_unit(value, name, length="short", format=pattern, locale=locale(lang)).replace(" ", NBSP)


def file_size(size: int, lang: str) -> str:
    """Decimal units, as file managers show them: 86 kB, 1.2 MB (86 ko, 1,2 Mo)."""
    if size >= 1_000_000:
        return unit(size / 1_000_000, "digital-megabyte", lang)
    return unit(max(1, round(size / 1000)), "digital-kilobyte", lang, "#,##0")


def named_size(size_mm: tuple[float, float]) -> str | None:
    """The name of a standard page size (either way round), or None."""
    sides = sorted(size_mm)
    for name, named_sides in PAGE_SIZES_MM.items():
        if all(abs(side - named) <= NAMED_SIZE_TOLERANCE_MM for side, named in zip(sides, named_sides)):
            return name
    return None


def inch_size(size_mm: tuple[float, float], lang: str) -> str | None:
    """8.5 × 11 in, when both sides are whole quarter inches, as US and Canadian print sizes are."""
    quarter = MM_PER_UNIT["in"] / 4
    if any(abs(side / quarter - round(side / quarter)) * quarter > QUARTER_INCH_TOLERANCE_MM for side in size_mm):
        return None
    width, height = (round(side / quarter) / 4 for side in size_mm)
    return f"{number(width, lang)}{NBSP}×{NBSP}{unit(height, 'length-inch', lang, '#,##0.##')}"


def mm_size(size_mm: tuple[float, float], lang: str) -> str:
    width, height = size_mm
    return f"{number(width, lang, '#,##0.#')}{NBSP}×{NBSP}{unit(height, 'length-millimeter', lang)}"


def short_size(size_mm: tuple[float, float], words: Words) -> str:
    name = named_size(size_mm)
    if name:
        return words.size_name(name)
    return inch_size(size_mm, words.lang) or mm_size(size_mm, words.lang)


def full_size(size_mm: tuple[float, float], words: Words) -> str:
    """US Letter, 8.5 × 11 in, 215.9 × 279.4 mm: the name and inches where they apply, always millimetres."""
    name = named_size(size_mm)
    parts = [words.size_name(name) if name else None, inch_size(size_mm, words.lang), mm_size(size_mm, words.lang)]
    return ", ".join(part for part in parts if part)
