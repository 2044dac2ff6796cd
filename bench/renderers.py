#!/usr/bin/env python3
"""The renderers alone, as a program using only them runs: WeasyPrint lays out and writes each
document, pdfium draws the first page of each PDF, in this fresh process, which imports them.

    python3 bench/renderers.py WORK          # WORK: what speed.py captured of a build (a pickle)
    python3 bench/renderers.py WORK --warm   # the watched document only, again and again
    python3 bench/renderers.py WORK --hooked # WeasyPrint with what affiche changes in it

speed.py times the whole first run beside affiche's full builds. The second sets the document
once to warm up (fonts, caches), as watch's first build does, then prints the median seconds of
EDIT_ROUNDS more: what a warm process holding WeasyPrint alone takes, beside watch's edit.
FONTCONFIG_FILE comes from the environment, so WeasyPrint sees the project's fonts only, as
affiche's renderers do. --hooked brings in what affiche changes in WeasyPrint
(pdf/weasyprint_compat.py: the HTML parser's expressions kept, the map's path lane, zlib's
default level, and a handout's columns balanced where it shows, at the height kept for columns
set before), so that beside it affiche's share is the time of its own code alone.
"""
from __future__ import annotations

import contextlib
import pickle
import statistics
import sys
import time
from pathlib import Path

EDIT_ROUNDS = 5  # set after set, WeasyPrint's time swings by a tenth (its garbage): the median steadies it

Document = tuple[str, str, str, dict]  # (html, css as affiche gives it, css for WeasyPrint alone, write_pdf options)


def set_and_write(documents: list[Document], base: str, fonts, hooked: bool) -> None:
    import weasyprint

    for html, css, alone_css, options in documents:
        stylesheet = weasyprint.CSS(string=css if hooked else alone_css, base_url=base, font_config=fonts)
        with columns_rule(hooked):
            document = weasyprint.HTML(string=html, base_url=base).render(stylesheets=[stylesheet], font_config=fonts)
        document.write_pdf(**options)


def columns_rule(hooked: bool):
    """Hooked, affiche's rule for a handout's columns (balanced where it shows, at a height kept)."""
    if not hooked:
        return contextlib.nullcontext()
    from affiche.outputs.typeset import COLUMN_CONTAINER, UNBALANCED_SHARE
    from affiche.pdf.weasyprint_compat import columns_balanced_where_it_shows

    return columns_balanced_where_it_shows(COLUMN_CONTAINER, UNBALANCED_SHARE)


def draw_first_pages(pictures: list[tuple[bytes, int]]) -> None:
    import pypdfium2

    for pdf, width in pictures:
        page = pypdfium2.PdfDocument(pdf)[0]
        page.render(scale=width / page.get_width()).to_pil()


def warm_seconds(document: Document, base: str, fonts, hooked: bool) -> float:
    set_and_write([document], base, fonts, hooked)
    times = []
    for _ in range(EDIT_ROUNDS):
        start = time.perf_counter()
        set_and_write([document], base, fonts, hooked)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(work: Path, warm: bool, hooked: bool) -> int:
    import weasyprint

    if hooked:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from affiche.pdf.weasyprint_compat import install_weasyprint_changes

        install_weasyprint_changes()

    base, documents, pictures, watched = pickle.loads(work.read_bytes())  # speed.py's own file, from this run
    fonts = weasyprint.text.fonts.FontConfiguration()
    if warm:
        print(warm_seconds(watched, base, fonts, hooked))
        return 0
    set_and_write(documents, base, fonts, hooked)
    draw_first_pages(pictures)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), "--warm" in sys.argv[2:], "--hooked" in sys.argv[2:]))
