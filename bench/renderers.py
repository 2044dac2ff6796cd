#!/usr/bin/env python3
"""The renderers alone, as a program using only them runs: WeasyPrint lays out and writes each
document, pdfium draws the first page of each PDF, in this fresh process, which imports them.

    python3 bench/renderers.py WORK   # WORK: what speed.py captured of a build (a pickle)

speed.py times this whole process beside affiche's full builds. FONTCONFIG_FILE comes from its
environment, so WeasyPrint sees the project's fonts only, as affiche's renderers do.
"""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

Document = tuple[str, str, dict]  # (html, css, write_pdf options)


def set_and_write(documents: list[Document], base: str, fonts) -> None:
    import weasyprint

    for html, css, options in documents:
        stylesheet = weasyprint.CSS(string=css, base_url=base, font_config=fonts)
        weasyprint.HTML(string=html, base_url=base).render(stylesheets=[stylesheet], font_config=fonts) \
            .write_pdf(**options)


def draw_first_pages(pictures: list[tuple[bytes, int]]) -> None:
    import pypdfium2

    for pdf, width in pictures:
        page = pypdfium2.PdfDocument(pdf)[0]
        page.render(scale=width / page.get_width()).to_pil()


def main(work: Path) -> int:
    import weasyprint

    base, documents, pictures = pickle.loads(work.read_bytes())  # speed.py's own file, from this run
    set_and_write(documents, base, weasyprint.text.fonts.FontConfiguration())
    draw_first_pages(pictures)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
