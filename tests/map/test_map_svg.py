from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest

from affiche.map.markers import Mark, place_marks
from affiche.map.svg import map_layers
from affiche.map.topojson import decode_borders
from affiche.map.world import project_countries, project_lines

SVG = "{http://www.w3.org/2000/svg}"
COLOURS = {1: "#e4572e", 2: "#17bebb", 3: "#ffc914"}


def document(layers, projection) -> str:
    width, height = 2 * projection.offset_x, 500
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{layers.fragment()}</svg>')


@pytest.fixture(scope="module")
def placed(anchors, projection):
    marks = [Mark("CA", anchors["CA"], (1, 2, 3)), Mark("GB", anchors["GB"], (1, 2)),
             Mark("IE", anchors["IE"], (3,)), Mark('Bar & "Grill" <Genève>', projection(6.14, 46.2), (2,))]
    marks += [Mark(f"stack-{i}", anchors["BR"], (1,)) for i in range(8)]
    return place_marks(marks, 4.0, 1.0)


@pytest.fixture(scope="module")
def layers(all_countries, borders, projection, placed):
    return map_layers(all_countries, projection, borders=borders, highlight_alpha2="CA",
                      highlight_colour="#d52b1e", marks=placed, category_colours=COLOURS)


@pytest.fixture(scope="module")
def tree(layers, projection):
    return ET.fromstring(document(layers, projection))


def test_groups_in_painting_order(tree):
    assert [g.get("id") for g in tree.findall(f"{SVG}g")] == ["ocean", "land", "borders", "markers"]


def test_one_path_per_country_with_unique_ids(tree, all_countries):
    paths = tree.findall(f"{SVG}g[@id='land']/{SVG}path")
    assert len(paths) == len(all_countries) == 176
    ids = [p.get("id") for p in paths if p.get("id")]
    assert len(ids) == len(set(ids)) == 173  # Kosovo, N. Cyprus and Somaliland have no code
    assert all(re.fullmatch(r"country-[a-z]{2}", i) for i in ids)


def test_canada_is_highlighted(tree):
    [canada] = tree.findall(f".//{SVG}path[@id='country-ca']")
    assert canada.get("class") == "highlight" and canada.get("fill") == "#d52b1e"
    assert canada.get("data-iso") == "CA" and canada.get("data-iso-numeric") == "124"
    others = [p for p in tree.iter(f"{SVG}path") if p.get("class") == "highlight"]
    assert others == [canada]


def test_country_without_code_is_drawn_but_unnamed(tree, all_countries):
    index = [c.name for c in all_countries].index("Kosovo")
    kosovo = tree.findall(f"{SVG}g[@id='land']/{SVG}path")[index]
    assert kosovo.get("d") and kosovo.get("id") is None and kosovo.get("data-iso") is None


def _absolute_points(d):
    """Every vertex of a path written with M, l and z on the integer grid."""
    x = y = 0
    points = []
    tokens = re.findall(r"[Mlz]|-?\d+", d)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        i += 1
        if command == "z":
            continue
        first = True
        while i < len(tokens) and tokens[i] not in "Mlz":
            dx, dy = int(tokens[i]), int(tokens[i + 1])
            x, y = (dx, dy) if command == "M" and first else (x + dx, y + dy)
            points.append((x, y))
            first = False
            i += 2
    return points


def test_path_data_stays_on_the_map(tree, projection):
    land = tree.find(f"{SVG}g[@id='land']")
    assert land.get("transform") == "scale(.1)"
    for path in land.iter(f"{SVG}path"):
        points = _absolute_points(path.get("d"))
        assert all(-1 <= px / 10 <= 1001 and -1 <= py / 10 <= 501 for px, py in points)
    # Steps add up exactly: Ottawa's corner of Canada lands where the projection puts it.
    ottawa = projection(-75.70, 45.42)
    canada = _absolute_points(tree.find(f".//{SVG}path[@id='country-ca']").get("d"))
    assert min(abs(px / 10 - ottawa[0]) + abs(py / 10 - ottawa[1]) for px, py in canada) < 3


def test_borders_are_one_stroked_path(tree):
    borders = tree.find(f"{SVG}g[@id='borders']")
    assert borders.get("fill") == "none" and borders.get("stroke-width") == "5"  # 0.5 at scale .1
    assert len(borders.findall(f"{SVG}path")) == 1


def test_markers_carry_category_place_and_colour(tree, placed):
    circles = tree.findall(f"{SVG}g[@id='markers']/{SVG}circle")
    assert len(circles) == sum(len(mark.dots) for mark in placed)
    canada = [c for c in circles if c.get("data-place") == "CA"]
    assert [c.get("class") for c in canada] == ["mark cat-1", "mark cat-2", "mark cat-3"]
    assert [c.get("fill") for c in canada] == [COLOURS[1], COLOURS[2], COLOURS[3]]
    assert all(c.get("r") == "4" for c in circles)
    assert any(c.get("data-place") == 'Bar & "Grill" <Genève>' for c in circles)  # escaped, read back


def test_leaders_are_drawn_under_the_dots(tree, placed):
    markers = tree.find(f"{SVG}g[@id='markers']")
    assert markers[0].get("class") == "leaders"
    assert len(markers[0]) == sum(mark.leader is not None for mark in placed) > 0


def test_whole_110m_map_is_small(layers, whole_globe, features_110m, topology_110m):
    assert len(layers.fragment().encode()) < 100_000
    globe = map_layers(project_countries(features_110m, whole_globe), whole_globe,  # with Antarctica
                       borders=project_lines(decode_borders(topology_110m), whole_globe))
    assert len(globe.fragment().encode()) < 100_000


def test_colours_must_be_given(all_countries, projection, placed):
    with pytest.raises(ValueError, match="highlight_colour"):
        map_layers(all_countries, projection, highlight_alpha2="CA")
    with pytest.raises(ValueError, match=r"\[3\]"):
        map_layers(all_countries, projection, marks=placed, category_colours={1: "red", 2: "blue"})


def test_renders_with_holes_highlight_ocean_and_dots(all_countries, borders, projection, anchors, placed):
    cairosvg = pytest.importorskip("cairosvg")
    cairocffi = pytest.importorskip("cairocffi")
    layers = map_layers(all_countries, projection, borders=borders, highlight_alpha2="ZA",
                        highlight_colour="#ff0000", marks=placed, category_colours=COLOURS,
                        ocean_colour="#0000ff", land_colour="#00ff00", border_colour="#00ff00")
    scale = 2
    png = cairosvg.svg2png(bytestring=document(layers, projection).encode(), scale=scale)
    surface = cairocffi.ImageSurface.create_from_png(BytesIO(png))
    data, stride = surface.get_data(), surface.get_stride()

    def colour(point):
        offset = int(point[1] * scale) * stride + int(point[0] * scale) * 4
        blue, green, red, alpha = data[offset:offset + 4]  # cairo's ARGB32, little-endian
        return f"#{red:02x}{green:02x}{blue:02x}" if alpha == 255 else "transparent"

    assert colour(anchors["ZA"]) == "#ff0000"
    assert colour(anchors["LS"]) == "#00ff00"  # South Africa's hole lets Lesotho show
    assert colour(projection(-150, 0)) == "#0000ff"  # the Pacific
    assert colour((1, 1)) == "transparent"  # outside the globe
    dot = placed[0].dots[0]
    assert colour(dot.centre) == COLOURS[dot.category]
