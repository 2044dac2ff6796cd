#!/usr/bin/env python3
"""Do two revisions of affiche make the same bytes? Builds every default output with each and
compares their SHA-256.

    python3 bench/same_outputs.py                 # the last commit against the work tree
    python3 bench/same_outputs.py --old f2fb50a   # any revision against the work tree

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


def build(project: Path, output: Path, epoch: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, str(project / "render.py"), "build", "--quiet", "--force",
                    "--output", str(output)], check=True, env=env, cwd=project)


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in OUTPUT_SUFFIXES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="HEAD", help="the revision to compare with (default: HEAD)")
    parser.add_argument("--epoch", default="1764028800", help="SOURCE_DATE_EPOCH for both builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="affiche-same-") as scratch:
        scratch = Path(scratch)
        old = export(args.old, scratch / "old")
        build(old, scratch / "old-output", args.epoch)
        build(ROOT, scratch / "new-output", args.epoch)
        before, after = digests(scratch / "old-output"), digests(scratch / "new-output")
    names = sorted(set(before) | set(after))
    different = 0
    print(f"| file | {args.old} | work tree | same |\n| --- | --- | --- | --- |")
    for name in names:
        same = before.get(name) == after.get(name)
        different += not same
        print(f"| {name} | {before.get(name, 'absent')[:12]} | {after.get(name, 'absent')[:12]} | "
              f"{'yes' if same else 'NO'} |")
    print(f"\n{len(names) - different} of {len(names)} files byte-identical")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
