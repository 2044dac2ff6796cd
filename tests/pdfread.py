"""Reading PDFs back the way a reader's software would."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

# Spaces, hyphens (pdfium reports a hyphen ending a line as \x02) and the list markers,
# which are painted after the text of a page.
_INVISIBLE = re.compile(r"[\s\-\u2010\u2011\u00ad\x02▪▫●]")


def squash(text: str) -> str:
    """Text with line breaks, hyphens and every kind of space removed, apostrophes unified:
    what stays equal however the renderer broke the lines."""
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return _INVISIBLE.sub("", text)


def page_texts(path: Path, footer_mm: float = 0) -> list[str]:
    """The text of each page in drawing order, leaving out the bottom footer_mm (running footers)."""
    document = pdfium.PdfDocument(path)
    texts = []
    for page in document:
        width, height = page.get_size()
        texts.append(page.get_textpage().get_text_bounded(0, footer_mm * 72 / 25.4, width, height))
    document.close()
    return [text.replace("\r\n", "\n") for text in texts]


def full_text(path: Path, footer_mm: float = 0) -> str:
    return "\n".join(page_texts(path, footer_mm))


def embedded_fonts(path: Path) -> dict[str, dict]:
    """BaseFont name -> its descriptor, for every font used on any page."""
    fonts = {}
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    return fonts
