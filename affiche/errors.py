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
        # Escaped here too, not only in AfficheError.one_line: the checks print locations in their findings.
        where = escaped(self.file)
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {escaped(self.key_path)}" if self.key_path else where


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
        return escaped(f"{text} ({self.fix})" if self.fix else text)

    def __reduce__(self):
        # Errors raised in build worker processes come back pickled: rebuild them from their
        # fields, since subclasses take other constructor arguments than Exception.args.
        return _restore, (type(self), self.__dict__.copy())


def escaped(text: str) -> str:
    """text with each character that is not printable written as a Python string literal writes it
    (\\n, \\x1b, \\u202e): a file or key name holding a line break, a terminal escape or a
    bidirectional override can then neither split an error over two lines nor disguise it."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _restore(kind: type[AfficheError], fields: dict) -> AfficheError:
    error = kind.__new__(kind)
    error.__dict__.update(fields)
    Exception.__init__(error, error.one_line())
    return error
