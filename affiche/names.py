"""The one rule for names that affiche turns into folder and file names, output file names and URLs.

A safe name is 1 to 64 ASCII letters, digits, '-', '_' and '.', and starts with neither '.' nor '-'.
Such a name means the same on every file system and in a URL without escaping, fits on one line of
an error message, and can be typed in any shell without quotes. A leading '.' would hide the file
(or be '..'); a leading '-' would read as an option to the commands the name is handed to.
"""
from __future__ import annotations

import re

from .errors import AfficheError, Location

MAX_LENGTH = 64
SAFE_NAME = re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_LENGTH - 1}}}")
RULE = f"use 1 to {MAX_LENGTH} ASCII letters, digits, '-', '_' or '.', not starting with '.' or '-', e.g. handout-2025"


def check_name(name: str, what: str, location: Location | str, fix: str = RULE) -> str:
    """Return name if it is safe; otherwise raise an error that shows it on one line.

    `what` says which name it is ("project name", "layout name"); `location` is where it was given;
    `fix`, what to do about it, which is to follow the RULE."""
    if SAFE_NAME.fullmatch(name):
        return name
    raise AfficheError(location, f"{what} {shown(name)} is not a safe name", fix)


def shown(name: str) -> str:
    """The name quoted with its control characters escaped, cut short if long, so it cannot break the line."""
    if len(name) <= MAX_LENGTH:
        return repr(name)
    return f"{name[:MAX_LENGTH]!r}… ({len(name)} characters)"
