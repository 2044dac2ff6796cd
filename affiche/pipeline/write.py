"""write: outputs land whole or not at all.

Each file is written to a temporary name in the same folder, flushed to disk and
renamed over the old one, so a build that fails midway leaves the previous good
file in place and a reader never sees half a PDF.

Files that belong together, an edition's files and the manifest that records them, are
all written to their temporaries before the first is renamed: a full disk or a refused
folder then changes none of them. The record is renamed first, so an interruption
between the renames never leaves in place a file that the record does not account for.

A file that cannot be written is a NotWritten error naming the file affiche meant to
write, never its temporary, with what to do. A rename is left as it fails: beside the
temporary just written there, it fails only where a folder stands at the path, which the
build refuses before writing anything (folder.py).
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import AfficheError

ELSEWHERE = "build into another folder with --output"


class NotWritten(AfficheError):
    """A file or folder of the output that the system refused, named by its full path."""

    def __init__(self, path: Path, error: OSError, verb: str = "written",
                 needs_writing: str = "the folder that holds it") -> None:
        self.path = path
        super().__init__(str(path), f"cannot be {verb}: {reason(error)}", fix(error, needs_writing))

    def seen_from(self, root: Path) -> AfficheError:
        """The same error with the path as the build's other messages show it, from the project folder."""
        from ..load.reader import relative_name  # the loaders' YAML: not for a build that writes nothing

        return AfficheError(relative_name(self.path, root), self.problem, self.fix)


def write_atomically(path: Path, data: bytes) -> None:
    write_together({path: data})


def write_if_changed(path: Path, data: bytes) -> None:
    """Leave identical files alone, so their dates keep saying when they last changed."""
    if not unchanged(path, data):
        write_atomically(path, data)


def write_with_record(files: dict[Path, bytes], record: Path, recorded: bytes) -> None:
    """Write files and the record that accounts for them together; identical files are left alone."""
    # The files staged before the record, so that a full disk is told about them; the record renamed
    # first (see the module's docstring).
    changed = {path: data for path, data in {**files, record: recorded}.items() if not unchanged(path, data)}
    write_together(changed, first=record)


def write_together(files: dict[Path, bytes], first: Path | None = None) -> None:
    """Write files that belong together: each staged whole beside its path, in order, before the
    first is renamed over its path (`first` renamed first), so that a file that cannot be written
    changes none of them. Only a rename failing between two, beside a temporary just written in the
    same folder, could leave some new and the others old: each file is still whole, old or new."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = staged(path, data)
        for path in sorted(temporaries, key=lambda path: path != first):
            os.replace(temporaries[path], path)
            del temporaries[path]
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def delete(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise NotWritten(path, error, "deleted") from None


def unchanged(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def staged(path: Path, data: bytes) -> Path:
    """The data, whole and flushed to disk, under a temporary name beside path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NotWritten(Path(error.filename or path.parent), error, "created") from None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise NotWritten(path, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise NotWritten(path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def reason(error: OSError) -> str:
    """The system's own words, lower-cased to end a sentence: "no space left on device"."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def fix(error: OSError, needs_writing: str) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"free some space on that disk, or {ELSEWHERE}"
    if error.errno == errno.EROFS:
        return f"that disk is read-only: {ELSEWHERE}"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"make {needs_writing} writable, or {ELSEWHERE}"
    return ELSEWHERE
