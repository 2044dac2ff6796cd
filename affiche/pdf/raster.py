"""A PDF's pages through pdfium: drawn as pictures (the poster's PNG preview, the download page's
thumbnails, the editor's preview), and found by the text they hold (the editor's preview).

Pictures of whole pages are written as PNG files here rather than by Pillow. PNG may store each row
as its difference from the row above or from the pixel to its left (its filters): that helps
photographs. On what affiche draws, flat colours, text and a map, zlib finds more repeats in the
pixels themselves. Pillow tries the five filters on every row of an RGB picture and keeps the one
it guesses best, and has no way to be told "none": on the default posters its files were a quarter
larger and took 1.7 times as long to write (zlib's level 3 for both). What is written here is all
of PNG (ISO/IEC 15948) such a picture needs: the signature, a header, the data, the end.
"""
from __future__ import annotations

import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def first_page(pdf: bytes, width_px: int):
    """The first page as a PIL image `width_px` pixels wide."""
    return page_image(pdf, 0, width_px)


def page_image(pdf: bytes, index: int, width_px: int):
    """Page `index` (from 0) as an RGB PIL image `width_px` pixels wide."""
    import pypdfium2 as pdfium  # a second or so of start-up that only these pictures need

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=width_px / page.get_width()).to_pil()  # no alpha asked: RGB already
        return image if image.mode == "RGB" else image.convert("RGB")
    finally:
        document.close()


def page_png(pdf: bytes, index: int, width_px: int, level: int) -> bytes:
    """Page `index` (from 0) as an RGB PNG `width_px` pixels wide, compressed at zlib's `level`."""
    return _unfiltered_png(page_image(pdf, index, width_px), level)


def _unfiltered_png(image, level: int) -> bytes:
    """An RGB picture as an 8-bit PNG whose rows are stored as they are (filter type 0)."""
    width, height = image.size
    pixels = image.tobytes()
    stride = 3 * width
    # Each row starts with its filter type: 0, none.
    rows = b"".join(b"\x00" + pixels[start:start + stride] for start in range(0, len(pixels), stride))
    # 8 bits a sample, RGB, deflate, PNG's one filter method, not interlaced
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, level)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


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
