"""The Equal Earth projection, and its fit into a rectangle of SVG user units.

Equal Earth (Šavrič, Patterson & Jenny, 2018) keeps areas true, so a country's dot sits on
shapes drawn in honest proportion, and its straight parallels make a latitude cut a straight edge.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt

Point = tuple[float, float]

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = sqrt(3) / 2


def equal_earth(lon_deg: float, lat_deg: float) -> Point:
    """Projected (x, y) on the unit sphere, y towards north."""
    theta = asin(_M * sin(radians(lat_deg)))  # the parametric latitude
    t2 = theta * theta
    t6 = t2 * t2 * t2
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    x = radians(lon_deg) * cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    return x, y


@dataclass(frozen=True)
class FittedProjection:
    """Equal Earth scaled and shifted into SVG user units (y down), for latitudes above `min_latitude`."""

    scale: float
    offset_x: float
    offset_y: float
    min_latitude: float

    def __call__(self, lon_deg: float, lat_deg: float) -> Point:
        x, y = equal_earth(lon_deg, lat_deg)
        return self.offset_x + x * self.scale, self.offset_y - y * self.scale

    def place(self, point: Point) -> Point:
        """A point of `unit_projection`'s in this frame: the same as projecting its longitude and
        latitude here, to the last bit (negating y and multiplying by one are exact)."""
        return self.offset_x + point[0] * self.scale, self.offset_y + point[1] * self.scale


def unit_projection(min_latitude: float) -> FittedProjection:
    """Equal Earth at scale one, y down, centred on (0, 0): what every frame scales and shifts."""
    return FittedProjection(scale=1.0, offset_x=0.0, offset_y=0.0, min_latitude=min_latitude)


def fit_world(width: float, height: float, *, min_latitude: float = -90.0) -> FittedProjection:
    """The whole world north of `min_latitude` (-60 drops Antarctica), as large as fits, centred."""
    if not -90.0 <= min_latitude < 90.0:
        raise ValueError(f"min_latitude must be in [-90, 90), got {min_latitude}")
    half_width = equal_earth(180.0, 0.0)[0]  # the equator is the widest parallel
    top = equal_earth(0.0, 90.0)[1]
    bottom = equal_earth(0.0, min_latitude)[1]
    scale = min(width / (2 * half_width), height / (top - bottom))
    return FittedProjection(
        scale=scale,
        offset_x=width / 2,
        offset_y=height / 2 + (top + bottom) / 2 * scale,
        min_latitude=min_latitude,
    )
