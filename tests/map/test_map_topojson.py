from __future__ import annotations

import pytest

from affiche.map.topojson import CountryFeature, decode_borders, decode_features

# Two unit squares side by side, quantised on a 0.5-degree grid, sharing arc 1 (x = 1).
# Arcs 0 and 2 walk each square's outer edges; the left square takes arc 1 forwards, the right one
# backwards (~1), as TopoJSON does for neighbours.
TOY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10.0, 20.0]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (11,20) -> (10,20) -> (10,21) -> (11,21)
        [[2, 2], [0, -2]],  # (11,21) -> (11,20): the shared edge
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (11,21) -> (12,21) -> (12,20) -> (11,20)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "004", "properties": {"name": "Left"}},
                {"type": "MultiPolygon", "arcs": [[[2, ~1]]], "id": -99, "properties": {"name": "Right"}},
                {"type": None, "id": 8, "properties": {"name": "Nowhere"}},
            ],
        }
    },
}


def test_toy_topology_decodes_deltas_reversed_arcs_and_joints():
    left, right, nowhere = decode_features(TOY)
    assert left == CountryFeature("004", "Left", (((
        (11.0, 20.0), (10.0, 20.0), (10.0, 21.0), (11.0, 21.0), (11.0, 20.0)),),))
    # ~1 walks the shared edge backwards, from (11,20) up to (11,21), which closes the ring.
    assert right.polygons == ((((11.0, 21.0), (12.0, 21.0), (12.0, 20.0), (11.0, 20.0), (11.0, 21.0)),),)
    assert right.iso_numeric is None  # Natural Earth's -99
    assert nowhere == CountryFeature("008", "Nowhere", ())  # numbers are zero-padded; null geometry


def test_toy_borders_are_the_shared_arcs_only():
    assert decode_borders(TOY) == [((11.0, 21.0), (11.0, 20.0))]


def test_unsupported_geometry_is_refused():
    topology = {**TOY, "objects": {"countries": {"geometries": [{"type": "LineString", "arcs": [0]}]}}}
    with pytest.raises(ValueError, match="LineString"):
        decode_features(topology)


def test_110m_has_every_country_with_canada_as_124(features_110m):
    assert len(features_110m) == 177
    canada = [f for f in features_110m if f.iso_numeric == "124"]
    assert [f.name for f in canada] == ["Canada"]
    assert len(canada[0].polygons) > 20  # the Arctic archipelago


def test_110m_rings_are_closed_and_on_the_globe(features_110m):
    for feature in features_110m:
        assert feature.polygons, feature.name
        for polygon in feature.polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], feature.name
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring), feature.name


def test_110m_codeless_territories_have_no_numeric(features_110m):
    assert {f.name for f in features_110m if f.iso_numeric is None} == {"N. Cyprus", "Somaliland", "Kosovo"}


def test_110m_borders_include_the_canada_us_line(topology_110m):
    borders = decode_borders(topology_110m)
    # The 49th parallel between Manitoba and Minnesota is on exactly one border arc.
    on_49th = [line for line in borders
               if any(abs(lat - 49.0) < 0.01 and -97 < lon < -95 for lon, lat in line)]
    assert len(on_49th) == 1
