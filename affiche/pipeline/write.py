"""write: outputs land whole or not at all.

Each file is written to a temporary name in the same folder, flushed to disk and
renamed over the old one, so a build that fails midway leaves the previous good
file in place and a reader never sees half a PDF.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> None:
    """Leave identical files alone, so their dates keep saying when they last changed."""
    if not (path.is_file() and path.read_bytes() == data):
        write_atomically(path, data)
