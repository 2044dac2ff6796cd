"""The places the map marks: countries and named points, each under a legend category."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location
from .content import Text


@dataclass(frozen=True)
class Place:
    """A country (ISO 3166 alpha-2) or a named point in degrees."""

    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def key(self) -> str:
        """Entries with the same key share one spot on the map."""
        return self.country or f"{self.lat:.3f},{self.lon:.3f}"


@dataclass(frozen=True)
class MapEntry:
    category: int
    place: Place
    label: Text | None  # None: the country's CLDR name in each language
    source: str  # the sentence of the handout that puts the place on the map
    where: Location


@dataclass(frozen=True)
class MapContent:
    source: str
    home: str
    entries: tuple[MapEntry, ...]
