"""A theme: the colours (each in print inks and in sRGB) and the font families a layout uses."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location

THEME_COLOURS = ("ink", "accent", "muted", "rule", "panel", "category-1", "category-2", "category-3",
                 "home", "ocean", "land", "border")
# The colours body and small text are set in: printed on black ink alone, since small type in four
# inks blurs when the plates are a hair out of register.
TEXT_COLOURS = ("ink", "muted")
DEFAULT_INK_LIMIT = 300.0  # total area coverage (C + M + Y + K, %) a coated sheet-fed press takes


@dataclass(frozen=True)
class Colour:
    """A print colour in CMYK percentages with the sRGB value screens show."""

    name: str
    cmyk: tuple[float, float, float, float]
    srgb: str
    where: Location | None = None  # the theme file's line, for the checks' findings


@dataclass(frozen=True)
class FontFace:
    file: str  # path relative to the project root
    weight: int
    style: str  # normal | italic


@dataclass(frozen=True)
class FontFamily:
    role: str  # body | headings
    family: str
    faces: tuple[FontFace, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    colours: dict[str, Colour]
    fonts: dict[str, FontFamily]
    ink_limit: float = DEFAULT_INK_LIMIT  # the most ink, C + M + Y + K in %, anywhere on a print PDF's page
