"""A theme: the colours (each in print inks and in sRGB) and the font families a layout uses."""
from __future__ import annotations

from dataclasses import dataclass

THEME_COLOURS = ("ink", "accent", "muted", "rule", "panel", "category-1", "category-2", "category-3",
                 "home", "ocean", "land", "border")


@dataclass(frozen=True)
class Colour:
    """A print colour in CMYK percentages with the sRGB value screens show."""

    name: str
    cmyk: tuple[float, float, float, float]
    srgb: str


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
