"""The one rule for reading an input file: a regular file inside the project, symbolic links resolved.

Every input is read through here: content, map places, page words, layouts, themes, fonts and
their licences, the world atlas. A link inside the project to another of its files is fine; one
leading out (data/handout.yaml -> /etc/passwd) is refused before a byte is read, so that no error
can quote a line of a file outside the project. The type of the file is checked with stat before
it is opened: a named pipe would keep the reader waiting forever, and a folder or a device is no
input file. A file named on the command line to be imported (a translation service's XLIFF) may
stand anywhere, but is read the same way: type checked first, never more than its limit.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import AfficheError, Location

# How an error names what stat found instead of a regular file.
KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
         (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def shown_name(path: Path, root: Path) -> str:
    """The path as errors show it: relative to the project, as written, so that a link keeps its own name."""
    absolute, project = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return absolute.relative_to(project).as_posix() if absolute.is_relative_to(project) else str(path)


def project_file(path: Path, root: Path, where: Location | None = None) -> Path:
    """path with its links resolved, if that is a regular file inside the project.

    Otherwise an error at `where`, the key that names the file, or at the file itself."""
    resolved, mode = resolved_entry(path, root, where)
    if not resolved.is_relative_to(root.resolve()):
        raise refusal(path, root, where, "leads out of the project through a symbolic link: affiche reads only "
                      "the project's own files", "copy the file into the project instead of linking to it")
    if not stat.S_ISREG(mode):
        raise not_a_file(path, root, where, mode)
    return resolved


def resolved_entry(path: Path, root: Path, where: Location | None) -> tuple[Path, int]:
    """path with its links resolved, and the mode of what it leads to."""
    if not os.path.lexists(path):
        raise refusal(path, root, where, "file not found", "check the name and folder")
    try:
        resolved = path.resolve(strict=True)
        return resolved, resolved.stat().st_mode
    except FileNotFoundError:
        raise refusal(path, root, where, "a symbolic link to a file that does not exist",
                      "fix the link or remove it") from None
    except RuntimeError:  # a loop of links, as Python before 3.13 reports it (naming the files)
        raise loop_refusal(path, root, where) from None
    except OSError as exc:
        raise (loop_refusal(path, root, where) if exc.errno == errno.ELOOP
               else unreadable(path, root, where, exc)) from None


def read_project_file(path: Path, root: Path, limit: int, where: Location | None = None,
                      too_big: str = "split or shorten it") -> bytes:
    """The bytes of a file that project_file accepts, if it holds at most `limit` bytes (never more are read).

    `too_big` is the fix an error suggests for a file over the limit."""
    return read_at_most(project_file(path, root, where), path, root, limit, where, too_big)


def read_given_file(path: Path, root: Path, limit: int, too_big: str) -> bytes:
    """The bytes of a regular file named on the command line, wherever it is (a translation
    service's XLIFF file), if it holds at most `limit` bytes."""
    resolved, mode = resolved_entry(path, root, None)
    if not stat.S_ISREG(mode):
        raise not_a_file(path, root, None, mode)
    return read_at_most(resolved, path, root, limit, None, too_big)


def read_at_most(resolved: Path, path: Path, root: Path, limit: int, where: Location | None, too_big: str) -> bytes:
    try:
        # Opened without following a link or waiting on a pipe, in case either replaced the file since.
        with open(os.open(resolved, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise not_a_file(path, root, where, info.st_mode)
            if info.st_size > limit:
                raise refusal(path, root, where, f"file is {info.st_size} bytes, over the {limit} byte limit",
                              too_big)
            data = file.read(limit + 1)
    except OSError as exc:
        raise unreadable(path, root, where, exc) from None
    if len(data) > limit:  # it grew while being read
        raise refusal(path, root, where, f"file is over the {limit} byte limit", too_big)
    return data


def refusal(path: Path, root: Path, where: Location | None, problem: str, fix: str) -> AfficheError:
    """An error at the file itself, or at the key that names it, naming the file in the problem."""
    shown = shown_name(path, root)
    if where is None:
        return AfficheError(Location(shown), problem, fix)
    return AfficheError(where, f"{shown}: {problem}", fix)


def not_a_file(path: Path, root: Path, where: Location | None, mode: int) -> AfficheError:
    kind = next((name for test, name in KINDS if test(mode)), "an entry of another kind")
    return refusal(path, root, where, f"not a regular file but {kind}", "replace it with a file, or remove it")


def loop_refusal(path: Path, root: Path, where: Location | None) -> AfficheError:
    return refusal(path, root, where, "its symbolic links form a loop", "fix the links")


def unreadable(path: Path, root: Path, where: Location | None, exc: OSError) -> AfficheError:
    return refusal(path, root, where, f"cannot read the file: {exc.strerror}", "check its permissions")
