"""A PDF's pages through pdfium: drawn as pictures (the poster's PNG preview, the download page's
thumbnails, the editor's preview), and found by the text they hold (the editor's preview)."""
from __future__ import annotations

import re


def first_page(pdf: bytes, width_px: int):
    """The first page as a PIL image `width_px` pixels wide."""
    return page_image(pdf, 0, width_px)


def page_image(pdf: bytes, index: int, width_px: int):
    """Page `index` (from 0) as a PIL image `width_px` pixels wide."""
    import pypdfium2 as pdfium  # a second or so of start-up that only these pictures need

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        return page.render(scale=width_px / page.get_width()).to_pil()
    finally:
        document.close()


def page_holding(pdf: bytes, text: str, enough: int = 60) -> int | None:
    """The first page (from 0) whose text layer holds the start of `text`, up to `enough` letters and
    digits of it: what lies between them (spaces, line ends, hyphens the lines broke at) is passed over."""
    import pypdfium2 as pdfium

    needle = letters_and_digits(text)[:enough]
    if not needle:
        return None
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            if needle in letters_and_digits(document[index].get_textpage().get_text_range()):
                return index
        return None
    finally:
        document.close()


def letters_and_digits(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()
