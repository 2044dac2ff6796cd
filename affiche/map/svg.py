"""The world map as SVG fragments: ocean, land, borders and markers, each a <g> ready to nest.

Shape coordinates are written as whole multiples of `resolution` (0.1 user unit by default) in a
group scaled by that resolution: "23" instead of "2.3" saves a character per number, which with
relative steps keeps the 110m world well under 100 KB. Consequence for styling: inside the
ocean, land and borders groups one unit is `resolution` user units (stroke widths included).
Colours come from the caller as CSS colour strings.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from .geometry import Line, Point
from .markers import PlacedMark
from .projection import FittedProjection
from .world import PlanarCountry


@dataclass(frozen=True)
class MapLayers:
    ocean: str
    land: str
    borders: str
    markers: str

    def fragment(self) -> str:
        """All four groups in painting order."""
        return self.ocean + self.land + self.borders + self.markers


def map_layers(
    countries: Sequence[PlanarCountry],
    projection: FittedProjection,
    *,
    borders: Sequence[Line] = (),
    highlight_alpha2: str | None = None,
    highlight_colour: str | None = None,
    marks: Sequence[PlacedMark] = (),
    category_colours: Mapping[int, str] | None = None,
    ocean_colour: str = "#dbe7f0",
    land_colour: str = "#ebe6dc",
    border_colour: str = "#ffffff",
    border_width: float = 0.5,
    leader_colour: str = "#4a4a4a",
    leader_width: float = 0.5,
    resolution: float = 0.1,
) -> MapLayers:
    """`countries` and `borders` in SVG user units (see world.py), `marks` from place_marks."""
    if highlight_alpha2 is not None and highlight_colour is None:
        raise ValueError(f"highlighting {highlight_alpha2} needs a highlight_colour")
    missing = sorted({dot.category for mark in marks for dot in mark.dots} - set(category_colours or {}))
    if missing:
        raise ValueError(f"no colour given for marker categories {missing}")
    grid = {"transform": f"scale({_decimal(resolution, 6)})"}
    border_paths = _element("path", {"d": _path_data(borders, resolution, closed=False)}) if borders else ""
    return MapLayers(
        ocean=_element("g", {"id": "ocean", **grid}, _ocean(projection, ocean_colour, resolution)),
        land=_element("g", {"id": "land", "fill": land_colour, "fill-rule": "evenodd", **grid},
                      _land(countries, highlight_alpha2, highlight_colour, resolution)),
        borders=_element("g", {"id": "borders", "fill": "none", "stroke": border_colour,
                               "stroke-width": _decimal(border_width / resolution),
                               "stroke-linejoin": "round", "stroke-linecap": "round", **grid}, border_paths),
        markers=_element("g", {"id": "markers"},
                         _markers(marks, category_colours or {}, leader_colour, leader_width)),
    )


def _ocean(projection: FittedProjection, colour: str, resolution: float) -> str:
    """The outline of the projected globe: the ±180° meridians (curved in Equal Earth) joined by
    the straight pole line and, when the map is cut, the straight parallel of the cut."""
    cut = projection.min_latitude
    latitudes = [float(lat) for lat in range(90, int(cut), -1)] + [cut]
    outline = ([projection(-180.0, lat) for lat in latitudes]
               + [projection(180.0, lat) for lat in reversed(latitudes)])
    return _element("path", {"fill": colour, "d": _path_data([outline], resolution, closed=True)})


def _land(countries: Sequence[PlanarCountry], highlight_alpha2: str | None, highlight_colour: str | None,
          resolution: float) -> str:
    # The group fills even-odd: holes (Lesotho in South Africa) show whatever the rings' winding.
    paths = []
    for country in countries:
        code = country.alpha2 or country.iso_numeric
        highlighted = highlight_alpha2 is not None and country.alpha2 == highlight_alpha2
        rings = [ring for polygon in country.polygons for ring in polygon]
        paths.append(_element("path", {
            "id": f"country-{code.lower()}" if code else None,
            "class": "highlight" if highlighted else None,
            "data-iso": country.alpha2,
            "data-iso-numeric": country.iso_numeric,
            "fill": highlight_colour if highlighted else None,
            "d": _path_data(rings, resolution, closed=True),
        }))
    return "".join(paths)


def _markers(marks: Sequence[PlacedMark], colours: Mapping[int, str], leader_colour: str,
             leader_width: float) -> str:
    leaders = "".join(
        _element("line", {"x1": _decimal(mark.leader[0][0]), "y1": _decimal(mark.leader[0][1]),
                          "x2": _decimal(mark.leader[1][0]), "y2": _decimal(mark.leader[1][1])})
        for mark in marks if mark.leader
    )
    # Two decimals: dots placed 2r + gap apart must not visibly touch after rounding.
    dots = "".join(
        _element("circle", {"class": f"mark cat-{dot.category}", "data-place": mark.key,
                            "cx": _decimal(dot.centre[0]), "cy": _decimal(dot.centre[1]),
                            "r": _decimal(mark.radius), "fill": colours[dot.category]})
        for mark in marks for dot in mark.dots
    )
    # Leaders first, so each ends under its dots instead of crossing them.
    leader_group = _element("g", {"class": "leaders", "stroke": leader_colour,
                                  "stroke-width": _decimal(leader_width)}, leaders) if leaders else ""
    return leader_group + dots


def _path_data(rings: Iterable[Sequence[Point]], resolution: float, closed: bool) -> str:
    """Subpaths "M x y l dx dy ... z" in whole multiples of `resolution`.

    Steps are taken between already rounded points, so rounding errors never add up, and a step
    that rounds to nothing is dropped.
    """
    subpaths = []
    for ring in rings:
        grid: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round(x / resolution), round(y / resolution))
            if not grid or point != grid[-1]:
                grid.append(point)
        if closed and len(grid) > 1 and grid[-1] == grid[0]:
            grid.pop()  # "z" draws the closing edge
        if len(grid) < (3 if closed else 2):
            continue  # an island smaller than the grid, or a border shorter than it
        steps = [value for (x0, y0), (x1, y1) in zip(grid, grid[1:]) for value in (x1 - x0, y1 - y0)]
        # A minus sign already separates two numbers.
        text = f"M{grid[0][0]} {grid[0][1]}l" + "".join(
            f"{step}" if i == 0 or step < 0 else f" {step}" for i, step in enumerate(steps))
        subpaths.append(text + "z" if closed else text)
    return "".join(subpaths)


def _decimal(value: float, places: int = 2) -> str:
    """Briefly: 3.0 -> "3", 0.25 -> ".25", -0.5 -> "-.5"."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    if text in ("", "-0", "-"):
        return "0"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _element(name: str, attributes: Mapping[str, str | None], content: str = "") -> str:
    text = "".join(f' {key}="{escape(value, quote=True)}"' for key, value in attributes.items()
                   if value is not None)
    return f"<{name}{text}>{content}</{name}>" if content else f"<{name}{text}/>"
