from __future__ import annotations

import pytest

from affiche.map.geometry import (
    clip_line_to_min_latitude,
    clip_polygon_to_min_latitude,
    interior_point,
    point_in_polygon,
    polygon_area,
    ring_area,
    split_line_at_antimeridian,
    split_polygon_at_antimeridian,
    split_ring_at_antimeridian,
)
from affiche.map.world import project_countries


def square(x0, y0, x1, y1):
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))


# --- Antimeridian -------------------------------------------------------------------------------

def test_ring_across_the_antimeridian_becomes_one_piece_per_side():
    ring = ((170.0, 10.0), (-170.0, 10.0), (-170.0, -10.0), (170.0, -10.0), (170.0, 10.0))
    east, west = sorted(split_ring_at_antimeridian(ring), key=lambda piece: -piece[0][0])
    assert {lon for lon, _ in east} == {170.0, 180.0}
    assert {lon for lon, _ in west} == {-180.0, -170.0}
    assert abs(ring_area(east)) == pytest.approx(200) and abs(ring_area(west)) == pytest.approx(200)
    assert east[0] == east[-1] and west[0] == west[-1]


def test_crossing_latitude_is_interpolated():
    # From 170°E 0° to 170°W 20°N: halfway in longitude, at 180°, the latitude is 10°.
    ring = ((170.0, 0.0), (-170.0, 20.0), (-170.0, 30.0), (170.0, 30.0), (170.0, 0.0))
    points = [point for piece in split_ring_at_antimeridian(ring) for point in piece]
    assert (180.0, pytest.approx(10.0)) in points and (-180.0, pytest.approx(10.0)) in points


def test_ring_around_a_pole_is_closed_along_the_pole_line():
    # Antarctica's shape: one jump from 180 to -180, the ring going round the south pole.
    ring = ((-180.0, -70.0), (-60.0, -65.0), (60.0, -68.0), (180.0, -70.0), (-180.0, -70.0))
    [piece] = split_ring_at_antimeridian(ring)
    assert (180.0, -90.0) in piece and (-180.0, -90.0) in piece
    assert all(-180.0 <= lon <= 180.0 for lon, _ in piece)
    assert abs(ring_area(piece)) > 360 * 20  # the whole band down to the pole


def test_ring_that_stays_put_is_returned_as_is():
    ring = square(0, 0, 10, 10)
    assert split_ring_at_antimeridian(ring) == [ring]


def test_hole_stays_with_its_piece():
    polygon = (((170.0, 10.0), (-170.0, 10.0), (-170.0, -10.0), (170.0, -10.0), (170.0, 10.0)),
               square(172, -2, 174, 2))
    pieces = split_polygon_at_antimeridian(polygon)
    with_hole = [piece for piece in pieces if len(piece) == 2]
    assert len(pieces) == 2 and len(with_hole) == 1 and with_hole[0][0][0][0] > 0


def test_line_across_the_antimeridian_is_cut():
    parts = split_line_at_antimeridian(((170.0, 0.0), (-170.0, 20.0), (-160.0, 20.0)))
    assert sorted(parts) == [((-180.0, pytest.approx(10.0)), (-170.0, 20.0), (-160.0, 20.0)),
                             ((170.0, 0.0), (180.0, pytest.approx(10.0)))]


def _map_width(projection):
    return projection(180, 0)[0] - projection(-180, 0)[0]


def _widest_step(country, projection):
    """The widest horizontal reach of any edge, except along the south pole line: Antarctica
    closed down to the pole rightly runs along the bottom of the map from side to side."""
    pole_line = projection(0, -90)[1]
    return max(abs(x1 - x0) for polygon in country.polygons for ring in polygon
               for (x0, y0), (x1, y1) in zip(ring, ring[1:])
               if not y0 == y1 == pytest.approx(pole_line))


@pytest.mark.parametrize("name", ["Fiji", "Russia", "Antarctica"])
def test_no_stripe_across_the_map(features_110m, whole_globe, name):
    [feature] = [f for f in features_110m if f.name == name]
    uncut = max(abs(whole_globe(*a)[0] - whole_globe(*b)[0])
                for polygon in feature.polygons for ring in polygon for a, b in zip(ring, ring[1:]))
    assert uncut > _map_width(whole_globe) / 2  # the data really crosses: the test below can fail
    [country] = project_countries([feature], whole_globe)
    assert _widest_step(country, whole_globe) < _map_width(whole_globe) / 2


def test_no_stripe_anywhere(features_110m, whole_globe):
    for country in project_countries(features_110m, whole_globe):
        assert _widest_step(country, whole_globe) < _map_width(whole_globe) / 4, country.name


# --- Latitude cut -------------------------------------------------------------------------------

def test_polygon_below_the_cut_disappears_and_one_across_is_clipped():
    assert clip_polygon_to_min_latitude((square(0, -80, 10, -70),), -60) is None
    kept = square(0, 0, 10, 10)
    assert clip_polygon_to_min_latitude((kept,), -60) == (kept,)
    [clipped] = clip_polygon_to_min_latitude((square(0, -70, 10, -50),), -60)
    assert min(lat for _, lat in clipped) == -60 and abs(ring_area(clipped)) == pytest.approx(100)


def test_line_is_clipped_at_the_cut():
    assert clip_line_to_min_latitude(((0.0, -50.0), (0.0, -70.0), (10.0, -70.0), (10.0, -50.0)), -60) == [
        ((0.0, -50.0), (0.0, -60.0)), ((10.0, -60.0), (10.0, -50.0))]


def test_cut_at_minus_60_drops_antarctica(features_110m, projection):
    names = {country.name for country in project_countries(features_110m, projection)}
    assert "Antarctica" not in names and "Fr. S. Antarctic Lands" in names


# --- Point in polygon ----------------------------------------------------------------------------

def test_point_in_polygon_with_a_hole():
    donut = (square(0, 0, 10, 10), square(3, 3, 7, 7))
    assert point_in_polygon((1, 1), donut)
    assert not point_in_polygon((5, 5), donut)
    assert not point_in_polygon((11, 5), donut)
    assert polygon_area(donut) == pytest.approx(84)


def test_lesotho_is_a_hole_in_south_africa(countries, anchors):
    south_africa = max(countries["ZA"].polygons, key=polygon_area)
    assert len(south_africa) == 2  # the 110m data cuts Lesotho out of South Africa
    lesotho = anchors["LS"]
    assert any(point_in_polygon(lesotho, polygon) for polygon in countries["LS"].polygons)
    assert not any(point_in_polygon(lesotho, polygon) for polygon in countries["ZA"].polygons)
    assert point_in_polygon(anchors["ZA"], south_africa)


# --- Interior points -----------------------------------------------------------------------------

def test_every_country_has_its_point_inside_itself(all_countries):
    assert len(all_countries) == 176  # all but Antarctica
    for country in all_countries:
        point = interior_point(country.polygons)
        assert any(point_in_polygon(point, polygon) for polygon in country.polygons), country.name


@pytest.mark.parametrize("alpha2, city", [
    ("FR", (2.35, 48.86)),  # metropolitan France, not French Guiana
    ("US", (-98.0, 39.0)),  # the contiguous states, not Alaska
    ("CA", (-75.70, 45.42)),  # the mainland, not an Arctic island
    ("NO", (10.75, 59.91)),
    ("CL", (-70.67, -33.45)),
    ("GB", (-0.13, 51.51)),  # Great Britain, not Northern Ireland
    ("ID", (114.0, -1.0)),  # the largest Indonesian land here is its part of Borneo
    ("RU", (37.62, 55.76)),
])
def test_country_point_is_on_its_mainland(countries, anchors, projection, alpha2, city):
    [mainland] = [p for p in countries[alpha2].polygons if point_in_polygon(projection(*city), p)]
    assert point_in_polygon(anchors[alpha2], mainland)


def test_point_is_deep_inside_a_concave_shape():
    # A "U": the area centroid falls in the notch, outside the shape.
    u_shape = (((0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30), (0, 0)),)
    x, y = interior_point([u_shape], precision=0.01)
    assert point_in_polygon((x, y), u_shape)
    assert y < 10 or x < 10 or x > 20


def test_point_of_a_tiny_island_stays_on_it():
    islet = (square(100.0, 100.0, 100.3, 100.2),)
    assert point_in_polygon(interior_point([islet], precision=5.0), islet)
