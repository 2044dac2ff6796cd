"""`render.py xliff export --to LANG` and `render.py xliff import FILE`: units out to a translation
service as XLIFF 1.2, and their translations back into the YAML files."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..model.languages import LANGUAGE, other
from ..translation.state import NEW, STALE


def export(root: Path, target: str, only: list[str], file: Path | None) -> int:
    from ..translation.xliff_export import export as write_export

    path, units, lock = write_export(root, target, only, file)
    names = LANGUAGE[other(target)].name, LANGUAGE[target].name
    if path is None:
        print(f"nothing to export: no unit to translate from {names[0]} into {names[1]} is "
              f"{' or '.join(only) if only else 'there'}")
        return 0
    statuses = Counter(lock.status(unit) for unit in units)
    print(f"wrote {len(units)} unit{'' if len(units) == 1 else 's'} to translate from {names[0]} into {names[1]} "
          f"({statuses[STALE]} changed, {statuses[NEW]} new) to {path}")
    return 0


def import_(root: Path, file: Path, dry_run: bool) -> int:
    from ..translation.xliff_import import import_file

    result = import_file(root, file, dry_run)
    for warning in result.warnings:
        print(f"warning: {warning.located()}", file=sys.stderr)
    if dry_run:
        sys.stdout.write("".join(rewrite.diff() for rewrite in result.rewrites))
    print(result.summary(dry_run))
    return 0
