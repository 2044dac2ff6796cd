"""Lengths and type sizes as staff write them ("18mm", "0.125in", "9.5pt")."""
from __future__ import annotations

import re

MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
PAGE_SIZES_MM = {
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "tabloid": (279.4, 431.8),
    "a5": (148.0, 210.0),
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$")


def parse_length_mm(value: object) -> float:
    """"18mm" -> 18.0; raises ValueError with what is accepted."""
    match = _LENGTH.match(str(value)) if isinstance(value, (str, int, float)) else None
    if not match:
        raise ValueError(f"expected a length such as 12mm, 0.5in or 9pt, got {value!r}")
    return float(match.group(1)) * MM_PER_UNIT[match.group(2)]


def parse_points(value: object) -> float:
    """A type size: "9.5pt" or a bare number of points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return parse_length_mm(value) / MM_PER_UNIT["pt"]
