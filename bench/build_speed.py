#!/usr/bin/env python3
"""How much affiche adds on top of WeasyPrint.

Times a full build of every handout (load, localize, render, write) and, in the
same run, WeasyPrint alone turning the very same HTML and CSS into PDFs; prints
both and their ratio. Run: python bench/build_speed.py [--rounds N]
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from affiche.build import CONTENT_FILE, build  # noqa: E402
from affiche.dates import build_time  # noqa: E402
from affiche.load import layout_names, load_content, load_layout  # noqa: E402
from affiche.load_map import load_map_content  # noqa: E402
from affiche.localize import localize, localize_map  # noqa: E402
from affiche.render.brochure import handout_css, handout_html  # noqa: E402
from affiche.render.fetch import ProjectFetcher  # noqa: E402


def handout_layouts() -> list[str]:
    return [name for name in layout_names(ROOT) if name.startswith("handout-")]


def poster_layouts() -> list[str]:
    return [name for name in layout_names(ROOT) if name.startswith("poster-")]


def full_build(output_dir: Path, layouts: list[str]) -> int:
    return len(build(ROOT, output_dir, layouts))


def weasyprint_alone(sources: list[tuple[str, str]]) -> int:
    base_url = f"{ROOT.as_uri()}/"
    for html, css in sources:
        fonts = FontConfiguration()
        fetcher = ProjectFetcher(ROOT)
        stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts).write_pdf()
    return len(sources)


def same_sources() -> list[tuple[str, str]]:
    content = load_content(ROOT / CONTENT_FILE, ROOT)
    places = load_map_content(ROOT)
    sources = []
    for name in handout_layouts():
        layout = load_layout(name, ROOT, content)
        for lang in layout.languages:
            doc = localize(content, lang)
            html = handout_html(doc, localize_map(places, content, lang), places, layout, ROOT,
                                build_time(content))
            sources.append((html, handout_css(doc, layout)))
    return sources


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    logging.disable(logging.WARNING)
    sources = same_sources()
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch)
        full_build(output, handout_layouts())  # warm-up: imports, font parsing, hyphenation dictionaries
        builds, alone, posters = [], [], []
        for _ in range(rounds):  # interleaved, so all see the same machine load
            builds.append(timed(full_build, output, handout_layouts()))
            alone.append(timed(weasyprint_alone, sources))
            posters.append(timed(full_build, output, poster_layouts()))
        sizes = {path.name: path.stat().st_size for path in output.iterdir()}
    full, bare = statistics.median(builds), statistics.median(alone)
    print(f"handout PDFs per build:        {len(sources)}")
    print(f"handout build (median of {rounds}):  {full:.3f} s")
    print(f"WeasyPrint alone, same HTML:   {bare:.3f} s")
    print(f"ratio build / WeasyPrint:      {full / bare:.2f}")
    print(f"poster build, SVG+PDF+PNG:     {statistics.median(posters):.3f} s for {len(poster_layouts()) * 2} posters")
    for name in sorted(sizes):
        print(f"  {name:32} {sizes[name] / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
