"""Decoded countries and borders made ready to draw: cut at the antimeridian, clipped to the
map's latitudes, projected into SVG user units."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .countries import alpha2_for_numeric
from .geometry import (
    Line,
    Polygon,
    clip_line_to_min_latitude,
    clip_polygon_to_min_latitude,
    split_line_at_antimeridian,
    split_polygon_at_antimeridian,
)
from .projection import FittedProjection
from .topojson import CountryFeature


@dataclass(frozen=True)
class PlanarCountry:
    alpha2: str | None  # None where the data gives no ISO code (Kosovo, N. Cyprus, Somaliland)
    iso_numeric: str | None
    name: str
    polygons: tuple[Polygon, ...]  # SVG user units


def project_countries(features: Iterable[CountryFeature],
                      projection: FittedProjection) -> list[PlanarCountry]:
    """One country per ISO code, with everything left to draw; Antarctica vanishes under a -60° cut.

    Natural Earth gives some dependencies their sovereign's code (at 50m, Ashmore and Cartier
    Islands are 036 like Australia): they join the first feature with that code, whose name the
    country keeps, so that a code names one shape only.
    """
    countries: dict[str | int, PlanarCountry] = {}
    for index, feature in enumerate(features):
        polygons = tuple(
            tuple(tuple(projection(lon, lat) for lon, lat in ring) for ring in clipped)
            for polygon in feature.polygons
            for piece in split_polygon_at_antimeridian(polygon)
            if (clipped := clip_polygon_to_min_latitude(piece, projection.min_latitude))
        )
        if not polygons:
            continue
        key = feature.iso_numeric or index  # features without a code stay apart
        known = countries.get(key)
        countries[key] = (
            replace(known, polygons=known.polygons + polygons) if known
            else PlanarCountry(_alpha2(feature.iso_numeric), feature.iso_numeric, feature.name, polygons)
        )
    return list(countries.values())


def project_lines(lines: Iterable[Line], projection: FittedProjection) -> list[Line]:
    return [
        tuple(projection(lon, lat) for lon, lat in clipped)
        for line in lines
        for piece in split_line_at_antimeridian(line)
        for clipped in clip_line_to_min_latitude(piece, projection.min_latitude)
    ]


def placed_countries(countries: Iterable[PlanarCountry], projection: FittedProjection) -> list[PlanarCountry]:
    """Countries projected by unit_projection, placed in `projection`'s frame."""
    place = projection.place
    return [replace(country, polygons=tuple(tuple(tuple(place(point) for point in ring) for ring in polygon)
                                            for polygon in country.polygons))
            for country in countries]


def placed_lines(lines: Iterable[Line], projection: FittedProjection) -> list[Line]:
    place = projection.place
    return [tuple(place(point) for point in line) for line in lines]


def _alpha2(iso_numeric: str | None) -> str | None:
    if iso_numeric is None:
        return None
    try:
        return alpha2_for_numeric(iso_numeric)
    except KeyError:
        return None
