"""The print PDFs' plates as Ghostscript separates them, and their black: a print shop's view.

Ghostscript's tiffsep device images each page as a RIP does, one greyscale plate per ink,
overprint honoured: a renderer independent of the ones that made the files (WeasyPrint, cairo)
and of affiche's own reading of them. At 36 dpi (all print PDFs in a few seconds) the tests
assert what the plates carry: the four process plates only, the total ink inside the bleed
within the theme's limit, crop marks on every plate. Small text and black overprint are read
from the content streams as well (qpdf's reading of them, through pikepdf), and `render.py
check` is shown to report each problem in a PDF made bad on purpose.
"""
from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from PIL import ImageMath

from affiche.checks import separations
from affiche.checks.black_ink import black_ink_findings
from affiche.checks.separations import EDGE_PX, PROCESS_PLATES, Separations, render_separations
from affiche.colour.profile import printed_lab
from affiche.load.content import CONTENT_FILE, load_content
from affiche.load.layouts import layout_names, load_layout
from affiche.pdf.matrix import IDENTITY, compose, vertical_scale
from scratch import keep_layouts, rows, run_cli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / CONTENT_FILE, ROOT)
LAYOUTS = {name: load_layout(name, ROOT, CONTENT) for name in layout_names(ROOT)}
PRINT_LAYOUTS = {f"{name}-{edition}-print.pdf": layout for name, layout in LAYOUTS.items() if layout.print_spec
                 for edition in ((layout.bilingual.edition,) if layout.bilingual else layout.languages)}
PRINT_FILES = list(PRINT_LAYOUTS)
SOLID = 230  # of 255 on a plate: 90 % ink


def separate_all(built: dict[str, Path], *options: str) -> dict[str, list[Separations]]:
    assert shutil.which("gs"), "Ghostscript is needed (Debian's ghostscript; ./install.sh --test installs it)"
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PRINT_FILES, pool.map(lambda name: render_separations(built[name], 36, *options),
                                              PRINT_FILES)))


@pytest.fixture(scope="module")
def plates(built) -> dict[str, list[Separations]]:
    return separate_all(built)


def inside_bleed(page: Separations) -> tuple[int, int, int, int]:
    """The BleedBox in pixels, a pixel in: Ghostscript paints every pixel an edge touches."""
    x0, y0, x1, y1 = (round(value) for value in page.bleed)
    return x0 + EDGE_PX, y0 + EDGE_PX, x1 - EDGE_PX, y1 - EDGE_PX


# ---------------------------------------------------------------- the plates

@pytest.mark.parametrize("name", PRINT_FILES)
def test_only_the_four_process_plates(plates, name):
    """The theme declares no spot colour, so no page may need a fifth plate; the registration
    colour of the crop marks (Separation All) prints on the four and makes none of its own."""
    for page in plates[name]:
        assert sorted(page.plates) == sorted(PROCESS_PLATES)


@pytest.mark.parametrize("name", PRINT_FILES)
def test_total_ink_stays_within_the_themes_limit_inside_the_bleed(plates, name):
    limit = PRINT_LAYOUTS[name].theme.ink_limit
    most = max(page.coverage().crop(inside_bleed(page)).getextrema()[1] * 100 / 255 for page in plates[name])
    assert 150 < most <= limit + 2, most  # the dark title band or masthead is the most ink; 8-bit plates: 2 %


@pytest.mark.parametrize("name", PRINT_FILES)
def test_crop_marks_print_on_every_plate_in_every_corner(plates, name):
    for number, page in enumerate(plates[name], start=1):
        for plate, image in page.plates.items():
            width, height = image.size
            slug = image.copy()
            slug.paste(0, (round(page.bleed[0]) - EDGE_PX, round(page.bleed[1]) - EDGE_PX,
                           round(page.bleed[2]) + EDGE_PX, round(page.bleed[3]) + EDGE_PX))
            for corner in ((0, 0, width // 2, height // 2), (width // 2, 0, width, height // 2),
                           (0, height // 2, width // 2, height), (width // 2, height // 2, width, height)):
                assert slug.crop(corner).getextrema()[1] >= SOLID, (number, plate, corner)


def test_a_spot_colour_would_show_as_a_plate_of_its_own(tmp_path):
    """The plate test can fail: a PDF painting in a Separation colour gets a fifth plate."""
    path = bad_print_pdf(tmp_path / "spot.pdf")
    names = sorted(render_separations(path)[0].plates)
    assert names == sorted([*PROCESS_PLATES, "PANTONE 286 C"])


# ---------------------------------------------------------------- black

def is_dark_neutral(cmyk: tuple[float, ...]) -> bool:
    lightness, a, b = printed_lab(tuple(round(value, 4) for value in cmyk))
    return lightness < 50 and (a * a + b * b) ** 0.5 < 6


@dataclass(frozen=True)
class Shown:
    """One text-showing operator: its fill (DeviceCMYK, or None), whether it overprints, and the size
    its text prints at (the font size scaled by the text and the current transformation matrices)."""

    fill: tuple[float, ...] | None
    overprints: bool
    size: float


@pytest.mark.parametrize("name", PRINT_FILES)
def test_small_text_in_grey_or_black_is_on_the_black_plate_alone(built, name):
    """No rich black under 12 pt: text that small in a dark neutral is on the black plate alone."""
    dark = [(text.size, text.fill) for text in shown_texts(built[name])
            if text.fill and is_dark_neutral(text.fill)]
    assert len(dark) > 50  # runs of body text: the test saw it
    assert [colour for size, colour in dark if size < 12 and any(colour[:3])] == []


def shown_texts(path: Path) -> list[Shown]:
    """Each text-showing operator of every page, read with pikepdf: the fill colour set by k or by
    scn in DeviceCMYK, overprint (/op true, or /OP when /op is absent, with /OPM 1) from the
    ExtGStates, and the size from Tf, Tm and cm; forms not followed (there are none)."""
    shown = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            states = page.resources.get("/ExtGState", {})
            state = {"fill": (0.0, 0.0, 0.0, 1.0), "space": "/DeviceGray", "op": False, "opm": 0,
                     "ctm": IDENTITY, "font_size": 0.0, "text_matrix": IDENTITY}
            saved = []
            for operands, operator in pikepdf.parse_content_stream(page):
                operator = str(operator)
                if operator == "q":
                    saved.append(dict(state))
                elif operator == "Q":
                    state = saved.pop()
                elif operator == "cm":
                    state["ctm"] = compose(tuple(map(float, operands)), state["ctm"])
                elif operator == "gs":
                    parameters = states[operands[0]]
                    if "/op" in parameters or "/OP" in parameters:
                        state["op"] = bool(parameters.get("/op", parameters.get("/OP")))
                    state["opm"] = int(parameters.get("/OPM", state["opm"]))
                elif operator == "k":
                    state["fill"] = tuple(float(value) for value in operands)
                elif operator == "cs":
                    state["space"], state["fill"] = str(operands[0]), None
                elif operator == "scn":
                    is_cmyk = state["space"] == "/DeviceCMYK" and len(operands) == 4
                    state["fill"] = tuple(float(value) for value in operands) if is_cmyk else None
                elif operator == "BT":
                    state["text_matrix"] = IDENTITY
                elif operator == "Tf":
                    state["font_size"] = float(operands[1])
                elif operator == "Tm":
                    state["text_matrix"] = tuple(map(float, operands))
                elif operator in ("Tj", "TJ", "'", '"'):
                    size = abs(state["font_size"]) * vertical_scale(compose(state["text_matrix"], state["ctm"]))
                    shown.append(Shown(state["fill"], state["op"] and state["opm"] == 1, size))
    return shown


@pytest.mark.parametrize("name", PRINT_FILES)
def test_black_text_overprints_and_other_text_knocks_out(built, name):
    shown = [(text.fill, text.overprints) for text in shown_texts(built[name])]
    black = [overprint for fill, overprint in shown if fill and not any(fill[:3]) and fill[3] > 0]
    others = [overprint for fill, overprint in shown if not (fill and not any(fill[:3]) and fill[3] > 0)]
    assert black and all(black)
    assert others and not any(others)  # white text on the title band would vanish if it overprinted


@pytest.fixture(scope="module")
def plates_without_overprint(built) -> dict[str, list[Separations]]:
    return separate_all(built, "-dOverprint=/disable")


@pytest.mark.parametrize("name", PRINT_FILES)
def test_ghostscript_prints_the_tint_under_black_text_only_when_it_honours_overprint(
        plates, plates_without_overprint, name):
    """Where solid black (the K plate at 90 % or more) also has cyan under it, inside the bleed: with
    overprint honoured (tiffsep's default) the panels' and map's tints go on under black text; with
    Ghostscript told to ignore overprint, they are knocked out and no such pixel is left.

    What this proves: the files ask for overprint where black text lies on a tint, in a form a RIP
    that honours PDF overprint applies, and nothing else in them prints black over cyan. What it
    does not: that a given press's RIP honours it (many have a setting to ignore PDF overprint),
    nor anything about registration itself, which only a press shows."""
    def black_over_cyan(pages: list[Separations]) -> int:
        count = 0
        for page in pages:
            both = ImageMath.lambda_eval(lambda values: (values["k"] >= SOLID) * (values["c"] > 0) * 255,
                                         k=page.plates["Black"], c=page.plates["Cyan"])
            count += both.convert("L").crop(inside_bleed(page)).histogram()[255]
        return count

    assert black_over_cyan(plates[name]) > 20
    assert black_over_cyan(plates_without_overprint[name]) == 0


# ---------------------------------------------------------------- render.py check

def test_check_finds_nothing_wrong_with_the_real_plates_and_black(built, root):
    pdfs = [built[name] for name in PRINT_FILES]
    assert separations.separation_findings(pdfs, LAYOUTS.values(), root) == []
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            assert black_ink_findings(pdf, path.name) == [], path.name


def bad_print_pdf(path: Path) -> Path:
    """A print PDF with every fault: 340 % of ink, a spot colour, small text in a rich black,
    black text knocking out, and no crop marks."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 300))
    page = pdf.pages[0]
    page.obj.BleedBox, page.obj.TrimBox = pikepdf.Array([20, 20, 280, 280]), pikepdf.Array([28.5, 28.5, 271.5, 271.5])
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 0.56, 0, 0.18], N=1)
    page.obj.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                     BaseFont=pikepdf.Name.Helvetica)),
        ColorSpace=pikepdf.Dictionary(Spot=pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/PANTONE 286 C"),
                                                          pikepdf.Name.DeviceCMYK, tint])))
    page.obj.Contents = pdf.make_stream(
        b"1 0.9 0.5 1 k 40 150 200 80 re f\n"
        b"/Spot cs 1 scn 40 40 60 60 re f\n"
        b"BT /F1 8 Tf 0.6 0.4 0.4 1 k 120 70 Td (rich black) Tj ET\n"
        b"BT /F1 8 Tf 0 0 0 1 k 120 50 Td (black) Tj ET\n")
    pdf.save(path)
    return path


def test_check_reports_each_fault_of_a_bad_print_pdf_with_its_fix(project):
    keep_layouts(project, "poster-tabloid")
    (project / "output").mkdir()
    bad_print_pdf(project / "output" / "poster-tabloid-en-print.pdf")
    result = run_cli(project, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    where = "output/poster-tabloid-en-print.pdf page 1"
    found = {check: rows(result.stdout, check) for check in ("separations", "ink-limit", "crop-marks", "rich-black",
                                                              "overprint")}
    assert found["separations"] == [
        f"error {where} | plates besides C, M, Y and K: PANTONE 286 C (a spot colour no theme declares costs a "
        "plate and a press unit of its own) | fix: draw it in the theme's CMYK colours"]
    [ink] = found["ink-limit"]
    assert ink.startswith(f"error {where} | up to 340 % of ink, over the theme's 300 % limit, in an area of 71 × 28 mm")
    assert ink.endswith("| fix: lower the inks of the colour there ('render.py check' proposes theme values "
                        "within the limit)")
    [marks] = found["crop-marks"]
    assert marks.startswith(f"error {where} | crop marks missing on plates: ")
    assert all(f"{plate} (top left, top right, bottom left, bottom right)" in marks for plate in PROCESS_PLATES)
    assert "| fix: draw crop marks in the registration colour (Separation All)" in marks
    assert found["rich-black"] == [
        f"error {where} | text under 12 pt or rules of 2 pt or less in a rich black (C 60 M 40 Y 40 K 100; "
        "1 in all): misregistration blurs them | fix: print small text and thin rules in a dark grey or black on black ink "
        "alone: their theme colour as cmyk: [0, 0, 0, K]"]
    [overprint] = found["overprint"]
    assert overprint.startswith(f"warning {where} | black text or rules knock out what lies under them (1 in all)")


def test_check_says_what_it_skipped_without_ghostscript(built, root, monkeypatch):
    monkeypatch.setattr(separations.shutil, "which", lambda name: None)
    pdfs = [built[name] for name in PRINT_FILES] + [built["poster-tabloid-en.pdf"]]
    [finding] = separations.separation_findings(pdfs, LAYOUTS.values(), root)
    assert (finding.severity, finding.check) == ("warning", "separations")
    assert finding.message == (f"Ghostscript is not installed: the plates of {len(PRINT_FILES)} print PDFs were not "
                               "checked (spot plates, total ink coverage, crop marks on every plate)")
    assert "apt-get install ghostscript" in finding.fix
