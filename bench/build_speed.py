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
from affiche.load import layout_names, load_content, load_layout  # noqa: E402
from affiche.localize import localize  # noqa: E402
from affiche.render.brochure import handout_css, handout_html  # noqa: E402
from affiche.render.fetch import ProjectFetcher  # noqa: E402


def full_build(output_dir: Path) -> int:
    return len(build(ROOT, output_dir))


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
    sources = []
    for name in layout_names(ROOT):
        layout = load_layout(name, ROOT, content)
        for lang in layout.languages:
            doc = localize(content, lang)
            sources.append((handout_html(doc, layout), handout_css(doc, layout)))
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
        full_build(Path(scratch))  # warm-up: imports, font parsing, hyphenation dictionaries
        builds, alone = [], []
        for _ in range(rounds):  # interleaved, so both see the same machine load
            builds.append(timed(full_build, Path(scratch)))
            alone.append(timed(weasyprint_alone, sources))
    full, bare = statistics.median(builds), statistics.median(alone)
    print(f"outputs per build:        {len(sources)}")
    print(f"full build (median of {rounds}): {full:.3f} s")
    print(f"WeasyPrint alone:         {bare:.3f} s")
    print(f"ratio build / WeasyPrint: {full / bare:.2f}")


if __name__ == "__main__":
    main()
