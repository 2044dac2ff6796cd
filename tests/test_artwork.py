"""Artwork from svg/: what a layout places is reduced to safe shapes, hostile files are refused with
one line naming the file, the element and the fix (exit status 2, previous outputs untouched), and
in print its colours are the theme's inks."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter

from affiche.errors import AfficheError, Location
from affiche.load.artwork import MAX_ELEMENTS, read_artwork
from affiche.outputs.poster.compose import block_frames
from affiche.outputs.registry import writer_for
from affiche.pdf.cmyk import Inks
from affiche.pipeline.dates import build_time
from affiche.project import load_project

from scratch import copy_inputs, keep_layouts, replace_in, run_cli
from test_accessibility import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent
LAYOUT_KEY = Location("layouts/poster-tabloid.yaml", 30, 10, "artwork.title-band")
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def artwork_from(tmp_path: Path, text: str | bytes, name: str = "art.svg"):
    (tmp_path / "svg").mkdir(exist_ok=True)
    path = tmp_path / "svg" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_artwork(tmp_path, name, LAYOUT_KEY)


def test_the_shipped_signature_is_read_whole(root):
    artwork = read_artwork(root, "signature.svg", LAYOUT_KEY)
    assert artwork.view_box == (0, 0, 120, 60) and artwork.svg.count("<rect") == 7


def test_artwork_is_rebuilt_from_shapes_and_flat_colours_only(tmp_path):
    artwork = artwork_from(tmp_path, HEAD.replace("<svg ", '<svg xmlns:inkscape="http://www.inkscape.org/'
                                                             'namespaces/inkscape" ') +
                           '<title>Logo</title><metadata><x/></metadata><inkscape:grid/>'
                           '<g id="layer1" class="x" inkscape:label="Calque"><path d="M0 0L10 10z" '
                           'style="fill:RED;stroke:rgb(0, 0, 255);stroke-width:0.5;opacity:1"/>'
                           '<circle cx="5" cy="5" r="2" fill="#abc"/><text x="1" y="9" font-size="3">A &amp; B'
                           '</text></g></svg>')
    assert artwork.svg == ('<g><g><path d="M0 0L10 10z" fill="#ff0000" stroke="#0000ff" stroke-width="0.5">'
                           '</path><circle cx="5" cy="5" r="2" fill="#aabbcc"></circle><text x="1" y="9" '
                           'font-size="3">A &amp; B</text></g></g>')


HOSTILE = {
    "script": (f'{HEAD}<script>alert(1)</script></svg>', "<script>: a script"),
    "event": (f'{HEAD}<rect width="1" height="1" onclick="alert(1)"/></svg>', "<rect onclick>: an event attribute"),
    "external href": (f'{HEAD}<use xlink:href="https://example.org/logo.svg#a"/></svg>',
                      "<use href>: an external reference (https://example.org/logo.svg#a)"),
    "data URI": (f'{HEAD}<image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/></svg>',
                 "<image href>: a data: URI"),
    "entity": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
               f'{HEAD}<text>&secret;</text></svg>', "<!DOCTYPE>: an entity declaration (secret)"),
    "image": (f'{HEAD}<image width="5" height="5"/></svg>', "<image>: an image (raster or linked)"),
    "foreignObject": (f'{HEAD}<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject></svg>',
                      "<foreignObject>: a foreignObject"),
    "gradient paint": (f'{HEAD}<rect width="1" height="1" fill="url(#g)"/></svg>',
                       "<rect fill>: a gradient, pattern or other url(…) reference"),
    "100 000 elements": (HEAD + "<g/>" * 100_000 + "</svg>", f"<g>: more than {MAX_ELEMENTS} elements"),
    "20 MB": (HEAD + "<!--" + "x" * 20_000_000 + "--></svg>", "svg/art.svg: file is 20000"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_artwork_is_refused_with_one_line_naming_file_element_and_fix(tmp_path, case):
    text, expected = HOSTILE[case]
    with pytest.raises(AfficheError) as refused:
        artwork_from(tmp_path, text)
    line = refused.value.one_line()
    assert "\n" not in line and expected in line, line
    assert line.startswith("svg/art.svg:") or line.startswith(f"{LAYOUT_KEY}: svg/art.svg:"), line
    assert refused.value.fix, line


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """A scratch project with one poster built in English, and its files as they were."""
    project = tmp_path_factory.mktemp("artwork")
    copy_inputs(ROOT, project)
    keep_layouts(project, "poster-tabloid")
    result = run_cli(project, "build", "--lang", "en")
    assert result.returncode == 0, result.stderr
    return project, {path.name: path.read_bytes() for path in (project / "output").iterdir() if path.is_file()}


@pytest.mark.parametrize("case", ["script", "external href", "data URI", "entity", "image", "foreignObject",
                                  "100 000 elements", "20 MB"])
def test_a_build_placing_hostile_artwork_stops_with_exit_2_and_writes_nothing(good_build, case):
    project, before = good_build
    signature = project / "svg" / "signature.svg"
    original = signature.read_bytes()
    signature.write_text(HOSTILE[case][0], encoding="utf-8")
    try:
        result = run_cli(project, "build", "--lang", "en", "--force")
    finally:
        signature.write_bytes(original)
    errors = result.stderr.splitlines()
    assert result.returncode == 2 and len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    assert "svg/signature.svg" in errors[0] and HOSTILE[case][1].replace("art.svg", "signature.svg") in errors[0]
    assert {path.name: path.read_bytes() for path in (project / "output").iterdir() if path.is_file()} == before


def test_artwork_keys_are_checked_where_the_layout_names_them(project):
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "artwork: {title-band: signature.svg}", "artwork: {masthead: ../data/map.yaml}")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "en")
    assert result.returncode == 2
    assert "artwork.masthead: unknown key 'masthead' (valid keys here: title-band, footer)" in result.stderr
    replace_in(layout, "artwork: {masthead: ../data/map.yaml}", "artwork: {footer: ../data/map.yaml}")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "en")
    assert "artwork.footer: artwork file name '../data/map.yaml' is not a safe name" in result.stderr


def picture_colours(path: Path) -> set[tuple[float, ...]]:
    """The CMYK colours of the first page's pictures: the forms and patterns it paints, at any depth
    (WeasyPrint draws an SVG background as a form XObject)."""
    found, seen = set(), set()
    with pikepdf.open(path) as pdf:
        resources = [pdf.pages[0].resources]
        while resources:
            inner = resources.pop()
            for holder in [*inner.get("/XObject", {}).values(), *inner.get("/Pattern", {}).values()]:
                if holder.objgen in seen or holder.get("/Subtype") == "/Image":
                    continue
                seen.add(holder.objgen)
                for operands, operator in pikepdf.parse_content_stream(holder):
                    if str(operator) in ("k", "K", "sc", "scn", "SC", "SCN") and len(operands) == 4:
                        found.add(tuple(round(float(value), 3) for value in operands))
                resources.append(holder.get("/Resources", pikepdf.Dictionary()))
    return found


@pytest.mark.parametrize("name", ["poster-tabloid-fr-print.pdf", "handout-letter-en-print.pdf"])
def test_in_print_the_artworks_colours_are_the_themes_inks(built, name):
    theme = LAYOUTS["poster-tabloid"].theme
    inks = Inks(theme)
    colours = picture_colours(built[name])
    for srgb in ("#af3c43", "#ffffff"):  # the signature's red is the theme's rule; its white, no ink at all
        assert tuple(round(value, 3) for value in inks.for_hex(srgb)) in colours



def test_a_poster_footer_takes_the_artwork_at_the_end_of_the_contact_block(project):
    replace_in(project / "layouts" / "poster-tabloid.yaml", "artwork: {title-band: signature.svg}",
               "artwork: {footer: signature.svg}")
    loaded = load_project(project)
    (edition,) = loaded.editions(loaded.layouts(["poster-tabloid"]), ("en",), build_time(loaded.content))
    poster = writer_for(edition.layout).compose(edition, project, 0.0, None)
    (picture,) = [picture for picture in poster.pictures if picture.kind == "artwork"]
    contact = next(frame for name, frame in block_frames(edition.layout) if name == "contact")
    assert picture.frame.x + picture.frame.width == pytest.approx(contact.x + contact.width)
    assert contact.y < picture.frame.y < contact.y + contact.height


def pages_with_the_signature(pdf: Path) -> list[int]:
    """The pages showing the signature's red square in their right third, where the masthead and the
    last page put it (the map's Canada, of the same red, is on the left; headings' rules are thin)."""
    found = []
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document):
            image = page.render(scale=1.5).to_pil().convert("RGB")
            right = image.crop((image.width * 2 // 3, 0, image.width, image.height))
            distance = ImageChops.difference(right, Image.new("RGB", right.size, (0xaf, 0x3c, 0x43))).convert("L")
            mask = distance.point(lambda value: 255 if value < 14 else 0)
            if mask.filter(ImageFilter.MinFilter(9)).getbbox() is not None:  # a solid patch 9 px across
                found.append(number)
    finally:
        document.close()
    return found


def test_a_handouts_last_page_takes_the_artwork_after_its_last_block(project, tmp_path):
    layout = project / "layouts" / "handout-letter.yaml"
    replace_in(layout, "artwork: {masthead: signature.svg}",
               "artwork: {masthead: signature.svg, last-page: signature.svg}")
    result = run_cli(project, "build", "--layout", "handout-letter", "--lang", "fr", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pages = len(pdfium.PdfDocument(tmp_path / "handout-letter-fr.pdf"))
    assert pages_with_the_signature(tmp_path / "handout-letter-fr.pdf") == [0, pages - 1]


def test_without_a_last_page_artwork_only_the_masthead_shows_it(built):
    assert pages_with_the_signature(built["handout-letter-fr.pdf"]) == [0]
