"""What affiche changes in WeasyPrint's reading of HTML and writing of a PDF (pdf/weasyprint_compat.py),
beside what WeasyPrint does unchanged: the map's path data drawn through a fast lane into the same
operators, every stream compressed at zlib's default level, and the HTML parser's expressions
built once."""
from __future__ import annotations

import io
import re
import zlib
from collections import deque
from xml.etree import ElementTree

import pikepdf
import pydyf
import pytest
import tinyhtml5
import weasyprint
from tinyhtml5 import inputstream
from weasyprint.svg import SVG, TAGS

from affiche.outputs.handout.pages import handout_map
from affiche.pdf.weasyprint_compat import _grid_subpaths, install_weasyprint_changes
from affiche.pipeline.dates import build_time
from affiche.project import load_project

install_weasyprint_changes()
LANE, WEASYPRINT = TAGS["path"], TAGS["path"].__wrapped__
PATH_DATA = re.compile(r' d="([^"]*)"')
MAP_GROUP = re.compile(r'<g id="(?:ocean|land|borders)".*?</g>', re.DOTALL)  # map/svg.py's groups nest none


class Node(dict):
    """An SVG path element as WeasyPrint's drawers take it: its attributes, and the vertices they note."""

    def __init__(self, data: str, **attributes: str) -> None:
        super().__init__(d=data, **attributes)
        self.vertices = deque()


class Drawing:
    """The part of WeasyPrint's SVG drawing a path drawer uses: a stream, and lengths in user units."""

    inner_width = inner_height = 100
    point = SVG.point

    def __init__(self) -> None:
        self.stream = pydyf.Stream()


def drawn(drawer, data: str, **attributes: str) -> tuple[bytes, list, type | None]:
    """The operators a drawer writes for the path data, the vertices it notes, and what it raised."""
    drawing, node = Drawing(), Node(data, **attributes)
    try:
        drawer(drawing, node, 10)
    except Exception as error:  # noqa: BLE001 - what WeasyPrint raises is part of what it does
        return drawing.stream.data, list(node.vertices), type(error)
    return drawing.stream.data, list(node.vertices), None


def operators_and_error(drawing: tuple[bytes, list, type | None]) -> tuple[bytes, type | None]:
    """What a drawer put on the page, and raised: the vertices are only where markers would go."""
    stream, _, error = drawing
    return stream, error


@pytest.fixture(scope="module")
def map_path_data(root, built) -> list[str]:
    """Every path of the maps affiche draws (ocean, land, borders): a handout's, and the posters' (read
    from their SVG files)."""
    project = load_project(root)
    handouts = [edition for edition in project.editions(project.layouts(), (), build_time(project.content))
                if edition.layout.document == "handout" and "map" in edition.layout.blocks]
    drawings = [handout_map(handouts[0].places, handouts[0].layout, root).svg]
    drawings += [path.read_text("utf-8") for name, path in built.items() if name.endswith(".svg")]
    return [data for svg in drawings for group in MAP_GROUP.findall(svg) for data in PATH_DATA.findall(group)]


def test_the_maps_paths_take_the_lane_and_come_out_as_weasyprint_draws_them(map_path_data):
    assert len(map_path_data) > 300  # every country, the borders, the ocean: of a handout and the posters
    for data in map_path_data:
        assert _grid_form(data), data[:80]
        lane = drawn(LANE, data)
        assert operators_and_error(lane) == operators_and_error(drawn(WEASYPRINT, data)), data[:80]
        assert lane[1] == []  # no marker to put at its vertices
        assert drawn(LANE, data) == lane  # and again, from what the lane kept


def _grid_form(data: str) -> bool:
    return _grid_subpaths(data) is not None


@pytest.mark.parametrize("data", [
    "M1 2l3 4", "M1 2l3-4-5 6z", "M-1 -2l-3-4zM5 6l1 1", "M1 2l3 4M5 6l7 8z", "M0 0l0 0z",  # the lane's form
    "M1 2l3 4 5", "M1 2l3--4", "M1 2L3 4", "m1 2l3 4", "M1 2l3 4zz", "M1.5 2l3 4", "M1 2l3 4 z", " M1 2l3 4",
    "M1 2h3v4z", "M0 0C1 2 3 4 5 6", "M1,2l3,4", "",  # any other: WeasyPrint's own drawer
])
def test_any_path_data_comes_out_as_weasyprint_draws_it(data):
    lane, weasyprint = drawn(LANE, data), drawn(WEASYPRINT, data)
    assert operators_and_error(lane) == operators_and_error(weasyprint)
    assert lane[1] == ([] if _grid_form(data) else weasyprint[1])
    for marker in ("marker", "marker-start", "marker-mid", "marker-end"):  # WeasyPrint's own, vertices and all
        assert drawn(LANE, data, **{marker: "url(#m)"}) == drawn(WEASYPRINT, data, **{marker: "url(#m)"})


MARKED_PATHS = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<defs><marker id="dot" markerWidth="4" markerHeight="4" refX="2" refY="2">
<circle cx="2" cy="2" r="2" fill="red"/></marker></defs>
<path d="M10 10l20 5 20-5z" fill="blue"/>
<g marker-mid="url(#dot)"><path d="M10 40l20 5 20-5 20 5" stroke="black" fill="none"/></g>
<path d="M10 70l20 5-20 5z" style="marker-start: url(#dot)" stroke="green"/>
<path d="M100 70l20 5-20 5" marker-end="url(#dot)" marker="" stroke="green"/>
</svg>"""


def test_markers_inherited_or_styled_are_drawn_as_weasyprint_draws_them(monkeypatch):
    def page_stream() -> bytes:
        html = weasyprint.HTML(string=f"<body style='margin: 0'>{MARKED_PATHS}</body>")
        with pikepdf.open(io.BytesIO(html.write_pdf())) as pdf:
            return pdf.pages[0].Contents.read_bytes()

    with_lane = page_stream()
    monkeypatch.setitem(TAGS, "path", WEASYPRINT)
    without = page_stream()
    assert with_lane == without
    assert len(re.findall(rb" c\n", without)) == 4 * 4  # four dots (two between, a start, an end), four curves each


def test_the_lane_takes_only_its_own_form():
    taken = [data for data in ("M1 2l3-4-5 6z", "M1 2l3 4 5", "M1 2l3--4", "M1 2L3 4", "M1.5 2l3 4") if _grid_form(data)]
    assert taken == ["M1 2l3-4-5 6z"]


def test_every_stream_of_a_screen_pdf_is_compressed_at_zlibs_default_level(built):
    with pikepdf.open(built["handout-letter-fr.pdf"]) as pdf:
        flate = [item for item in pdf.objects if isinstance(item, pikepdf.Stream) and item.get("/Filter") == "/FlateDecode"]
        assert len(flate) > 10  # pages, fonts, the structure's object streams
        for stream in flate:
            assert stream.read_raw_bytes() == zlib.compress(stream.read_bytes(), zlib.Z_DEFAULT_COMPRESSION)


class CountedCompiles:
    """The re module as tinyhtml5's input stream sees it, counting the expressions compiled."""

    def __init__(self) -> None:
        self.compiled = 0

    def compile(self, *arguments):
        self.compiled += 1
        return re.compile(*arguments)


def test_the_html_parser_builds_each_expression_once_and_reads_the_same_tree(monkeypatch, map_path_data):
    page = "".join(f"<p class='a' title=\"b &amp; c\">d &lt; e<br></p><svg><path d='{data}'/></svg>"
                   for data in map_path_data[:50])
    tree = ElementTree.tostring(tinyhtml5.parse(page))  # the first parse builds what the cache lacks
    counted = CountedCompiles()
    monkeypatch.setattr(inputstream, "re", counted)
    assert ElementTree.tostring(tinyhtml5.parse(page)) == tree
    assert counted.compiled == 0
    monkeypatch.setattr(inputstream, "characters_until_regex", {})  # tinyhtml5's own cache, as released
    assert ElementTree.tostring(tinyhtml5.parse(page)) == tree
    assert counted.compiled > 100  # one for each run of text or attribute read
