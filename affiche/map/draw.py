"""The marked places drawn on the Natural Earth world in Equal Earth.

Shared by the poster and the handout: both get the same SVG groups (ocean, land,
borders, markers), sized to their frame.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import AfficheError, Location
from ..load.files import read_project_file
from ..model.content import LEGEND_CATEGORIES
from ..model.places import MapContent
from ..model.theme import Theme
from .geometry import interior_point
from .markers import Mark, PlacedMark, place_marks
from .projection import equal_earth, fit_world
from .svg import map_layers
from .topojson import decode_borders, decode_features
from .world import PlanarCountry, project_countries, project_lines

WORLD_FILE = Path("data") / "world-atlas" / "countries-110m.json"
MAX_WORLD_BYTES = 20_000_000  # countries-110m.json is 110 KB, the 1:50m world 760 KB
REPLACE_WORLD = "copy countries-110m.json from the world-atlas package again"
SOUTHERN_LIMIT = -60.0  # where the map stops when Antarctica is left out


@dataclass(frozen=True)
class DrawnMap:
    svg: str  # the <g> layers, in user units from (0, 0)
    width: float
    height: float
    marks: tuple[PlacedMark, ...]


def map_aspect(antarctica: bool) -> float:
    """Width over height of the projected world."""
    bottom = -90.0 if antarctica else SOUTHERN_LIMIT
    return 2 * equal_earth(180.0, 0.0)[0] / (equal_earth(0.0, 90.0)[1] - equal_earth(0.0, bottom)[1])


def draw_map(places: MapContent, theme: Theme, width: float, height: float, *, antarctica: bool,
             root: Path, dot_radius: float) -> DrawnMap:
    projection = fit_world(width, height, min_latitude=-90.0 if antarctica else SOUTHERN_LIMIT)
    features, borders = _world(str(root))
    countries = project_countries(features, projection)
    marks = place_marks(_marks(places, countries, projection), dot_radius, gap=dot_radius * 0.35)
    colours = theme.colours
    layers = map_layers(
        countries, projection,
        borders=project_lines(borders, projection),
        highlight_alpha2=places.home, highlight_colour=colours["home"].srgb,
        marks=marks, category_colours={n: colours[f"category-{n}"].srgb for n in LEGEND_CATEGORIES},
        ocean_colour=colours["ocean"].srgb, land_colour=colours["land"].srgb,
        border_colour=colours["border"].srgb, border_width=max(0.25, width / 2500),
        leader_colour=colours["ink"].srgb, leader_width=max(0.3, dot_radius / 6),
    )
    return DrawnMap(layers.fragment(), width, height, tuple(marks))


def _marks(places: MapContent, countries: list[PlanarCountry], projection) -> list[Mark]:
    """One mark per place, with one dot per category found there, in category order."""
    shapes = {country.alpha2: country for country in countries if country.alpha2}
    anchors: dict[str, tuple[float, float]] = {}
    categories: dict[str, set[int]] = {}
    for entry in places.entries:
        key = entry.place.key
        if key not in anchors:
            anchors[key] = _anchor(entry, shapes, projection)
        categories.setdefault(key, set()).add(entry.category)
    return [Mark(key, anchors[key], tuple(sorted(categories[key]))) for key in anchors]


def _anchor(entry, shapes: dict[str, PlanarCountry], projection) -> tuple[float, float]:
    place = entry.place
    if place.country is None:
        return projection(place.lon, place.lat)
    if place.country not in shapes:
        raise AfficheError(entry.where, f"country {place.country} has no shape on the 1:110m world map",
                           "mark it with 'point: {lat: …, lon: …}' and a label instead")
    return interior_point(shapes[place.country].polygons)


@cache
def _world(root: str):
    topology = read_world(Path(root))
    try:
        return decode_features(topology), decode_borders(topology)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:  # JSON, but not a topology
        raise AfficheError(Location(WORLD_FILE.as_posix()), f"not a world-atlas topology "
                           f"({type(exc).__name__}: {str(exc)[:80]})", REPLACE_WORLD) from None


def read_world(root: Path) -> dict:
    """The world atlas, read as every input is: a regular file inside the project."""
    data = read_project_file(root / WORLD_FILE, root, MAX_WORLD_BYTES, too_big=REPLACE_WORLD)
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, column, problem = 0, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        line, column, problem = exc.lineno, exc.colno, f"not JSON: {exc.msg}"
    raise AfficheError(Location(WORLD_FILE.as_posix(), line, column), problem, REPLACE_WORLD)


def empty_categories(places: MapContent) -> list[int]:
    used = {entry.category for entry in places.entries}
    return [category for category in LEGEND_CATEGORIES if category not in used]
