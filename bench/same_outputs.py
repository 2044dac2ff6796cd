#!/usr/bin/env python3
"""Do two revisions of affiche make the same bytes? Builds every default output with each and
compares their SHA-256, and the pixels of PNGs whose bytes differ.

    python3 bench/same_outputs.py                 # the last commit against the work tree
    python3 bench/same_outputs.py --old f2fb50a   # any revision against the work tree
    python3 bench/same_outputs.py --jobs 1        # each built in one process: what a process keeps
                                                  # from one file to the next must change no byte

The old revision is exported with `git archive` into a scratch folder (the work tree is left
alone), and each revision builds its own project files into its own output folder, in a fresh
process, with the same SOURCE_DATE_EPOCH. Exit status 1 when any file differs or exists in one
build only; the table lists every file either way.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from revisions import ROOT, export

OUTPUT_SUFFIXES = (".pdf", ".svg", ".png", ".html", ".woff")


def build(project: Path, output: Path, epoch: str, jobs: list[str]) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, str(project / "render.py"), "build", "--quiet", "--force", *jobs,
                    "--output", str(output)], check=True, env=env, cwd=project)


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in OUTPUT_SUFFIXES}


def same_pixels(old: Path, new: Path) -> bool:
    """Two PNGs that show the same picture, however each was compressed."""
    from PIL import Image

    with Image.open(old) as before, Image.open(new) as after:
        return before.size == after.size and \
            before.convert("RGBA").tobytes() == after.convert("RGBA").tobytes()


def verdict(name: str, before: dict[str, str], after: dict[str, str], folders: tuple[Path, Path]) -> str:
    if before.get(name) == after.get(name):
        return "yes"
    if name in before and name in after and name.endswith(".png") and \
            same_pixels(folders[0] / name, folders[1] / name):
        return "same pixels"
    return "NO"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="HEAD", help="the revision to compare with (default: HEAD)")
    parser.add_argument("--epoch", default="1764028800", help="SOURCE_DATE_EPOCH for both builds")
    parser.add_argument("--jobs", help="render.py build's --jobs for both builds (default: its own)")
    args = parser.parse_args()
    jobs = ["--jobs", args.jobs] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="affiche-same-") as scratch:
        scratch = Path(scratch)
        folders = scratch / "old-output", scratch / "new-output"
        old = export(args.old, scratch / "old")
        build(old, folders[0], args.epoch, jobs)
        build(ROOT, folders[1], args.epoch, jobs)
        before, after = digests(folders[0]), digests(folders[1])
        names = sorted(set(before) | set(after))
        verdicts = {name: verdict(name, before, after, folders) for name in names}
    print(f"| file | {args.old} | work tree | same |\n| --- | --- | --- | --- |")
    for name in names:
        print(f"| {name} | {before.get(name, 'absent')[:12]} | {after.get(name, 'absent')[:12]} | "
              f"{verdicts[name]} |")
    identical = sum(verdict == "yes" for verdict in verdicts.values())
    pictures = sum(verdict == "same pixels" for verdict in verdicts.values())
    print(f"\n{identical} of {len(names)} files byte-identical, {pictures} more the same pictures")
    return 1 if "NO" in verdicts.values() else 0


if __name__ == "__main__":
    sys.exit(main())
