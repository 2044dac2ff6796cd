"""layouts/<name>.yaml -> a HandoutLayout or a PosterLayout, by its `document:` key.

A layout's name also names its output files and their links on the download page, so it must
be a safe name (affiche.names), checked before its file is read."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.content import Content
from ..model.layout import Layout
from ..names import RULE, check_name
from .files import project_file
from .handout_layout import read_handout_layout
from .poster_layout import read_poster_layout
from .reader import Reader
from .yamlsrc import read_yaml


def layout_names(root: Path) -> list[str]:
    """The layouts in layouts/, each with a safe name and a file inside the project.

    Of the entries named *.yaml that are not layout files, a folder is left out: no one takes a
    folder for a layout, and it can never be read as one. So are hidden entries, where editors
    keep their locks and backups (Emacs's .#name.yaml is a link to nowhere). Anything else is an
    error that names it, a link to a missing file or out of the project, a named pipe: it looks
    like a layout, and a build that went on without it would silently drop its outputs."""
    names = []
    for path in (root / "layouts").glob("*.yaml"):
        if path.name.startswith(".") or path.is_dir():
            continue
        names.append(check_name(path.stem, "layout name", Location(f"layouts/{path.name}"),
                                f"rename the file: {RULE}"))
        project_file(path, root)
    return sorted(names)


def load_layout(name: str, root: Path, content: Content) -> Layout:
    check_name(name, "layout name", Location("command line"))  # names from layout_names pass already
    path = root / "layouts" / f"{name}.yaml"
    if not os.path.lexists(path):  # a link to nowhere is not missing: read_yaml says what it is
        known = ", ".join(layout_names(root)) or "none"
        raise AfficheError(Location(f"layouts/{name}.yaml"), f"no layout named '{name}'", f"known layouts: {known}")
    reader = Reader(read_yaml(path, root))
    if not isinstance(reader.get(()), dict) or "document" not in reader.get(()):
        raise reader.error((), "missing key 'document'", "start the layout with 'document: handout' or 'poster'")
    document = reader.string(("document",), "a document kind")
    if document == "poster":
        return read_poster_layout(reader, name, root, content)
    if document != "handout":
        raise reader.error(("document",), f"unknown document kind '{document}'", "use 'handout' or 'poster'")
    return read_handout_layout(reader, name, root, content)
