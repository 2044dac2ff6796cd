"""data/download-page.yaml -> the download page's words, each label with the {values} the page fills in."""
from __future__ import annotations

import os
from pathlib import Path

from ..model.languages import LANGUAGES
from ..model.content import Text
from ..model.layout import DOCUMENTS
from ..model.page_words import PageWords
from ..model.theme import Theme
from ..localize.inline import placeholders
from ..units import PAGE_SIZES_MM
from .files import project_file
from .reader import Reader
from .text import read_text
from .theme import load_theme
from .yamlsrc import read_yaml

PAGE_WORDS_FILE = Path("data") / "download-page.yaml"
LABEL_PLACEHOLDERS = {"edition": {"date"}, "bleed": {"size"}, "download": {"format", "size"},
                      "format-png": {"pixels"}, "thumbnail": {"document", "edition", "variant"}}
LABELS = ("page-title", "intro", "edition", "skip", "switch", "language-fr", "language-en", "edition-fr",
          "edition-en", "edition-bilingual", "edition-tete-beche", "screen", "print", "page-size", "pages", "bleed",
          "download", "format-pdf", "format-pdf-print", "format-svg", "format-png", "thumbnail", "no-files")


def load_page_words(root: Path) -> PageWords:
    return read_page_words(Reader(read_yaml(root / PAGE_WORDS_FILE, root)), root)


def read_page_words(reader: Reader, root: Path) -> PageWords:
    reader.mapping((), ("theme", "labels", "documents", "sizes"))
    labels = {key: read_text(reader, ("labels", key), placeholders=False)
              for key in reader.mapping(("labels",), LABELS)}
    for key, text in labels.items():
        check_label_placeholders(reader, key, text)
    documents = {kind: read_text(reader, ("documents", kind), placeholders=False)
                 for kind in reader.mapping(("documents",), DOCUMENTS)}
    sizes = {name: read_text(reader, ("sizes", name), placeholders=False)
             for name in reader.mapping(("sizes",), tuple(PAGE_SIZES_MM))}
    theme = load_theme(reader, root)
    for licence in font_licences(theme):
        if not os.path.lexists(root / licence):
            raise reader.error(("theme",), f"{licence} not found: the page copies each font "
                               f"with its licence", "keep the font's LICENSE.txt in its folder")
        project_file(root / licence, root, reader.where(("theme",)))  # what the page publishes
    return PageWords(reader.source.path, theme, labels, documents, sizes)


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


def font_licences(theme: Theme) -> list[str]:
    """The licence beside each font file of the theme, fonts/<family>/LICENSE.txt, each once."""
    folders = (face.file.rsplit("/", 1)[0] for family in theme.fonts.values() for face in family.faces)
    return [f"{folder}/LICENSE.txt" for folder in dict.fromkeys(folders)]
