"""A build with nothing to do, told from the bytes of its inputs alone.

Finding that nothing changed the long way reads every input's meaning: the YAML parsed and
checked, the fonts read, the map's places and every edition localized and digested (fingerprint.py),
which is most of what a build with nothing to do costs. So every good build also records in the
manifest, under what it was asked for (layouts, languages, strictness), the digest of the bytes it
was made from: every file of the input folders (data/, layouts/, fonts/, svg/) as they were when it
began, affiche's code and libraries, SOURCE_DATE_EPOCH; beside it, the editions it covered and the
warnings it gave. The next build asked for the same that finds the same bytes, the output folder
holding the same names and every file the manifest records still as written, reports those
editions kept and gives those warnings again, having loaded nothing. Anything else, even a comment
added to a YAML file, takes the long way, which finds what changed, or that nothing did, and
records again.

The digest reads only the project's own files: a link is digested by where it points, never
followed, and folders past MAX_FILES files or MAX_BYTES bytes take the long way, whose loaders
bound what they read.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .fingerprint import code_digest, digest
from .manifest import Manifest

MAX_FILES = 2_000  # the default project has 28
MAX_BYTES = 64_000_000  # it has 6 MB, nearly all fonts
RECORDS_KEPT = 8  # builds asked for different things (watch's, the editor's, a full one) alternate


@dataclass(frozen=True)
class Record:
    """What a good build was made from, and what it reported without rendering it."""

    inputs: str
    editions: list[str]  # the editions' keys, in the order the build reported their files
    warnings: list[str]


def request_key(layouts: Iterable[str], languages: Iterable[str], strict: bool) -> str:
    """What a build was asked for, in the order asked: its report follows the layouts' order."""
    return digest(list(layouts), list(languages), strict)


def input_digest(root: Path, folders: Iterable[str]) -> str | None:
    """The bytes of every file in the input folders, with the code's digest and the build date's
    setting; None when the folders hold more than a digest should read, or a file it cannot read
    (the long way says what is wrong with it)."""
    files, total = [], 0
    try:
        for folder in folders:
            for path in sorted(project_files(root / folder)):
                total += path.lstat().st_size
                files.append(path)
                if len(files) > MAX_FILES or total > MAX_BYTES:
                    return None
        read = {str(path.relative_to(root)): file_bytes_digest(path) for path in files}
    except OSError:
        return None
    return digest(read, code_digest(), os.environ.get("SOURCE_DATE_EPOCH"))


def project_files(folder: Path) -> Iterable[Path]:
    """Files and links under folder, its links to folders not followed."""
    for here, folders, names in os.walk(folder):  # os.walk follows no link to a folder
        yield from (Path(here) / name for name in names)
        yield from (Path(here) / name for name in folders if (Path(here) / name).is_symlink())


def file_bytes_digest(path: Path) -> str:
    if path.is_symlink():
        return "link to " + os.readlink(path)
    if not path.is_file():
        return "not a file"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def made_from(inputs: str, manifest: Manifest) -> str:
    """The input folders' digest with what the download page is made from in the output folder: the
    names there, and the files the manifest records (each checked on disk by `kept`)."""
    folder = manifest.output_dir
    names = sorted(os.listdir(folder)) if folder.is_dir() else []
    return digest(inputs, names, sorted((str(file.name), file.sha256) for file in manifest.all_files()))


def kept(manifest: Manifest, request: str, inputs: str | None) -> Record | None:
    """The record of a build asked for the same and made from these bytes, when every file it
    covered, and the download page's, is still on disk as written; else None."""
    found = recorded(manifest, request)
    if inputs is None or found is None or found.inputs != made_from(inputs, manifest):
        return None
    if all(manifest.intact(key) for key in found.editions) and manifest.site_intact():
        return found
    return None


def recorded(manifest: Manifest, request: str) -> Record | None:
    """The manifest's record of a build asked for `request`, unless it is damaged."""
    entry = manifest.unchanged_builds.get(request)
    try:
        found = Record(entry["inputs"], list(entry["editions"]), list(entry["warnings"]))
    except (KeyError, TypeError):
        return None
    texts = [found.inputs, *found.editions, *found.warnings]
    return found if all(isinstance(text, str) for text in texts) else None


def record(manifest: Manifest, request: str, inputs: str | None, editions: list[str], warnings: list[str]) -> None:
    """Note a good build in the manifest (its caller writes the manifest), the output folder taken
    as the build leaves it."""
    builds = {key: value for key, value in manifest.unchanged_builds.items() if key != request}
    if inputs is not None:
        builds[request] = {"inputs": made_from(inputs, manifest), "editions": editions, "warnings": warnings}
    manifest.unchanged_builds = dict(list(builds.items())[-RECORDS_KEPT:])
