"""What an output is made from, reduced to one digest.

A rebuild skips an output only when the digest of everything that went into it is
the one recorded when it was written and the file on disk is still the file that
was written. The digest covers the localized text the renderer receives (so an
edit to a French string leaves the English outputs alone), the layout and its
theme, the font files, the map data, the build time, and the code: affiche's own
files and the versions of the libraries and C libraries that draw the pages.
It leaves out where each value stands in its file: a comment or a blank line
added to a YAML file moves every line after it and changes nothing printed.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import hashlib
import json
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import Location

PACKAGE = Path(__file__).resolve().parent.parent
# Pillow's littleCMS converts the print PDFs' colours; pyphen hyphenates the posters; defusedxml reads artwork.
RENDERING_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "fonttools", "babel", "reportlab", "segno", "pyphen",
                       "defusedxml", "pikepdf", "pypdfium2", "pillow", "jinja2", "pyyaml")


def digest(*parts: Any) -> str:
    """A SHA-256 over a canonical JSON form of the parts (dataclasses, dicts, tuples, paths, dates)."""
    text = json.dumps(parts, default=_canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, Location):
        return None  # where a value was written is not what prints
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__,
                **{field.name: getattr(value, field.name) for field in dataclasses.fields(value)}}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)  # Decimal, date, datetime, Path: their text is their identity


def shared_digest(root: Path) -> str:
    """What every edition is made from besides its own model: the files drawn from and the code."""
    from ..project import drawn_files

    return digest(files_digest(drawn_files(root), root), code_digest())


def file_digest(path: Path) -> str:
    status = path.stat()
    return _content_digest(str(path), (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns))


@lru_cache(maxsize=4096)  # watch, serve and edit digest the same fonts, artwork and templates at every save
def _content_digest(path: str, status: tuple[int, int, int, int]) -> str:
    """A file's SHA-256, read again whenever it is another file (an editor's save by renaming), or
    its size or times of change differ."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The files' digests by their paths in the project: a project moved or copied elsewhere keeps its outputs."""
    return digest({str(path.relative_to(root)): file_digest(path) for path in sorted(set(paths))})


def code_digest() -> str:
    """affiche's source, templates and profile, and every library version that shapes the output
    bytes. Each file is looked at again every time (watch sees template edits), and read again
    when it changed (file_digest)."""
    return digest({str(path.relative_to(PACKAGE)): file_digest(path) for path in sorted(_package_files())},
                  _library_versions())


@cache  # a new file could only matter to code that names it, which a running process does not have
def _package_files() -> tuple[Path, ...]:
    return tuple(path for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


@cache
def _library_versions() -> dict[str, str]:
    return {**{name: _version(name) for name in RENDERING_LIBRARIES}, **_native_versions()}


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def _native_versions() -> dict[str, str]:
    """Pango lays out the text: a system upgrade of it means rebuild. Read from the library through
    ctypes: importing WeasyPrint, which a build with nothing to do needs for nothing else, takes most
    of a second."""
    pango = _native_library("libpango-1.0.so.0", "pango-1.0")
    if pango is None:  # not where the linker finds it: ask WeasyPrint's binding
        from ..pdf.weasyprint_compat import pango_version

        return {"pango": pango_version()}
    return {"pango": str(pango.pango_version())}


def _native_library(soname: str, name: str) -> ctypes.CDLL | None:
    """The shared library by its Debian soname, else wherever the linker finds it, else None."""
    for candidate in (soname, lambda: ctypes.util.find_library(name)):
        try:
            return ctypes.CDLL(candidate() if callable(candidate) else candidate)
        except (OSError, TypeError):
            continue
    return None
