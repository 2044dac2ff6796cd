"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated before the first file is written, so a bad
layout or content file stops the build with all previous outputs untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .dates import build_time
from .errors import AfficheError, Location
from .load import layout_names, load_content, load_layout
from .load_map import load_map_content
from .localize import localize, localize_map
from .model import LANGUAGES, Content, Layout, MapContent, PosterLayout
from .render.brochure import render_handout
from .render.poster import print_files, render_poster
from .render.worldmap import empty_categories
from .write import write_atomically

CONTENT_FILE = Path("data") / "handout.yaml"


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    size: int


def output_name(layout: Layout | PosterLayout, lang: str, extension: str = "pdf") -> str:
    """The one naming scheme: <layout>-<lang>.<ext>, e.g. handout-letter-fr.pdf, poster-tabloid-en.svg."""
    return f"{layout.name}-{lang}.{extension}"


def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None,
          warn: Callable[[str], None] = lambda message: None) -> list[Output]:
    content = load_content(root / CONTENT_FILE, root)
    places = load_map_content(root)
    chosen = list(layouts) or layout_names(root)
    if not chosen:
        raise AfficheError(Location("layouts/"), "no layout files found", "add a layouts/<name>.yaml file")
    wanted = tuple(languages)
    for lang in wanted:
        if lang not in LANGUAGES:
            raise AfficheError(Location("command line"), f"unknown language '{lang}'", "use fr or en")
    plans = [(layout, lang) for layout in (load_layout(name, root, content) for name in chosen)
             for lang in layout.languages if not wanted or lang in wanted]
    if not plans:
        raise AfficheError(Location("command line"), "nothing to build for these layouts and languages",
                           "check the layout's 'languages:' list")
    for category in empty_categories(places):
        warn(f"{places.source}: legend category {category} marks no place on the map "
             f"(add entries with 'category: {category}' when there are some)")
    outputs = []
    for layout, lang in plans:
        for path, data, pages in render_files(layout, lang, content, places, root, output_dir):
            write_atomically(path, data)
            outputs.append(Output(path, pages, len(data)))
            report(outputs[-1])
    return outputs


def render_files(layout: Layout | PosterLayout, lang: str, content: Content, places: MapContent, root: Path,
                 output_dir: Path) -> list[tuple[Path, bytes, int]]:
    """Every file of one layout in one language, rendered in full before any is written."""
    doc, world = localize(content, lang), localize_map(places, content, lang)
    created = build_time(content)
    if isinstance(layout, PosterLayout):
        svg = render_poster(layout, doc, world, places, root)
        pdf, png = print_files(svg, doc, created)
        return [(output_dir / output_name(layout, lang, extension), data, 1)
                for extension, data in (("svg", svg.encode("utf-8")), ("pdf", pdf), ("png", png))]
    pdf = render_handout(doc, world, places, layout, root, created)
    return [(output_dir / output_name(layout, lang), pdf.data, pdf.pages)]
