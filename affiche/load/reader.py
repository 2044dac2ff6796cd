"""Typed accessors over a located YAML file: every failure is a located, fixable message."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import AfficheError, Location
from ..units import parse_length_mm, parse_points
from .yamlsrc import KeyPath, SourceFile

MAX_TEXT_CHARS = 5_000
MAX_ITEMS = 500  # bullets, paragraphs or sections in one list
POINT_LIMITS = (4.0, 300.0)


class Reader:
    """Typed accessors over one SourceFile that fail with located, fixable messages."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def error(self, path: KeyPath, problem: str, fix: str = "") -> AfficheError:
        return self.source.error(path, problem, fix)

    def get(self, path: KeyPath) -> Any:
        value = self.source.data
        for part in path:
            value = value[part]
        return value

    def mapping(self, path: KeyPath, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        value = self.get(path)
        what = format_what(path)
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping of keys for {what}, got {describe(value)}",
                             f"write it as 'key: value' lines; keys: {', '.join(required + optional)}")
        allowed = required + optional
        for key in value:
            if key not in allowed:
                raise self.error(path + (key,), f"unknown key '{key}'", f"valid keys here: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                raise self.error(path, f"missing key '{key}'", f"add '{key}:' under {what}")
        return value

    def sequence(self, path: KeyPath, *, allow_empty: bool = False) -> list:
        value = self.get(path)
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, got {describe(value)}", "start each item with '- '")
        if not value and not allow_empty:
            raise self.error(path, "the list is empty", "add at least one item or remove the key")
        if len(value) > MAX_ITEMS:
            raise self.error(path, f"{len(value)} items, more than the {MAX_ITEMS} allowed",
                             "split the content into shorter lists")
        return value

    def string(self, path: KeyPath, what: str = "text") -> str:
        value = self.get(path)
        if not isinstance(value, str):
            raise self.error(path, f"expected {what}, got {describe(value)}", "put the value in quotes")
        if not value.strip():
            raise self.error(path, f"{what} is empty", "write the text or remove the key")
        if len(value) > MAX_TEXT_CHARS:
            raise self.error(path, f"{len(value)} characters, more than the {MAX_TEXT_CHARS} allowed",
                             "split it into several paragraphs or bullets")
        return value

    def length_mm(self, path: KeyPath, low: float, high: float) -> float:
        try:
            value = parse_length_mm(self.get(path))
        except ValueError as exc:
            raise self.error(path, str(exc), "write a number followed by mm, cm, in or pt") from None
        if not low <= value <= high:
            raise self.error(path, f"{value:.1f} mm is outside {low:g}–{high:g} mm", "use a realistic size")
        return value

    def points(self, path: KeyPath) -> float:
        try:
            value = parse_points(self.get(path))
        except ValueError as exc:
            raise self.error(path, str(exc), "write a size such as 9.5pt") from None
        low, high = POINT_LIMITS
        if not low <= value <= high:
            raise self.error(path, f"{value:g} pt is outside {low:g}–{high:g} pt", "use a realistic type size")
        return value

    def where(self, path: KeyPath) -> Location:
        return self.source.at(path)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no value {value!r} (YAML reads yes, no, on, off as booleans)"
    kinds = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}
    return f"{kinds.get(type(value), type(value).__name__)} {value!r}"[:80]


def format_what(path: KeyPath) -> str:
    return f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this item"


def relative_name(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_flag(reader: Reader, path: KeyPath, default: bool) -> bool:
    if path[-1] not in reader.get(path[:-1]):
        return default
    value = reader.get(path)
    if not isinstance(value, bool):
        raise reader.error(path, f"expected true or false, got {describe(value)}", "write true or false")
    return value
