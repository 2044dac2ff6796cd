"""The download page's files, from what output/ holds: the two pages, the web fonts with their
licences, and a thumbnail of each PDF.

The page lists every file the manifest records and output/ still holds, whichever build
wrote it, so building one layout keeps the others listed; the manifest also says what each
file is (document, edition, variant, pages, trim, bleed). A thumbnail is drawn again only
when its PDF changed (the thumbnail records the digest of the PDF it shows). The pipeline
writes the files in the order given, the two pages last, so they never point at a thumbnail
or font not yet there. `site_names` says, before anything is rendered, every file the page may
write, so that a build can check the output folder first (pipeline/folder.py).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ...load.reader import relative_name
from ...model.content import Content
from ...model.outputs import OutputFile, OutputName, Rendered
from ...model.page_words import PageWords
from .page import (PAGE_NAMES, THUMBNAIL_FOLDER, THUMBNAIL_SOURCE_KEY, FileLink, Listing, PdfFacts, Thumbnail,
                   image_size, page_files, thumbnail_is_current, thumbnail_png, web_font, web_font_is_current,
                   web_fonts)


@dataclass(frozen=True)
class Site:
    files: dict[str, bytes]  # path in output/ -> bytes, in the order to write them: the pages last
    stale: list[str]  # thumbnails of files no longer in output/, to delete


def download_site(root: Path, output_dir: Path, recorded: list[OutputFile], content: Content, words: PageWords,
                  warn: Callable[[str], None]) -> Site:
    files = font_files(root, output_dir, words)
    listings = []
    for group in grouped_files(root, output_dir, recorded, warn):
        listed, thumbnail = listing(group, output_dir, root, warn)
        listings.append(listed)
        if thumbnail is not None:
            files[listed.thumbnail.href] = thumbnail
    files.update(page_files(listings, words, content.title, content.date))
    folder = output_dir / THUMBNAIL_FOLDER
    present = sorted(thumbnail_name(path.stem) for path in folder.glob("*.png") if path.is_file()) \
        if folder.is_dir() else []
    return Site(files, [href for href in present if href not in files])


def draw_thumbnails_ahead(rendered: Iterable[Rendered]) -> None:
    """Draw the thumbnails of PDFs just set, while a build's workers set the next files: the page,
    published once they are all written, then finds them drawn rather than draws them all last."""
    for file in rendered:
        if file.extension == "pdf":
            thumbnail_png(file.data)


def site_names(words: PageWords, pdf_stems: Iterable[str]) -> list[str]:
    """Every file the page may write, relative to output/: the fonts with their licences, a thumbnail
    for each of these PDFs, and the pages."""
    fonts = [href for font in web_fonts(words.theme) for href in (font.href, font.licence_href)]
    return [*fonts, *(thumbnail_name(stem) for stem in pdf_stems), *PAGE_NAMES.values()]


def font_files(root: Path, output_dir: Path, words: PageWords) -> dict[str, bytes]:
    """The page's web fonts, each with its licence, as the page links them: a web font already in
    output/ that was made from the same font file is kept as it is."""
    files = {}
    for font in web_fonts(words.theme):
        files[font.href] = current_web_font(output_dir / font.href, (root / font.source).read_bytes())
        files[font.licence_href] = (root / font.licence_source).read_bytes()
    return files


def current_web_font(path: Path, ttf: bytes) -> bytes:
    """The font's WOFF: the one in output/ when it was made from these very bytes, else made anew.
    A WOFF is never much larger than its font (its tables are compressed only where that helps)."""
    kept = path.is_file() and path.stat().st_size <= len(ttf) + 1024
    woff = path.read_bytes() if kept else b""
    return woff if web_font_is_current(woff, ttf) else web_font(ttf)


def thumbnail_name(pdf_stem: str) -> str:
    return f"{THUMBNAIL_FOLDER}/{pdf_stem}.png"


def drawn_by_affiche(path: Path) -> bool:
    """Whether the file is a PNG with the text chunk affiche writes into every thumbnail it draws."""
    try:
        with Image.open(path) as image:
            return THUMBNAIL_SOURCE_KEY in getattr(image, "text", {})
    except Exception:  # Pillow raises its own types, and SyntaxError, for a damaged PNG
        return False


def grouped_files(root: Path, output_dir: Path, recorded: list[OutputFile],
                  warn: Callable[[str], None]) -> list[list[tuple[Path, OutputFile]]]:
    """The files of output/ that the manifest records, grouped by layout, edition and variant."""
    known = {str(file.name): file for file in recorded}
    grouped: dict[tuple[str, str, str], list[tuple[Path, OutputFile]]] = defaultdict(list)
    for path in sorted(output_dir.iterdir()) if output_dir.is_dir() else ():
        name = OutputName.parse(path.name)
        if name is None or not path.is_file():
            continue
        if path.name not in known:
            warn(f"{relative_name(path, root)}: not listed on the download page: affiche's manifest does not "
                 f"record it (delete the file, or build its layout again)")
            continue
        grouped[(name.layout, name.edition, name.variant)].append((path, known[path.name]))
    return list(grouped.values())


def listing(files: list[tuple[Path, OutputFile]], output_dir: Path, root: Path,
            warn: Callable[[str], None]) -> tuple[Listing, bytes | None]:
    """One edition's files on the page, and its PDF's thumbnail (None when its PDF cannot be read)."""
    links, facts, thumbnail, png = [], None, None, None
    for path, file in files:
        extension = file.name.extension
        data = path.read_bytes()
        pixels = None
        try:
            if extension == "pdf":
                facts = PdfFacts(file.pages, file.trim_mm, file.bleed_mm)
                png = current_thumbnail(output_dir / thumbnail_name(path.stem), data)
                width, height = image_size(png)
                thumbnail = Thumbnail(thumbnail_name(path.stem), width, height)
            elif extension == "png":
                pixels = image_size(data)
        except Exception as error:  # pdfium and Pillow each raise their own types for a damaged file
            warn(f"{relative_name(path, root)}: cannot be read ({type(error).__name__}: {error}); "
                 f"listed without its first page (build it again)")
        links.append(FileLink(path.name, extension, len(data), pixels))
    first = files[0][1]
    return Listing(first.name.layout, first.document, first.name.edition, first.name.variant, tuple(links), facts,
                   thumbnail), png


def current_thumbnail(path: Path, pdf: bytes) -> bytes:
    """The PDF's thumbnail: the one in output/ when it was drawn from these very bytes, else drawn anew."""
    png = path.read_bytes() if path.is_file() else b""
    return png if thumbnail_is_current(png, pdf) else thumbnail_png(pdf)
