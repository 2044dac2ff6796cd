"""Plane geometry for the map: cutting shapes at the antimeridian and at a latitude,
point-in-polygon, and a well-inside point for each country's marker.

Rings are closed tuples of (x, y): (longitude, latitude) before projection, SVG units after.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from itertools import count
from math import ceil, floor, inf, sqrt

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # exterior ring first, then holes
Line = tuple[Point, ...]

_LON, _LAT = 0, 1


# --- Antimeridian and latitude cuts (in longitude/latitude) -----------------------------------

def split_polygon_at_antimeridian(polygon: Polygon) -> list[Polygon]:
    """Pieces of the polygon each lying within [-180, 180], closed along the cut meridian.

    A ring whose consecutive points are more than 180° of longitude apart crosses the
    antimeridian; drawn as is, that segment would stripe across the whole map.
    """
    if not any(_crosses_antimeridian(ring) for ring in polygon):
        return [polygon]
    exteriors = split_ring_at_antimeridian(polygon[0])
    holes_of: list[list[Ring]] = [[] for _ in exteriors]
    for hole in polygon[1:]:
        for piece in split_ring_at_antimeridian(hole):
            owner = next((i for i, exterior in enumerate(exteriors)
                          if point_in_polygon(piece[0], (exterior,))), 0)
            holes_of[owner].append(piece)  # even-odd filling draws a hole whichever piece holds it
    return [(exterior, *holes) for exterior, holes in zip(exteriors, holes_of)]


def split_ring_at_antimeridian(ring: Ring) -> list[Ring]:
    if not _crosses_antimeridian(ring):
        return [ring]
    path = _unwrap(ring)
    drift = path[-1][_LON] - path[0][_LON]
    if drift:
        # An odd number of crossings: the ring goes round a pole (Antarctica); close it along
        # the pole line, which Equal Earth draws as a straight edge.
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        path += [(path[-1][_LON], pole), (path[0][_LON], pole), path[0]]
    pieces = []
    for shift in _world_copies(path):
        piece = _clip_ring(path, _LON, shift - 180.0, keep_above=True)
        piece = piece and _clip_ring(piece, _LON, shift + 180.0, keep_above=False)
        if piece and abs(ring_area(piece)) > 1e-9:  # slivers along the cut enclose nothing
            pieces.append(tuple((lon - shift, lat) for lon, lat in piece))
    return pieces


def split_line_at_antimeridian(line: Line) -> list[Line]:
    if not _crosses_antimeridian(line):
        return [line]
    path = _unwrap(line)
    return [
        tuple((lon - shift, lat) for lon, lat in part)
        for shift in _world_copies(path)
        for east_of_west_edge in _clip_line(path, _LON, shift - 180.0, keep_above=True)
        for part in _clip_line(east_of_west_edge, _LON, shift + 180.0, keep_above=False)
    ]


def clip_polygon_to_min_latitude(polygon: Polygon, min_latitude: float) -> Polygon | None:
    """The part of the polygon north of `min_latitude`, or None if nothing is left."""
    latitudes = [lat for _, lat in polygon[0]]
    if min(latitudes) >= min_latitude:
        return polygon
    if max(latitudes) <= min_latitude:
        return None
    exterior = _clip_ring(polygon[0], _LAT, min_latitude, keep_above=True)
    if exterior is None:
        return None
    holes = [clipped for hole in polygon[1:]
             if (clipped := _clip_ring(hole, _LAT, min_latitude, keep_above=True))]
    return (exterior, *holes)


def clip_line_to_min_latitude(line: Line, min_latitude: float) -> list[Line]:
    if min(lat for _, lat in line) >= min_latitude:
        return [line]
    return _clip_line(line, _LAT, min_latitude, keep_above=True)


def _crosses_antimeridian(points: Sequence[Point]) -> bool:
    return any(abs(b[_LON] - a[_LON]) > 180.0 for a, b in zip(points, points[1:]))


def _unwrap(points: Sequence[Point]) -> list[Point]:
    """Longitudes made continuous (they may leave [-180, 180]) by taking the short way at each jump."""
    unwrapped = [points[0]]
    offset = 0.0
    for (lon0, _), (lon1, lat1) in zip(points, points[1:]):
        if lon1 - lon0 > 180.0:
            offset -= 360.0
        elif lon1 - lon0 < -180.0:
            offset += 360.0
        unwrapped.append((lon1 + offset, lat1))
    return unwrapped


def _world_copies(path: Sequence[Point]) -> list[float]:
    """The multiples of 360° by which parts of an unwrapped path must shift back into [-180, 180]."""
    lons = [lon for lon, _ in path]
    first = floor((min(lons) + 180.0) / 360.0)
    last = ceil((max(lons) - 180.0) / 360.0)
    return [360.0 * k for k in range(first, last + 1)]


def _crossing(a: Point, b: Point, axis: int, bound: float) -> Point:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    value = a[other] + t * (b[other] - a[other])
    return (bound, value) if axis == _LON else (value, bound)


def _clip_ring(ring: Ring, axis: int, bound: float, keep_above: bool) -> Ring | None:
    """Sutherland-Hodgman against one axis-parallel line; None if less than a triangle remains.

    A concave ring that leaves and re-enters comes back joined along the cut line, which adds
    no area: exactly the closing edge the map needs at its border.
    """
    def inside(point: Point) -> bool:
        return point[axis] >= bound if keep_above else point[axis] <= bound

    clipped: list[Point] = []
    previous = ring[-2]  # rings are closed, so ring[-2] precedes ring[0]
    for current in ring[:-1]:
        if inside(current) != inside(previous):
            clipped.append(_crossing(previous, current, axis, bound))
        if inside(current):
            clipped.append(current)
        previous = current
    if len(clipped) < 3:
        return None
    return (*clipped, clipped[0])


def _clip_line(line: Line, axis: int, bound: float, keep_above: bool) -> list[Line]:
    def inside(point: Point) -> bool:
        return point[axis] >= bound if keep_above else point[axis] <= bound

    parts: list[Line] = []
    current: list[Point] = [line[0]] if inside(line[0]) else []
    for previous, point in zip(line, line[1:]):
        if inside(point) != inside(previous):
            current.append(_crossing(previous, point, axis, bound))
            if not inside(point):
                parts.append(tuple(current))
                current = []
        if inside(point):
            current.append(point)
    parts.append(tuple(current))
    return [part for part in parts if len(part) > 1]


# --- Planar measures ----------------------------------------------------------------------------

def ring_area(ring: Ring) -> float:
    """Signed shoelace area; the sign tells the winding."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def polygon_area(polygon: Polygon) -> float:
    exterior, *holes = polygon
    return abs(ring_area(exterior)) - sum(abs(ring_area(hole)) for hole in holes)


def point_in_polygon(point: Point, polygon: Polygon) -> bool:
    """Even-odd rule over all rings, so a point in a hole (Lesotho in South Africa) is outside."""
    x, y = point
    inside = False
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


# --- A marker's place: the pole of inaccessibility ------------------------------------------------

def interior_point(polygons: Sequence[Polygon], precision: float = 0.5) -> Point:
    """A point deep inside the largest polygon (the mainland), within `precision` of the best.

    The largest polygon keeps France's dot in Europe rather than between it and French Guiana,
    which an area centroid of all parts would do; polygons must be projected, so that "largest"
    and "deep" are measured as drawn.
    """
    return pole_of_inaccessibility(max(polygons, key=polygon_area), precision)


def pole_of_inaccessibility(polygon: Polygon, precision: float) -> Point:
    """The point farthest from the polygon's edges, found as polylabel does: square cells in a
    priority queue ordered by the best distance any point of the cell could reach; a cell is split
    until it cannot beat the best point so far by more than `precision`."""
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    min_x, min_y, max_x, max_y = min(xs), min(ys), max(xs), max(ys)
    cell_size = min(max_x - min_x, max_y - min_y)
    if cell_size == 0:
        return polygon[0][0]
    # A map-wide precision would let a search on a small island settle outside it.
    precision = min(precision, cell_size / 10)

    queue: list[tuple[float, int, float, float, float, float]] = []
    arrival = count()  # breaks ties between equal potentials in a fixed order

    edges = _edges(polygon)

    def push(x: float, y: float, half: float) -> None:
        distance = _signed_distance((x, y), edges)
        heapq.heappush(queue, (-(distance + half * sqrt(2)), next(arrival), x, y, half, distance))

    half = cell_size / 2
    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            push(x + half, y + half, half)
            y += cell_size
        x += cell_size

    best = _centroid(polygon[0])
    best_distance = _signed_distance(best, edges)
    while queue:
        negative_potential, _, x, y, half, distance = heapq.heappop(queue)
        if distance > best_distance:
            best, best_distance = (x, y), distance
        if -negative_potential - best_distance <= precision:
            break  # the queue is ordered by potential: no remaining cell can do better
        half /= 2
        for dx in (-half, half):
            for dy in (-half, half):
                push(x + dx, y + dy, half)
    return best


Edge = tuple[float, float, float, float, float, float, float]  # x0, y0, x1, y1, dx, dy, squared length


def _edges(polygon: Polygon) -> list[Edge]:
    """Every ring's edges with what each distance to them needs: a search measures hundreds."""
    return [(x0, y0, x1, y1, dx, dy, dx * dx + dy * dy)
            for ring in polygon for (x0, y0), (x1, y1) in zip(ring, ring[1:])
            for dx, dy in [(x1 - x0, y1 - y0)]]


def _signed_distance(point: Point, edges: list[Edge]) -> float:
    """Distance to the nearest edge of any ring, positive inside the polygon, negative outside."""
    px, py = point
    inside = False
    nearest2 = inf  # squared, to take one square root at the end
    for x0, y0, x1, y1, dx, dy, length2 in edges:
        if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * dx / dy:
            inside = not inside
        ex, ey = px - x0, py - y0
        t = (ex * dx + ey * dy) / length2 if length2 else 0.0
        if t > 1.0:
            ex, ey = px - x1, py - y1
        elif t > 0.0:
            ex, ey = ex - t * dx, ey - t * dy
        distance2 = ex * ex + ey * ey
        if distance2 < nearest2:
            nearest2 = distance2
    return sqrt(nearest2) if inside else -sqrt(nearest2)


def _centroid(ring: Ring) -> Point:
    """The area centroid, a good first guess for convex-ish shapes; the first vertex if flat."""
    area = ring_area(ring)
    if area == 0:
        return ring[0]
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    return cx / (6 * area), cy / (6 * area)
