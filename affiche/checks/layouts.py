"""Preflight of the layouts: type below the minimum size, and text that does not fit its frame.

Posters are composed as the build composes them, with every overflowing block
reported instead of the first. Handouts are laid out by WeasyPrint and its line
boxes compared with their blocks: a word that cannot break (an address, a long
number) runs past its column, and nothing else would say so.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from ..dates import build_time
from ..errors import AfficheError, Location
from ..load import TYPE_KEYS
from ..localize import localize, localize_map
from ..model import Content, Layout, MapContent, PosterLayout
from ..render.brochure import handout_css, handout_html
from ..render.fetch import ProjectFetcher
from ..render.bilingual import Side
from ..render.poster import render_poster
from ..render.poster_bilingual import render_bilingual_poster
from ..yamlsrc import read_yaml
from . import Finding
from .content import plain_texts

LANGUAGE_NAMES = {"fr": "French", "en": "English"}
MM_PER_CSS_PX = 25.4 / 96
TOLERANCE_PX = 0.5  # sub-pixel rounding in the line layout is not an overflow


def type_size_findings(layout: Layout | PosterLayout, root: Path) -> list[Finding]:
    """Sizes of the layout's type scale under its minimum (`preflight: min-text-size`, 6 pt by default)."""
    minimum = layout.preflight.min_text_size
    scale = layout.type_scale
    small = [key for key in TYPE_KEYS if key != "leading" and getattr(scale, key) < minimum]
    if not small:
        return []
    source = read_yaml(root / layout.source, layout.source)  # the model keeps values, not their lines
    return [Finding("error", str(source.at(("type", key))), "min-text-size",
                    f"type size '{key}' is {getattr(scale, key):g} pt, under the {minimum:g} pt minimum for print",
                    f"set it to {minimum:g}pt or more, or lower 'preflight: {{min-text-size: …}}' in "
                    f"{layout.source}")
            for key in small]


def poster_overflow_findings(layout: PosterLayout, content: Content, places: MapContent, root: Path,
                             languages: Iterable[str]) -> list[Finding]:
    overflows: list[AfficheError] = []
    if layout.bilingual:  # one poster, both languages stacked in each block
        sides = tuple(Side(localize(content, lang), localize_map(places, content, lang))
                      for lang in layout.bilingual.languages)
        render_bilingual_poster(layout, sides, places, root, report_overflow=overflows.append)
    else:
        for lang in languages:
            render_poster(layout, localize(content, lang), localize_map(places, content, lang), places, root,
                          report_overflow=overflows.append)
    return [Finding("error", str(error.location), "overflow", error.problem, error.fix) for error in overflows]


def handout_overflow_findings(layout: Layout, content: Content, places: MapContent, root: Path,
                              languages: Iterable[str]) -> list[Finding]:
    findings: dict[tuple[str, str], Finding] = {}
    for lang in languages:
        units = plain_texts(content, lang)
        for page_number, text, overflow_px in _overflowing_text(_lay_out(layout, content, places, root, lang)):
            where = _unit_containing(text, units) or Location(layout.source)
            excerpt = text if len(text) <= 40 else text[:39] + "…"
            finding = Finding(
                "error", str(where), "overflow",
                f"in {layout.name} ({LANGUAGE_NAMES[lang]}), page {page_number}: “{excerpt}” runs "
                f"{overflow_px * MM_PER_CSS_PX:.1f} mm past the edge of its column or block",
                "shorten the word or let it break (a space or a hyphen), or widen the column")
            findings.setdefault((finding.where, text), finding)
    return list(findings.values())


def _lay_out(layout: Layout, content: Content, places: MapContent, root: Path, lang: str):
    """The handout laid out exactly as brochure.render_handout lays it out, without writing a PDF."""
    doc, world = localize(content, lang), localize_map(places, content, lang)
    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = FontConfiguration()
    stylesheet = CSS(string=handout_css(doc, layout), base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    html = HTML(string=handout_html(doc, world, places, layout, root, build_time(content)), base_url=base_url,
                url_fetcher=fetcher)
    return html.render(stylesheets=[stylesheet], font_config=fonts)


def _overflowing_text(document) -> Iterator[tuple[int, str, float]]:
    """(page number, text, by how many CSS px) for each piece of text wider than its block.

    WeasyPrint exposes its box tree only as Page._page_box; lengths there are CSS px."""
    for number, page in enumerate(document.pages, start=1):
        for block in page._page_box.descendants():
            if not isinstance(block, boxes.BlockContainerBox):
                continue
            right = block.content_box_x() + block.width
            for line in block.children:
                if not isinstance(line, boxes.LineBox):
                    continue
                for box in line.descendants():
                    if isinstance(box, boxes.TextBox) and box.position_x + box.width > right + TOLERANCE_PX:
                        yield number, box.text.strip(), box.position_x + box.width - right


def _unit_containing(text: str, units: list[tuple[str, Location]]) -> Location | None:
    """The unit whose text holds the longest word of `text` (a line may end in a hyphen it added)."""
    words = re.sub(r"\s+", " ", text).split(" ")
    word = max(words, key=len).rstrip("-\u2010")
    return next((where for plain, where in units if word and word in plain), None)
