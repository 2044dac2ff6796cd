"""The project as loaded once: its content, map places and page words, and its layouts by name;
and which files an output's digest covers beyond them (folders.py names the folders)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AfficheError, Location
from .folders import DRAWN_FROM
from .load.content import CONTENT_FILE, load_content
from .load.layouts import layout_names, load_layout
from .load.page_words import load_page_words
from .load.places import load_map_content
from .model.content import Content
from .model.layout import Layout
from .model.page_words import PageWords
from .model.places import MapContent
from .model.text_units import Unit, text_units

if TYPE_CHECKING:
    from .outputs.edition import Edition


@dataclass
class Project:
    root: Path
    content: Content
    places: MapContent
    page_words: PageWords
    _layouts: dict[str, Layout] = field(default_factory=dict)

    def layout(self, name: str) -> Layout:
        if name not in self._layouts:
            self._layouts[name] = load_layout(name, self.root, self.content)
        return self._layouts[name]

    def editions(self, layouts: list[Layout], wanted: tuple[str, ...], created: datetime) -> list[Edition]:
        """Each layout in each wanted language (all it lists by default), or in both at once."""
        from .outputs.edition import localized_editions  # localizing and the map: once the inputs loaded

        chosen = [(layout, languages) for layout in layouts for languages in layout.editions(wanted)]
        return localized_editions(self.content, self.places, chosen, created)

    def units(self) -> list[Unit]:
        """Every translatable unit: the content's, the map's labels and the download page's words."""
        return list(text_units(self.content, self.places, self.page_words))

    def layouts(self, names: list[str] | tuple[str, ...] = ()) -> list[Layout]:
        """The named layouts, or every one in layouts/."""
        names = list(names) or layout_names(self.root)
        if not names:
            raise AfficheError(Location("layouts/"), "no layout files found", "add a layouts/<name>.yaml file")
        return [self.layout(name) for name in names]


def load_project(root: Path) -> Project:
    """Everything but the layouts, which load when asked for (a build may need only one)."""
    content = load_content(root / CONTENT_FILE, root)
    return Project(root, content, load_map_content(root), load_page_words(root))


def drawn_files(root: Path) -> list[Path]:
    return [path for folder in DRAWN_FROM if (root / folder).is_dir()
            for path in (root / folder).rglob("*") if path.is_file()]
