"""The output manifest: what each output is and what it was made from.

`output/.affiche-manifest.json` records, for every edition (a layout in one language, or
both), the digest of its inputs and each file it wrote: its name, document kind, edition,
variant, pages, trim and bleed, and SHA-256. A rebuild keeps an edition only when its digest is
the recorded one and every file it wrote is still on disk with the recorded bytes: a file edited,
deleted or half-copied by hand is rebuilt. The download page lists what the manifest records,
so it needs no layout to tell a poster from a handout. A manifest that cannot be read counts
as empty.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..model.outputs import OutputFile, OutputName
from .write import write_atomically

MANIFEST_NAME = ".affiche-manifest.json"
FORMAT = 2


class Manifest:
    def __init__(self, output_dir: Path, jobs: dict[str, dict]) -> None:
        self.output_dir = output_dir
        self.jobs = jobs

    @classmethod
    def read(cls, output_dir: Path) -> Manifest:
        try:
            recorded = json.loads((output_dir / MANIFEST_NAME).read_text("utf-8"))
            jobs = recorded["jobs"] if recorded.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            jobs = {}
        return cls(output_dir, jobs if isinstance(jobs, dict) else {})

    def unchanged(self, key: str, inputs: str) -> bool:
        job = self.jobs.get(key)
        try:
            files = self.files(key)
            return job["inputs"] == inputs and bool(files) and all(
                _sha256(self.output_dir / str(file.name)) == file.sha256 for file in files)
        except (OSError, KeyError, TypeError, ValueError, AttributeError):
            return False

    def files(self, key: str) -> list[OutputFile]:
        """The files an edition wrote, as recorded; raises KeyError, TypeError or ValueError on a
        damaged record."""
        return [_from_json(file) for file in self.jobs[key]["files"]]

    def all_files(self) -> list[OutputFile]:
        """Every file any recorded edition wrote, whichever build wrote it; damaged records left out."""
        found = []
        for key in sorted(self.jobs):
            try:
                found += self.files(key)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return found

    def record(self, key: str, inputs: str, files: list[OutputFile]) -> None:
        self.jobs[key] = {"inputs": inputs, "files": [_to_json(file) for file in files]}

    def write(self) -> None:
        text = json.dumps({"format": FORMAT, "jobs": self.jobs}, indent=1, sort_keys=True)
        write_atomically(self.output_dir / MANIFEST_NAME, text.encode("utf-8"))


def _to_json(file: OutputFile) -> dict:
    return {"name": str(file.name), "document": file.document, "edition": file.name.edition,
            "variant": file.name.variant, "pages": file.pages, "trim_mm": list(file.trim_mm),
            "bleed_mm": file.bleed_mm, "sha256": file.sha256}


def _from_json(record: dict) -> OutputFile:
    name = OutputName.parse(record["name"])
    if name is None or (name.edition, name.variant) != (record["edition"], record["variant"]):
        raise ValueError(f"not an output name: {record['name']!r}")
    width, height = (float(value) for value in record["trim_mm"])
    return OutputFile(name, str(record["document"]), int(record["pages"]), (width, height),
                      float(record["bleed_mm"]), str(record["sha256"]))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
