"""Artwork a layout places: SVG from svg/, reduced to shapes affiche draws safely (load/artwork.py)."""
from __future__ import annotations

from dataclasses import dataclass

HANDOUT_PLACES = ("masthead", "last-page")  # where a handout layout may place artwork
POSTER_PLACES = ("title-band", "footer")  # and a poster layout


@dataclass(frozen=True)
class Artwork:
    file: str  # svg/<name>.svg, as messages name it
    view_box: tuple[float, float, float, float]  # x, y, width, height
    svg: str  # its shapes, in viewBox units, with nothing in them that reads, runs or links

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.view_box[2] / self.view_box[3]
