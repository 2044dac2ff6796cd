"""User-facing errors: one line each, pointing at the file, line and key that caused them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file, a 1-based line and column, and its key path."""

    file: str
    line: int = 0
    column: int = 0
    key_path: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.key_path}" if self.key_path else where


class AfficheError(Exception):
    """An error the user can fix: printed as one line, exit status 2, no traceback."""

    exit_status = 2

    def __init__(self, location: Location | str, problem: str, fix: str = "") -> None:
        self.location = location
        self.problem = problem
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = f"{self.location}: {self.problem}"
        return f"{text} ({self.fix})" if self.fix else text

    def __reduce__(self):
        # Errors raised in build worker processes come back pickled: rebuild them from their
        # fields, since subclasses take other constructor arguments than Exception.args.
        return _restore, (type(self), self.__dict__.copy())


def _restore(kind: type[AfficheError], fields: dict) -> AfficheError:
    error = kind.__new__(kind)
    error.__dict__.update(fields)
    Exception.__init__(error, error.one_line())
    return error
