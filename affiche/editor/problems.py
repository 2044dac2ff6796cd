"""How a save is refused: problems in words for staff, each at the form field it belongs to."""
from __future__ import annotations

from dataclasses import dataclass

from .words import words


@dataclass(frozen=True)
class FieldProblem:
    field: str  # field_id(file, path, part) of the form field it belongs to, "" for the whole change
    message: dict[str, str]  # {"fr": …, "en": …}, for staff: no file, line nor key path


class ChangeRefused(Exception):
    """Nothing was written; each problem says why, at its field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(" ".join(problem.message["en"] for problem in problems))
        self.problems = problems


class Conflict(ChangeRefused):
    """A file changed on disk since the snapshot, in a unit (or list) this change touches.
    `unit` is its name in English (« Bullet 2 of the section “Why…” »), `names` in both languages."""

    def __init__(self, problem: FieldProblem, names: dict[str, str]) -> None:
        super().__init__([problem])
        self.unit = names["en"]
        self.names = names


def problem(field_name: str, fr: str, en: str) -> FieldProblem:
    return FieldProblem(field_name, words(fr, en))


def refused(field_name: str, fr: str, en: str) -> ChangeRefused:
    return ChangeRefused([problem(field_name, fr, en)])
