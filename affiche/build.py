"""The pipeline, end to end: load -> localize -> render -> write.

Everything is loaded and validated before the first file is written, so a bad
layout or content file stops the build with all previous outputs untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import AfficheError, Location
from .load import layout_names, load_content, load_layout
from .localize import localize
from .model import LANGUAGES, Layout
from .render.brochure import render_handout
from .write import write_atomically

CONTENT_FILE = Path("data") / "handout.yaml"


@dataclass(frozen=True)
class Output:
    path: Path
    pages: int
    size: int


def output_name(layout: Layout, lang: str) -> str:
    """The one naming scheme: <layout>-<lang>.pdf, e.g. handout-letter-fr.pdf."""
    return f"{layout.name}-{lang}.pdf"


def build(root: Path, output_dir: Path, layouts: Iterable[str] = (), languages: Iterable[str] = (),
          report: Callable[[Output], None] = lambda output: None) -> list[Output]:
    content = load_content(root / CONTENT_FILE, root)
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
    outputs = []
    for layout, lang in plans:
        pdf = render_handout(localize(content, lang), layout, root)
        path = output_dir / output_name(layout, lang)
        write_atomically(path, pdf.data)
        outputs.append(Output(path, pdf.pages, len(pdf.data)))
        report(outputs[-1])
    return outputs
