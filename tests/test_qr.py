"""The QR code of the online version: rasterised, every output that carries one reads back with zbar
to its address; in the print PDFs it is on the black plate alone; and links.online is checked."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from affiche.outputs.qr import QUIET_MODULES, qr_code

from scratch import replace_in, run_cli
from test_accessibility import DOCS, HANDOUTS, LAYOUTS
from test_poster_tagged import EDITIONS, svg_drawn_by_cairo

MIN_PIXELS_PER_MODULE = 3  # a harder read than any print gives, and a smaller raster to read
MODULE_MM = {"poster-tabloid": 0.45, "poster-24x36": 0.9}  # about, from the layouts' online blocks
HANDOUT_MODULE_MM = 0.5

pytestmark = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")


def decoded(image: Path) -> set[str]:
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    return {line for line in result.stdout.splitlines() if line}


def dpi_for(module_mm: float) -> int:
    return int(MIN_PIXELS_PER_MODULE * 25.4 / module_mm) + 1


def poster_dpi(stem: str) -> int:
    return dpi_for(next(mm for name, mm in MODULE_MM.items() if stem.startswith(name)))


def pages_decoded(pdf: Path, dpi: int, folder: Path) -> set[str]:
    # Greyscale PGM: poppler took five times as long to write a poster's page as PNG.
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "page")], check=True, timeout=240)
    return set().union(*(decoded(page) for page in sorted(folder.glob("page*.pgm"))))


def addresses(languages) -> set[str]:
    return {DOCS[lang].online for lang in languages}


@pytest.mark.parametrize("stem", EDITIONS)
def test_the_poster_svg_pdf_and_png_decode_to_the_online_address(built, tmp_path, stem):
    expected = {DOCS[EDITIONS[stem][0]].online}  # a bilingual poster encodes its first language's address
    assert pages_decoded(built[f"{stem}.pdf"], poster_dpi(stem), tmp_path) == expected
    drawn = svg_drawn_by_cairo(built[f"{stem}.svg"], tmp_path / "svg.pdf")
    (tmp_path / "svg").mkdir()
    assert pages_decoded(drawn, poster_dpi(stem), tmp_path / "svg") == expected
    preview = Image.open(built[f"{stem}.png"])
    module_px = preview.width / (LAYOUTS[stem.rsplit("-", 1)[0]].page_width_mm / MODULE_MM[
        next(name for name in MODULE_MM if stem.startswith(name))])
    if module_px >= 2:  # the 1200 px preview of a 36 in poster draws a module smaller than a pixel
        enlarged = preview.resize((preview.width * 3, preview.height * 3), Image.Resampling.NEAREST)
        enlarged.save(tmp_path / "preview.png")
        assert decoded(tmp_path / "preview.png") == expected


@pytest.mark.parametrize("name", [name for name in HANDOUTS if not name.endswith("-print.pdf")])
def test_each_handout_pdf_decodes_to_the_address_of_each_language_it_holds(built, tmp_path, name):
    assert pages_decoded(built[name], dpi_for(HANDOUT_MODULE_MM), tmp_path) == addresses(HANDOUTS[name])


PRINT_FILES = {f"{stem}-print.pdf": (poster_dpi(stem), {DOCS[EDITIONS[stem][0]].online}) for stem in EDITIONS}
PRINT_FILES.update({name: (dpi_for(HANDOUT_MODULE_MM), addresses(languages)) for name, languages in HANDOUTS.items()
                    if name.endswith("-print.pdf") and name.startswith(("handout-letter-fr", "booklet"))})


def plates(pdf: Path, dpi: int, folder: Path) -> list[dict[str, Image.Image]]:
    """Each page's separations as Ghostscript's tiffsep prints them: 0 is full ink, 255 none."""
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}",
                    f"-sOutputFile={folder}/page%d.tif", str(pdf)], check=True, timeout=240)
    found, number = [], 1
    while (folder / f"page{number}(Black).tif").exists():
        found.append({ink: Image.open(folder / f"page{number}({ink}).tif").convert("L")
                      for ink in ("Cyan", "Magenta", "Yellow", "Black")})
        number += 1
    return found


def full_black_box(black: Image.Image, inside: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Where the black plate has full ink inside `inside` (the bleed box): the code's modules only,
    since the text prints at 88 % black and the crop marks lie outside."""
    region = black.crop(inside).point(lambda value: 255 if value < 8 else 0)
    box = region.getbbox()
    return None if box is None else (box[0] + inside[0], box[1] + inside[1], box[2] + inside[0], box[3] + inside[1])


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
@pytest.mark.parametrize("name", PRINT_FILES)
def test_in_print_the_code_is_on_the_black_plate_alone(built, tmp_path, name):
    dpi, expected = PRINT_FILES[name]
    with pikepdf.open(built[name]) as pdf:
        boxes = [(tuple(float(v) for v in page.obj.MediaBox), tuple(float(v) for v in page.obj.BleedBox))
                 for page in pdf.pages]
    found = set()
    for separations, (media, bleed) in zip(plates(built[name], dpi, tmp_path), boxes):
        scale = dpi / 72
        inside = (int((bleed[0] - media[0]) * scale) + 2, int((media[3] - bleed[3]) * scale) + 2,
                  int((bleed[2] - media[0]) * scale) - 2, int((media[3] - bleed[1]) * scale) - 2)
        box = full_black_box(separations["Black"], inside)
        if box is None:
            continue
        separations["Black"].crop(inside).save(tmp_path / "black.png")
        codes = decoded(tmp_path / "black.png")
        found |= codes
        if codes:  # the code's square, quiet zone and all, holds no cyan, magenta or yellow
            margin = int(QUIET_MODULES * (box[2] - box[0]) / qr_code(next(iter(codes))).modules)
            square = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
            for ink in ("Cyan", "Magenta", "Yellow"):
                assert separations[ink].crop(square).getextrema()[0] == 255, (name, ink)
    assert found == expected


def test_the_code_keeps_its_quiet_zone_of_four_white_modules():
    code = qr_code(DOCS["fr"].online)
    side = code.modules + 2 * QUIET_MODULES
    assert code.view_box == (0, 0, side, side)
    assert code.svg.startswith(f'<rect width="{side}" height="{side}" fill="#ffffff"/>')
    for command in code.svg.split('d="')[1].split('"')[0].split("M")[1:]:
        x, y = (int(value) for value in command.split("h")[0].split(" "))
        assert QUIET_MODULES <= x < side - QUIET_MODULES and QUIET_MODULES <= y < side - QUIET_MODULES


@pytest.mark.parametrize("value, expected", [
    ("http://www.canada.ca/fr/x.html", "is not an https address"),
    ("https://www.canada.ca/" + "x" * 200, "the address is 222 characters, more than 200"),
    ('https://www.canada.ca/"><script>', "holds a space, a quote or a character outside ASCII"),
    ("javascript:alert(1)", "is not an https address"),
])
def test_links_online_must_be_a_plain_https_address(project, value, expected):
    content = project / "data" / "handout.yaml"
    replace_in(content, "fr: https://www.canada.ca/fr/ircc/migration-internationale.html", f"fr: '{value}'")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "fr")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "links.online.fr: " in result.stderr and expected in result.stderr, result.stderr


def test_a_layout_placing_the_code_needs_the_address(project):
    content = project / "data" / "handout.yaml"
    text = content.read_text(encoding="utf-8")
    start = text.index("links:\n  online:")
    content.write_text(text[:start] + text[start:].split("\n\n", 1)[1], encoding="utf-8")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--lang", "fr")
    assert result.returncode == 2
    assert "the block 'online' prints the QR code of the online version" in result.stderr, result.stderr
