"""The download page's reading and writing: its words, what output/ holds, and the files it writes.

The page lists every file in output/ named <layout>-<edition>.<ext> or <layout>-<edition>-print.<ext>
for a layout in layouts/ (the edition: fr, en, bilingual or tete-beche), whichever build wrote it,
so building one layout keeps the others listed. It is written after the outputs, each file atomically, the two pages last so they
never point at a thumbnail or font not yet there. A thumbnail is drawn again only when its
PDF changed (the thumbnail records the digest of the PDF it shows).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from .errors import AfficheError
from .inline import placeholders
from .load import Reader, load_layout, load_theme, read_text, relative_name
from .model import EDITIONS, LANGUAGES, Content, Text
from .render.download_page import (DOCUMENT_ORDER, LABEL_PLACEHOLDERS, LABELS, THUMBNAIL_FOLDER, VARIANTS,
                                   Edition, OutputFile, PageText, Thumbnail, image_size, page_files, pdf_facts,
                                   thumbnail_is_current, thumbnail_png, web_font, web_fonts)
from .units import PAGE_SIZES_MM
from .write import write_atomically, write_if_changed
from .yamlsrc import read_yaml

PAGE_TEXT_FILE = Path("data") / "download-page.yaml"
_OUTPUT_SUFFIX = re.compile(rf"-(?P<lang>{'|'.join(EDITIONS)})(?P<print>-print)?\.(?P<extension>pdf|svg|png)$")


def load_page_text(root: Path) -> PageText:
    path = root / PAGE_TEXT_FILE
    reader = Reader(read_yaml(path, relative_name(path, root)))
    reader.mapping((), ("theme", "labels", "documents", "sizes"))
    labels = {key: read_text(reader, ("labels", key), placeholders=False)
              for key in reader.mapping(("labels",), LABELS)}
    for key, text in labels.items():
        check_label_placeholders(reader, key, text)
    documents = {kind: read_text(reader, ("documents", kind), placeholders=False)
                 for kind in reader.mapping(("documents",), DOCUMENT_ORDER)}
    sizes = {name: read_text(reader, ("sizes", name), placeholders=False)
             for name in reader.mapping(("sizes",), tuple(PAGE_SIZES_MM))}
    theme = load_theme(reader, root)
    for font in web_fonts(theme):
        if not (root / font.licence_source).is_file():
            raise reader.error(("theme",), f"{font.licence_source} not found: the page copies each font "
                               f"with its licence", "keep the font's LICENSE.txt in its folder")
    return PageText(reader.source.path, theme, labels, documents, sizes)


def check_label_placeholders(reader: Reader, key: str, text: Text) -> None:
    """Each label takes exactly the values in braces the page fills in for it."""
    expected = LABEL_PLACEHOLDERS.get(key, set())
    for lang in LANGUAGES:
        used = placeholders(text[lang])
        if used != expected:
            wanted = " and ".join(f"{{{name}}}" for name in sorted(expected)) or "no value in braces"
            found = " and ".join(f"{{{name}}}" for name in sorted(used)) or "none"
            fix = f"write {wanted} where the value belongs" if expected else "remove the braces"
            raise reader.error(("labels", key, lang), f"this label takes {wanted}, found {found}", fix)


def publish_download_page(root: Path, output_dir: Path, content: Content, text: PageText,
                          warn: Callable[[str], None]) -> list[Path]:
    """Write the thumbnails, the web fonts and the two pages; returns the pages' paths."""
    editions = find_editions(root, output_dir, content, warn)
    for font in web_fonts(text.theme):
        write_if_changed(output_dir / font.href, web_font((root / font.source).read_bytes()))
        write_if_changed(output_dir / font.licence_href, (root / font.licence_source).read_bytes())
    remove_stale_thumbnails(output_dir, {edition.thumbnail.href for edition in editions if edition.thumbnail})
    pages = page_files(editions, text, content.title, content.date)
    for name, data in pages.items():
        write_if_changed(output_dir / name, data)
    return [output_dir / name for name in pages]


def find_editions(root: Path, output_dir: Path, content: Content, warn: Callable[[str], None]) -> list[Edition]:
    """The files of output/, grouped by layout, language and variant."""
    known = layout_kinds(root, content, output_dir, warn)
    grouped: dict[tuple[str, str, str], list[Path]] = defaultdict(list)
    for path in sorted(output_dir.iterdir()) if output_dir.is_dir() else ():
        match = _OUTPUT_SUFFIX.search(path.name)
        if not match or not path.is_file():
            continue
        layout = path.name[:match.start()]
        if layout not in known:
            warn(f"{relative_name(path, root)}: not listed on the download page: no layouts/{layout}.yaml "
                 f"(delete the file or restore the layout)")
            continue
        variant = VARIANTS[1] if match["print"] else VARIANTS[0]
        grouped[(layout, match["lang"], variant)].append(path)
    return [edition(layout, known[layout], lang, variant, paths, root, output_dir, warn)
            for (layout, lang, variant), paths in grouped.items()]


def layout_kinds(root: Path, content: Content, output_dir: Path, warn: Callable[[str], None]) -> dict[str, str]:
    """Each layout's document kind (handout or poster), for the layouts that have files in output_dir."""
    names = {path.name for path in output_dir.iterdir()} if output_dir.is_dir() else set()
    kinds = {}
    for layout in sorted(path.stem for path in (root / "layouts").glob("*.yaml")):
        if not any(name.startswith(f"{layout}-") for name in names):
            continue
        try:
            kinds[layout] = load_layout(layout, root, content).document
        except AfficheError as error:
            # This build did not need that layout (build() loads its own first): its earlier
            # outputs stay in output/, off the page until the layout loads again.
            warn(f"{error.one_line()}; its outputs are left off the download page until it is fixed")
    return kinds


def edition(layout: str, document: str, lang: str, variant: str, paths: list[Path], root: Path, output_dir: Path,
            warn: Callable[[str], None]) -> Edition:
    files, facts, thumbnail = [], None, None
    for path in paths:
        extension = path.suffix[1:]
        data = path.read_bytes()
        pixels = None
        try:
            if extension == "pdf":
                facts = pdf_facts(data)
                thumbnail = current_thumbnail(output_dir, path, data)
            elif extension == "png":
                pixels = image_size(data)
        except Exception as error:  # pdfium and Pillow each raise their own types for a damaged file
            warn(f"{relative_name(path, root)}: cannot be read ({type(error).__name__}: {error}); "
                 f"listed without its first page and page facts (build it again)")
        files.append(OutputFile(path.name, extension, len(data), pixels))
    return Edition(layout, document, lang, variant, tuple(files), facts, thumbnail)


def current_thumbnail(output_dir: Path, pdf_path: Path, pdf: bytes) -> Thumbnail:
    """The PDF's thumbnail, drawn again only when missing or drawn from other bytes."""
    href = f"{THUMBNAIL_FOLDER}/{pdf_path.stem}.png"
    path = output_dir / href
    png = path.read_bytes() if path.is_file() else b""
    if not thumbnail_is_current(png, pdf):
        png = thumbnail_png(pdf)
        write_atomically(path, png)
    width, height = image_size(png)
    return Thumbnail(href, width, height)


def remove_stale_thumbnails(output_dir: Path, kept: set[str]) -> None:
    """Thumbnails of files no longer in output/ would only mislead whoever browses the folder."""
    folder = output_dir / THUMBNAIL_FOLDER
    for path in folder.glob("*.png") if folder.is_dir() else ():
        if f"{THUMBNAIL_FOLDER}/{path.name}" not in kept:
            path.unlink()
