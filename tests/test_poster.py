"""The world-map poster, read back: SVG structure, dots, legend, sizes, and the print files."""
from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from itertools import combinations
from math import hypot

import pypdf
import pytest

from affiche.load.content import load_content
from affiche.load.layouts import load_layout
from affiche.load.places import load_map_content
from affiche.map.geometry import point_in_polygon
from affiche.map.countries import country_name
from affiche.map.projection import fit_world
from affiche.map.draw import SOUTHERN_LIMIT
from affiche.pdf.raster import page_image

SVG = "{http://www.w3.org/2000/svg}"
POSTERS = ["poster-tabloid", "poster-24x36"]


def parse(path) -> ET.Element:
    return ET.parse(path).getroot()


def group(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//{SVG}g[@id='{name}']")
    assert found is not None, f"no <g id='{name}'>"
    return found


def path_rings(d: str, scale: float) -> tuple:
    """Rings of a path written as 'M x y l dx dy … z' subpaths (relative steps), scaled to map units."""
    rings = []
    for subpath in re.findall(r"M[^M]+", d):
        numbers = [int(n) for n in re.findall(r"-?\d+", subpath)]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        ring.append(ring[0])  # 'z' closes the ring: point_in_polygon wants the closing edge written out
        rings.append(tuple((px * scale, py * scale) for px, py in ring))
    return tuple(rings)


def map_scale(root: ET.Element) -> float:
    return float(re.fullmatch(r"scale\(([\d.]+)\)", group(root, "land").get("transform")).group(1))


def marks_by_place(root: ET.Element) -> dict[str, list[ET.Element]]:
    marks: dict[str, list[ET.Element]] = {}
    for circle in group(root, "markers").iter(f"{SVG}circle"):
        marks.setdefault(circle.get("data-place"), []).append(circle)
    return marks


def leaders(root: ET.Element) -> list[tuple[float, float, float, float]]:
    return [tuple(float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
            for line in group(root, "markers").iter(f"{SVG}line")]


@pytest.fixture(scope="module")
def places(root):
    return load_map_content(root)


@pytest.fixture(scope="module")
def theme(root):
    content = load_content(root / "data" / "handout.yaml", root)
    return load_layout("poster-tabloid", root, content).theme


@pytest.mark.parametrize("layout", POSTERS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_entry_has_its_dot_in_its_colour_on_its_place(built, places, theme, layout, lang):
    root = parse(built[f"{layout}-{lang}.svg"])
    scale = map_scale(root)
    marks = marks_by_place(root)
    lines = leaders(root)
    for entry in places.entries:
        dots = marks[entry.place.key]
        colours = {dot.get("class"): dot.get("fill") for dot in dots}
        assert colours[f"mark cat-{entry.category}"] == theme.colours[f"category-{entry.category}"].srgb
        centre = (sum(float(d.get("cx")) for d in dots) / len(dots), sum(float(d.get("cy")) for d in dots) / len(dots))
        # A group moved away from its place carries a leader line from the place to the group.
        anchor = next(((x1, y1) for x1, y1, x2, y2 in lines if hypot(x2 - centre[0], y2 - centre[1]) < 0.05),
                      centre)
        if entry.place.country:
            path = root.find(f".//{SVG}path[@data-iso='{entry.place.country}']")
            assert path is not None, f"no path for {entry.place.country}"
            rings = path_rings(path.get("d"), scale)
            assert any(point_in_polygon(anchor, (ring,)) for ring in rings), \
                f"{entry.place.country}'s dot is not on {entry.place.country}"
        else:
            radius = float(dots[0].get("r"))
            assert hypot(*(a - b for a, b in zip(anchor, projected(root, entry.place)))) < 2 * radius


def projected(root: ET.Element, place) -> tuple[float, float]:
    """Where a latitude/longitude falls on the map, from the ocean's own extent."""
    ocean = path_rings(group(root, "ocean").find(f"{SVG}path").get("d"), map_scale(root))[0]
    width = max(x for x, _ in ocean) - min(x for x, _ in ocean)
    height = max(y for _, y in ocean) - min(y for _, y in ocean)
    return fit_world(width, height, min_latitude=SOUTHERN_LIMIT)(place.lon, place.lat)


@pytest.mark.parametrize("layout", POSTERS)
def test_no_two_dots_overlap(built, layout):
    circles = list(group(parse(built[f"{layout}-fr.svg"]), "markers").iter(f"{SVG}circle"))
    assert len(circles) == 13  # 11 places; the United Kingdom and New Zealand in two categories
    for a, b in combinations(circles, 2):
        distance = hypot(float(a.get("cx")) - float(b.get("cx")), float(a.get("cy")) - float(b.get("cy")))
        assert distance >= float(a.get("r")) + float(b.get("r")), (a.get("data-place"), b.get("data-place"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_legend_has_three_colours_and_the_labels_of_the_language(built, theme, lang, root):
    svg = parse(built[f"poster-tabloid-{lang}.svg"])
    legend = group(svg, "legend")
    markers = [(marker.text, marker.get("fill")) for marker in legend.iter(f"{SVG}text")
               if marker.get("class") == "marker"]
    assert markers == [("\u25cf", theme.colours[f"category-{n}"].srgb) for n in (1, 2, 3)] + [
        ("\u25aa", theme.colours["home"].srgb)]
    text = " ".join("".join(t.itertext()) for t in legend.iter(f"{SVG}text") if t.get("class") != "marker")
    expected = {"fr": ["Légende", "Programmes actuels de IMPR", "forums et institutions multilatérales"],
                "en": ["Legend", "Current active GRSI programs", "multilateral forums and institutions"]}[lang]
    for label in expected:
        assert label in text.replace("\u00a0", " ")
    assert country_name("CA", lang) in text


@pytest.mark.parametrize("layout", POSTERS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_svg_structure_language_and_self_containment(built, layout, lang):
    path = built[f"{layout}-{lang}.svg"]
    data = path.read_bytes()
    assert len(data) < 150 * 1024
    root = parse(path)
    assert root.get("viewBox") and root.get("{http://www.w3.org/XML/1998/namespace}lang") == f"{lang}-CA"
    title, desc = root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text
    assert title.startswith({"fr": "Efforts canadiens", "en": "Canada’s international"}[lang])
    assert {"fr": "Royaume-Uni", "en": "United Kingdom"}[lang] in desc
    for name in ("ocean", "land", "borders", "markers", "legend", "text"):
        group(root, name)
    countries = group(root, "land").findall(f"{SVG}path")
    assert len(countries) > 150 and all(p.get("data-iso-numeric") for p in countries if p.get("data-iso"))
    assert root.find(f".//{SVG}path[@id='country-ca']").get("class") == "highlight"
    assert not re.search(rb"href|url\(|<image|@import|<!ENTITY", data)
    assert "IRCC.MigrationMinute" in "".join(group(root, "text").itertext())


@pytest.mark.parametrize("layout, width_in, height_in", [("poster-tabloid", 11, 17), ("poster-24x36", 36, 24)])
def test_print_pdf_keeps_text_and_embeds_fonts(built, layout, width_in, height_in):
    reader = pypdf.PdfReader(built[f"{layout}-fr.pdf"])
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((width_in * 72, height_in * 72), abs=0.5)
    text = subprocess.run(["pdftotext", str(built[f"{layout}-fr.pdf"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Efforts canadiens de mobilisation" in text
    fonts = pdffonts(built[f"{layout}-fr.pdf"])
    assert fonts and all(embedded == "yes" for _, embedded in fonts)
    assert {name.split("+")[1].split("-")[0] for name, _ in fonts} <= {"Lato", "Noto"}


def pdffonts(path) -> list[tuple[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [(line.split()[0], line.split()[-5]) for line in lines[2:]]


def test_png_preview(built):
    from PIL import Image

    image = Image.open(io.BytesIO(built["poster-tabloid-en.png"].read_bytes()))
    assert image.size[0] == 1200 and image.size[1] == pytest.approx(1200 * 17 / 11, abs=1)
    assert len(image.getcolors(1 << 20)) > 50  # a real picture, not a blank page


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg's rsvg-convert is not installed")
def test_the_png_preview_holds_the_very_pixels_pdfium_draws_as_libpng_reads_them(built):
    """affiche writes the preview's PNG itself (pdf/raster.py): librsvg, whose pictures libpng
    reads, draws it in an SVG at its own size, and gets back the page as pdfium drew it."""
    from PIL import Image

    drawn = page_image(built["poster-tabloid-en.pdf"].read_bytes(), 0, 1200).convert("RGB")
    png = built["poster-tabloid-en.png"].read_bytes()
    width, height = drawn.size
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><image width="{width}" '
           f'height="{height}" href="data:image/png;base64,{base64.b64encode(png).decode()}"/></svg>')
    read = subprocess.run(["rsvg-convert", "--format", "png"], input=svg.encode(), capture_output=True, check=True)
    assert Image.open(io.BytesIO(read.stdout)).convert("RGB").tobytes() == drawn.tobytes()


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg's rsvg-convert is not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_librsvg_renders_the_svg_too(built, tmp_path, lang):
    target = tmp_path / "poster.png"
    result = subprocess.run(["rsvg-convert", "--width", "800", "-o", str(target), str(built[f"poster-tabloid-{lang}.svg"])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 20_000


def test_handout_carries_the_map_and_its_legend(built):
    import pdfplumber

    with pdfplumber.open(built["handout-letter-fr.pdf"]) as pdf:
        page = next(p for p in pdf.pages if "Carte du monde" in (p.extract_text() or ""))
        assert len(page.curves) + len(page.rects) > 150  # countries, borders, dots
        assert "Programmes actuels de IMPR" in page.extract_text()
