"""Decode a TopoJSON topology (such as world-atlas) into plain longitude/latitude shapes."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

Point = tuple[float, float]
Ring = tuple[Point, ...]  # closed: the first point is repeated at the end
Polygon = tuple[Ring, ...]  # exterior ring first, then holes
Line = tuple[Point, ...]


@dataclass(frozen=True)
class CountryFeature:
    iso_numeric: str | None  # ISO 3166-1 numeric, zero-padded ("124"); None when the data has none
    name: str
    polygons: tuple[Polygon, ...]  # empty for a null geometry


def load_topology(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def decode_features(topology: dict, object_name: str = "countries") -> list[CountryFeature]:
    arcs = _decode_arcs(topology)
    return [
        CountryFeature(
            iso_numeric=_iso_numeric(geometry.get("id")),
            name=geometry.get("properties", {}).get("name", ""),
            polygons=tuple(
                tuple(_ring(ring, arcs) for ring in polygon) for polygon in _polygon_arcs(geometry)
            ),
        )
        for geometry in topology["objects"][object_name]["geometries"]
    ]


def decode_borders(topology: dict, object_name: str = "countries") -> list[Line]:
    """The arcs shared by two different geometries: land borders, each drawn once, without coasts."""
    owners: dict[int, set[int]] = {}
    for owner, geometry in enumerate(topology["objects"][object_name]["geometries"]):
        for polygon in _polygon_arcs(geometry):
            for ring in polygon:
                for index in ring:
                    owners.setdefault(_arc_position(index), set()).add(owner)
    arcs = _decode_arcs(topology)
    return [tuple(arcs[position]) for position in sorted(owners) if len(owners[position]) > 1]


def _decode_arcs(topology: dict) -> list[list[Point]]:
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        # Quantised arcs store each position as the integer step from the previous one.
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        decoded.append(points)
    return decoded


def _polygon_arcs(geometry: dict) -> list[list[list[int]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return geometry["arcs"]
    if kind is None:
        return []
    raise ValueError(f"unsupported TopoJSON geometry type {kind!r} (expected Polygon or MultiPolygon)")


def _arc_position(index: int) -> int:
    # A negative index ~i means arc i walked backwards.
    return index if index >= 0 else ~index


def _ring(arc_indices: list[int], arcs: list[list[Point]]) -> Ring:
    points: list[Point] = []
    for index in arc_indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Each arc starts where the previous one ended: keep that joint once.
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _iso_numeric(raw: object) -> str | None:
    # Natural Earth marks disputed or unassigned territories with -99 or no id at all.
    code = str(raw) if raw is not None else ""
    return code.zfill(3) if code.isdigit() else None
