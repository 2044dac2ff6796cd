"""The marked places drawn on the Natural Earth world in Equal Earth.

Shared by the poster and the handout: both get the same SVG groups (ocean, land,
borders, markers), sized to their frame.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import AfficheError, Location
from ..load.files import read_project_file
from ..model.content import LEGEND_CATEGORIES
from ..model.places import MapContent, Place
from ..model.theme import Theme
from .geometry import Line, interior_point
from .markers import Mark, PlacedMark, place_marks
from .projection import equal_earth, fit_world, unit_projection
from .svg import map_layers
from .topojson import decode_borders, decode_features
from .world import PlanarCountry, placed_countries, placed_lines, project_countries, project_lines

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
    """The map for a frame; the same inputs give the same drawing, so a process draws it once (the
    screen and print variants of a layout, and every edit in watch that leaves the map alone)."""
    marked = tuple((entry.category, entry.place, entry.where) for entry in places.entries)
    colours = tuple((name, theme.colours[name].srgb) for name in MAP_COLOURS)
    return _drawn(places.home, marked, colours, width, height, antarctica, world_file(root), dot_radius)


MAP_COLOURS = ("home", "ocean", "land", "border", "ink", *(f"category-{n}" for n in LEGEND_CATEGORIES))
Marked = tuple[tuple[int, Place, Location], ...]  # each entry's category, place and where it is written


@lru_cache(maxsize=32)
def _drawn(home: str, marked: Marked, colours: tuple[tuple[str, str], ...], width: float, height: float,
           antarctica: bool, world: WorldFile, dot_radius: float) -> DrawnMap:
    min_latitude = -90.0 if antarctica else SOUTHERN_LIMIT
    projection = fit_world(width, height, min_latitude=min_latitude)
    unit_countries, unit_borders = _unit_world(world, min_latitude)
    countries = placed_countries(unit_countries, projection)
    marks = place_marks(_marks(marked, countries, projection), dot_radius, gap=dot_radius * 0.35)
    colour = dict(colours)
    layers = map_layers(
        countries, projection,
        borders=placed_lines(unit_borders, projection),
        highlight_alpha2=home, highlight_colour=colour["home"],
        marks=marks, category_colours={n: colour[f"category-{n}"] for n in LEGEND_CATEGORIES},
        ocean_colour=colour["ocean"], land_colour=colour["land"],
        border_colour=colour["border"], border_width=max(0.25, width / 2500),
        leader_colour=colour["ink"], leader_width=max(0.3, dot_radius / 6),
    )
    return DrawnMap(layers.fragment(), width, height, tuple(marks))


def _marks(marked: Marked, countries: list[PlanarCountry], projection) -> list[Mark]:
    """One mark per place, with one dot per category found there, in category order."""
    shapes = {country.alpha2: country for country in countries if country.alpha2}
    anchors: dict[str, tuple[float, float]] = {}
    categories: dict[str, set[int]] = {}
    for category, place, where in marked:
        if place.key not in anchors:
            anchors[place.key] = _anchor(place, where, shapes, projection)
        categories.setdefault(place.key, set()).add(category)
    return [Mark(key, anchors[key], tuple(sorted(categories[key]))) for key in anchors]


def _anchor(place: Place, where: Location, shapes: dict[str, PlanarCountry], projection) -> tuple[float, float]:
    if place.country is None:
        return projection(place.lon, place.lat)
    if place.country not in shapes:
        raise AfficheError(where, f"country {place.country} has no shape on the 1:110m world map",
                           "mark it with 'point: {lat: …, lon: …}' and a label instead")
    return interior_point(shapes[place.country].polygons)


WorldFile = tuple[str, int, int]  # the project's folder, and its atlas file's size and time


def world_file(root: Path) -> WorldFile:
    """What names the atlas as it is now: a drawing cached for an atlas replaced since is not reused."""
    try:
        status = (root / WORLD_FILE).stat()
    except OSError:  # read_world says what is wrong with it
        return str(root), -1, -1
    return str(root), status.st_size, status.st_mtime_ns


@lru_cache(maxsize=4)
def _unit_world(world: WorldFile, min_latitude: float) -> tuple[list[PlanarCountry], list[Line]]:
    """The countries and borders cut at the antimeridian and the map's southern limit, and
    projected, once: each frame only scales and shifts them."""
    features, borders = _world(world)
    unit = unit_projection(min_latitude)
    return project_countries(features, unit), project_lines(borders, unit)


@lru_cache(maxsize=4)
def _world(world: WorldFile):
    topology = read_world(Path(world[0]))
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
