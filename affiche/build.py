"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated before the first file is written, so a bad
layout or content file stops the build with all previous outputs untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .checks import Finding, PreflightFailed
from .checks.run import input_findings, project_findings
from .dates import build_time
from .downloads import load_page_text, publish_download_page
from .errors import AfficheError, Location
from .load import layout_names, load_content, load_layout
from .load_map import load_map_content
from .localize import localize, localize_map
from .model import LANGUAGES, Content, Layout, MapContent, PosterLayout
from .render.brochure import render_handout, render_handout_for_print
from .render.poster import print_files, print_shop_pdf, render_poster
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


def print_name(layout: Layout | PosterLayout, lang: str) -> str:
    """The print-shop PDF of a layout with `print:`: <layout>-<lang>-print.pdf."""
    return f"{layout.name}-{lang}-print.pdf"


def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None,
          warn: Callable[[str], None] = lambda message: None) -> list[Output]:
    content = load_content(root / CONTENT_FILE, root)
    places = load_map_content(root)
    page_text = load_page_text(root)
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
    preflight(content, places, plans, root, wanted, warn)
    outputs = []
    for layout, lang in plans:
        for path, data, pages in render_files(layout, lang, content, places, root, output_dir):
            write_atomically(path, data)
            outputs.append(Output(path, pages, len(data)))
            report(outputs[-1])
    # Last, so the page lists every output now in output_dir, this build's and earlier ones'.
    publish_download_page(root, output_dir, content, page_text, warn)
    return outputs


def preflight(content: Content, places: MapContent, plans: list[tuple[Layout | PosterLayout, str]], root: Path,
              languages: tuple[str, ...], warn: Callable[[str], None]) -> None:
    """The cheap preflight checks of what is about to be set: warnings go on, errors stop before any write."""
    layouts = list({layout.name: layout for layout, _ in plans}.values())
    findings = input_findings(content, places, layouts, root, languages or None)
    for finding in findings:
        if finding.severity == "warning":
            warn(finding.located())
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        raise PreflightFailed(errors)


def check(root: Path, output_dir: Path, strict: bool = False) -> list[Finding]:
    """`render.py check`: every preflight finding on the project's inputs and the PDFs in output_dir."""
    content = load_content(root / CONTENT_FILE, root)
    places = load_map_content(root)
    layouts = [load_layout(name, root, content) for name in layout_names(root)]
    return project_findings(content, places, layouts, root, output_dir, strict)


def render_files(layout: Layout | PosterLayout, lang: str, content: Content, places: MapContent, root: Path,
                 output_dir: Path) -> list[tuple[Path, bytes, int]]:
    """Every file of one layout in one language, rendered in full before any is written."""
    doc, world = localize(content, lang), localize_map(places, content, lang)
    created = build_time(content)
    print_path = output_dir / print_name(layout, lang)
    if isinstance(layout, PosterLayout):
        svg = render_poster(layout, doc, world, places, root)
        pdf, png = print_files(svg, doc, created)
        files = [(output_dir / output_name(layout, lang, extension), data, 1)
                 for extension, data in (("svg", svg.encode("utf-8")), ("pdf", pdf), ("png", png))]
        if layout.print_spec:
            files.append((print_path, print_shop_pdf(layout, doc, world, places, root, created, print_path.name), 1))
        return files
    pdf = render_handout(doc, world, places, layout, root, created)
    files = [(output_dir / output_name(layout, lang), pdf.data, pdf.pages)]
    if layout.print_spec:
        printed = render_handout_for_print(doc, world, places, layout, root, created, print_path.name)
        files.append((print_path, printed.data, printed.pages))
    return files
