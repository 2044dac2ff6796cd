"""A PDF's first page drawn as a picture, by pdfium: the poster's PNG preview, the download page's
thumbnails."""
from __future__ import annotations


def first_page(pdf: bytes, width_px: int):
    """The first page as a PIL image `width_px` pixels wide."""
    import pypdfium2 as pdfium  # a second or so of start-up that only these pictures need

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        return page.render(scale=width_px / page.get_width()).to_pil()
    finally:
        document.close()
