"""layouts/<name>.yaml -> a HandoutLayout or a PosterLayout, by its `document:` key."""
from __future__ import annotations

from pathlib import Path

from ..errors import AfficheError, Location
from ..model.content import Content
from ..model.layout import Layout
from .handout_layout import read_handout_layout
from .poster_layout import read_poster_layout
from .reader import Reader, relative_name
from .yamlsrc import read_yaml


def layout_names(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "layouts").glob("*.yaml"))


def load_layout(name: str, root: Path, content: Content) -> Layout:
    if Path(name).name != name or name.startswith("."):  # its name also names the outputs
        raise AfficheError(Location("command line"), f"layout name '{name}' is not a plain name",
                           "give the name of a file in layouts/ without folder or '.yaml', e.g. handout-letter")
    path = root / "layouts" / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(layout_names(root)) or "none"
        raise AfficheError(Location(f"layouts/{name}.yaml"), f"no layout named '{name}'", f"known layouts: {known}")
    reader = Reader(read_yaml(path, relative_name(path, root)))
    if not isinstance(reader.get(()), dict) or "document" not in reader.get(()):
        raise reader.error((), "missing key 'document'", "start the layout with 'document: handout' or 'poster'")
    document = reader.string(("document",), "a document kind")
    if document == "poster":
        return read_poster_layout(reader, name, root, content)
    if document != "handout":
        raise reader.error(("document",), f"unknown document kind '{document}'", "use 'handout' or 'poster'")
    return read_handout_layout(reader, name, root, content)
