"""The output manifest: what each output is and what it was made from, and which files are affiche's.

`output/.affiche-manifest.json` records, for every edition (a layout in one language, or
both), the digest of its inputs and each file it wrote: its name, document kind, edition,
variant, pages, trim and bleed, and SHA-256. A rebuild keeps an edition only when its digest is
the recorded one and every file it wrote is still on disk with the recorded bytes: a file edited,
deleted or half-copied by hand is rebuilt. The download page lists what the manifest records,
so it needs no layout to tell a poster from a handout.

Under `unchanged_builds`, the last good builds, each with the digest of the bytes it was made
from (unchanged.py): a build asked for the same, from the same bytes, needs to load nothing.

Under `site` it records the download page's own files (pages, fonts, licences, thumbnails),
each name with its SHA-256. The outputs and the site files together are every file affiche
made in the folder, the only ones a build may overwrite or delete (pipeline/folder.py).

Format 2, before the site record, is read with its jobs, so an upgrade rebuilds nothing, but
it cannot tell which site files are affiche's; neither can format 1 (whose jobs are not read)
or a manifest that cannot be read. Each still shows that affiche built into the folder:
`accounts_for_its_files` is False, the site record stays null until a download page is
recorded, and pipeline/folder.py says what that allows. No manifest at all: nothing in the
folder is affiche's.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..model.outputs import OutputFile, OutputName
from .write import write_if_changed

MANIFEST_NAME = ".affiche-manifest.json"
FORMAT = 3
JOBS_ONLY_FORMAT = 2  # its jobs are recorded as today's, and it has no site record


class Manifest:
    def __init__(self, output_dir: Path, jobs: dict[str, dict], site: dict[str, str] | None,
                 site_inputs: str | None = None, unchanged_builds: dict[str, dict] | None = None) -> None:
        self.output_dir = output_dir
        self.jobs = jobs
        self.site = site  # the download page's files, name -> SHA-256; None when not known
        self.site_inputs = site_inputs  # the digest of what the download page was made from
        self.unchanged_builds = unchanged_builds or {}  # the last good builds, by request (unchanged.py)

    @classmethod
    def read(cls, output_dir: Path) -> Manifest:
        try:
            recorded = json.loads((output_dir / MANIFEST_NAME).read_text("utf-8"))
        except FileNotFoundError:
            return cls(output_dir, {}, {})
        except (OSError, ValueError):
            return cls(output_dir, {}, None)
        site = _site(recorded)
        inputs = recorded.get("site_inputs") if site is not None else None
        builds = recorded.get("unchanged_builds") if site is not None else None
        return cls(output_dir, _jobs(recorded), site, inputs if isinstance(inputs, str) else None,
                   builds if isinstance(builds, dict) else None)

    @property
    def path(self) -> Path:
        return self.output_dir / MANIFEST_NAME

    @property
    def accounts_for_its_files(self) -> bool:
        """False for a manifest of an older affiche, or a damaged one: it shows that affiche
        built into this folder, but not which of the files there are affiche's."""
        return self.site is not None

    def made(self, name: str) -> bool:
        """Whether the manifest records the file (a path relative to output/) as one affiche wrote."""
        return name in (self.site or {}) or name in {str(file.name) for file in self.all_files()}

    def unchanged(self, key: str, inputs: str) -> bool:
        job = self.jobs.get(key)
        try:
            return job["inputs"] == inputs and self.intact(key)
        except (KeyError, TypeError):
            return False

    def intact(self, key: str) -> bool:
        """Whether the edition wrote files and each is on disk as written."""
        try:
            files = self.files(key)
            return bool(files) and all(_sha256(self.output_dir / str(file.name)) == file.sha256 for file in files)
        except (OSError, KeyError, TypeError, ValueError, AttributeError):
            return False

    def files(self, key: str) -> list[OutputFile]:
        """The files an edition wrote, as recorded; raises KeyError, TypeError or ValueError on a
        damaged record."""
        return [_from_json(file) for file in self.jobs[key]["files"]]

    def files_or_none(self, key: str) -> list[OutputFile]:
        """The files an edition wrote, as recorded; none for an edition unknown or damaged."""
        try:
            return self.files(key)
        except (KeyError, TypeError, ValueError, AttributeError):
            return []

    def all_files(self) -> list[OutputFile]:
        """Every file any recorded edition wrote, whichever build wrote it; damaged records left out."""
        return [file for key in sorted(self.jobs) for file in self.files_or_none(key)]

    def record(self, key: str, inputs: str, files: list[OutputFile]) -> None:
        self.jobs[key] = {"inputs": inputs, "files": [_to_json(file) for file in files]}

    def site_current(self, inputs: str) -> bool:
        """Whether the download page was made from these inputs and its files are still as written."""
        return self.site_inputs == inputs and self.site_intact()

    def site_intact(self) -> bool:
        """Whether the download page's files are known and each is on disk as written."""
        try:
            return self.site is not None and all(
                _sha256(self.output_dir / name) == sha256 for name, sha256 in self.site.items())
        except OSError:
            return False

    def record_site(self, files: dict[str, bytes]) -> None:
        self.site = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}

    def encoded(self) -> bytes:
        # An unknown site record stays unknown (null) until a download page is published: an
        # edition written meanwhile must not make the earlier pages look like someone else's.
        text = json.dumps({"format": FORMAT, "jobs": self.jobs, "site": self.site, "site_inputs": self.site_inputs,
                           **({"unchanged_builds": self.unchanged_builds} if self.unchanged_builds else {})},
                          indent=1, sort_keys=True)
        return text.encode("utf-8")

    def write(self) -> None:
        write_if_changed(self.path, self.encoded())


def _jobs(recorded: object) -> dict:
    jobs = recorded.get("jobs") if isinstance(recorded, dict) and recorded.get("format") in (
        FORMAT, JOBS_ONLY_FORMAT) else None
    return jobs if isinstance(jobs, dict) else {}


def _site(recorded: object) -> dict[str, str] | None:
    site = recorded.get("site") if isinstance(recorded, dict) and recorded.get("format") == FORMAT else None
    if isinstance(site, dict) and all(isinstance(name, str) and isinstance(digest, str)
                                      for name, digest in site.items()):
        return site
    return None


def _to_json(file: OutputFile) -> dict:
    return {"name": str(file.name), "document": file.document, "edition": file.name.edition,
            "variant": file.name.variant, "pages": file.pages, "trim_mm": list(file.trim_mm),
            "bleed_mm": file.bleed_mm, "sha256": file.sha256,
            **({"overflows": [list(overflow) for overflow in file.overflows]} if file.overflows else {})}


def _from_json(record: dict) -> OutputFile:
    name = OutputName.parse(record["name"])
    if name is None or (name.edition, name.variant) != (record["edition"], record["variant"]):
        raise ValueError(f"not an output name: {record['name']!r}")
    width, height = (float(value) for value in record["trim_mm"])
    overflows = tuple((int(page), str(text), float(by)) for page, text, by in record.get("overflows", ()))
    return OutputFile(name, str(record["document"]), int(record["pages"]), (width, height),
                      float(record["bleed_mm"]), str(record["sha256"]), overflows)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
