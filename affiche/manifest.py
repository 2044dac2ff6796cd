"""The output manifest: what each output was made from, so a rebuild can keep it.

`output/.affiche-manifest.json` records, for every render job (a layout in a
language), the digest of its inputs and the name, page count and SHA-256 of each
file it wrote. A job is kept only when its digest is the recorded one and every
file it wrote is still on disk with the recorded bytes: a file edited, deleted or
half-copied by hand is rebuilt. A manifest that cannot be read counts as empty.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .write import write_atomically

MANIFEST_NAME = ".affiche-manifest.json"
FORMAT = 1


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
            return (job["inputs"] == inputs and bool(job["files"])
                    and all(_sha256(self.output_dir / file["name"]) == file["sha256"] for file in job["files"]))
        except (OSError, KeyError, TypeError):
            return False

    def files(self, key: str) -> list[tuple[Path, int]]:
        """The files a kept job wrote, with their page counts."""
        return [(self.output_dir / file["name"], file["pages"]) for file in self.jobs[key]["files"]]

    def record(self, key: str, inputs: str, files: list[tuple[Path, bytes, int, str]]) -> None:
        """`files`: (path, bytes, pages, the renderer's note) of each file the job wrote."""
        self.jobs[key] = {"inputs": inputs, "files": [
            {"name": path.name, "pages": pages, "sha256": hashlib.sha256(data).hexdigest()}
            for path, data, pages, _ in files]}

    def write(self) -> None:
        text = json.dumps({"format": FORMAT, "jobs": self.jobs}, indent=1, sort_keys=True)
        write_atomically(self.output_dir / MANIFEST_NAME, text.encode("utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
