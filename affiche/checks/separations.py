"""Preflight of what the printing plates of each print PDF carry, as Ghostscript separates them.

Ghostscript's tiffsep device images a page as a RIP does, into one greyscale picture per ink
(Cyan, Magenta, Yellow, Black, and one per spot colour), overprint honoured. That is a look at
the file independent of affiche's own reading of it. From the plates, at RESOLUTION_DPI:
- `separations`: only the four process plates (no theme declares a spot colour);
- `ink-limit`: the total ink, C + M + Y + K and any spot, everywhere inside the bleed, within the
  theme's limit;
- `crop-marks`: with `marks: crop`, marks in each corner of every plate (they are drawn in the
  registration colour, so that they register every ink).
Without Ghostscript (`shutil.which("gs")`), one warning says what was skipped and how to install it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageMath, ImageOps

from ..model.layout import Layout
from ..model.outputs import OutputName
from ..model.theme import DEFAULT_INK_LIMIT
from ..pdf.boxes import Box, rectangle
from . import Finding
from .outputs import shown_path

PROCESS_PLATES = ("Cyan", "Magenta", "Yellow", "Black")
RESOLUTION_DPI = 36  # every area and every crop mark shows (Ghostscript draws a hairline a pixel wide)
EDGE_PX = 1  # Ghostscript paints each pixel a shape touches: boxes are read a pixel inside or outside
COVERAGE_TOLERANCE = 2.0  # %: each plate holds 8 bits, 0.4 % a step
MARK_INK = 230  # of 255: a crop mark prints solid on every plate
GS_TIMEOUT_S = 120
PLATE_FILE = re.compile(r"p(\d+)\((.+)\)\.tif")
INSTALL_FIX = "install Ghostscript (Debian or Ubuntu: apt-get install ghostscript; ./install.sh --test does) " \
              "and run 'render.py check' again"


class GhostscriptFailed(Exception):
    """Ghostscript could not image the file; the message is its last word."""


@dataclass(frozen=True)
class Separations:
    """One page's plates, each ink as 0 (none) to 255 (solid), and its boxes in pixels from the top left."""

    plates: dict[str, Image.Image]
    bleed: Box
    trim: Box
    dpi: float

    def coverage(self) -> Image.Image:
        """The total ink at each pixel, 0 to 255 per plate (mode I)."""
        images = list(self.plates.values())
        names = {f"p{index}": image for index, image in enumerate(images)}
        return ImageMath.lambda_eval(lambda values: sum(values[name] for name in names), **names)


def render_separations(path: Path, dpi: float = RESOLUTION_DPI, *extra: str) -> list[Separations]:
    """Every page of a PDF separated by Ghostscript's tiffsep device; `extra` are more gs options."""
    geometry = _boxes_in_pixels(path, dpi)
    with tempfile.TemporaryDirectory(prefix="affiche-plates-") as folder:
        command = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", f"-r{dpi:g}", *extra,
                   f"-sOutputFile={folder}/p%d.tif", str(path)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=GS_TIMEOUT_S)
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            raise GhostscriptFailed(said[-1] if said else f"exit status {result.returncode}")
        plates: dict[int, dict[str, Image.Image]] = {}
        for file in sorted(Path(folder).iterdir()):
            found = PLATE_FILE.fullmatch(file.name)
            if found:
                with Image.open(file) as image:  # tiffsep writes 255 for no ink: turned into ink amounts
                    plates.setdefault(int(found[1]), {})[found[2]] = ImageOps.invert(image.convert("L"))
    return [Separations(plates.get(number, {}), bleed, trim, dpi)
            for number, (bleed, trim) in enumerate(geometry, start=1)]


def separation_findings(pdfs: Iterable[Path], layouts: Iterable[Layout], root: Path) -> list[Finding]:
    """The plates of every print PDF among `pdfs`, Ghostscript rendering two at a time."""
    by_name = {layout.name: layout for layout in layouts}
    prints = [(path, by_name.get(name.layout)) for path in pdfs
              if (name := OutputName.parse(path.name)) is not None and name.variant == "print"]
    if not prints:
        return []
    if shutil.which("gs") is None:
        folder = shown_path(prints[0][0].parent, root)
        return [Finding("warning", folder, "separations",
                        f"Ghostscript is not installed: the plates of {len(prints)} print PDFs were not checked "
                        "(spot plates, total ink coverage, crop marks on every plate)", INSTALL_FIX)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = pool.map(lambda job: _pdf_findings(job[0], shown_path(job[0], root), job[1]), prints)
        return [finding for findings in found for finding in findings]


def _pdf_findings(path: Path, shown: str, layout: Layout | None) -> list[Finding]:
    try:
        pages = render_separations(path)
    except (GhostscriptFailed, subprocess.TimeoutExpired, pikepdf.PdfError) as error:
        return [Finding("error", shown, "separations", f"Ghostscript cannot image it ({error})",
                        "open it in a PDF viewer, and rebuild it with 'render.py build'")]
    limit = layout.theme.ink_limit if layout else DEFAULT_INK_LIMIT
    marks = layout is None or layout.print_spec is None or layout.print_spec.marks == "crop"
    findings = []
    for number, page in enumerate(pages, start=1):
        where = f"{shown} page {number}"
        findings += _plate_findings(page, where)
        findings += _coverage_findings(page, where, limit)
        findings += _crop_mark_findings(page, where) if marks else []
    return findings


def _plate_findings(page: Separations, where: str) -> list[Finding]:
    extra = [name for name in page.plates if name not in PROCESS_PLATES]
    if not extra:
        return []
    return [Finding("error", where, "separations",
                    f"plates besides C, M, Y and K: {', '.join(extra)} (a spot colour no theme declares costs "
                    "a plate and a press unit of its own)", "draw it in the theme's CMYK colours")]


def _coverage_findings(page: Separations, where: str, limit: float) -> list[Finding]:
    x0, y0, x1, y1 = (round(value) for value in page.bleed)
    inside = page.coverage().crop((x0 + EDGE_PX, y0 + EDGE_PX, x1 - EDGE_PX, y1 - EDGE_PX))
    most = inside.getextrema()[1] * 100 / 255
    if most <= limit + COVERAGE_TOLERANCE:
        return []
    threshold = (limit + COVERAGE_TOLERANCE) * 255 / 100
    over = ImageMath.lambda_eval(lambda values: (values["ink"] > threshold) * 255, ink=inside).convert("L")
    left, top, right, bottom = over.getbbox()
    per_mm = page.dpi / 25.4
    at_x, at_y = (left + x0 + EDGE_PX - page.trim[0]) / per_mm, (top + y0 + EDGE_PX - page.trim[1]) / per_mm
    return [Finding(
        "error", where, "ink-limit",
        f"up to {most:.0f} % of ink, over the theme's {limit:g} % limit, in an area of "
        f"{(right - left) / per_mm:.0f} × {(bottom - top) / per_mm:.0f} mm at {at_x:.0f} mm from the left "
        f"and {at_y:.0f} mm from the top of the trim: the sheet dries slowly and sets off on the next",
        "lower the inks of the colour there ('render.py check' proposes theme values within the limit)")]


def _crop_mark_findings(page: Separations, where: str) -> list[Finding]:
    missing = [f"{plate} ({', '.join(corners)})" for plate, image in page.plates.items()
               if (corners := _corners_without_marks(image, page.bleed))]
    if not missing:
        return []
    return [Finding("error", where, "crop-marks", f"crop marks missing on plates: {'; '.join(missing)}",
                    "draw crop marks in the registration colour (Separation All), which prints on every plate; "
                    "affiche does with 'marks: crop'")]


def _corners_without_marks(plate: Image.Image, bleed: Box) -> list[str]:
    """The page's corners whose quarter of the slug (outside the bleed) holds no solid ink on this plate."""
    slug = plate.copy()
    x0, y0, x1, y1 = (round(value) for value in bleed)
    slug.paste(0, (x0 - EDGE_PX, y0 - EDGE_PX, x1 + EDGE_PX, y1 + EDGE_PX))
    width, height = slug.size
    quarters = {"top left": (0, 0, width // 2, height // 2), "top right": (width // 2, 0, width, height // 2),
                "bottom left": (0, height // 2, width // 2, height),
                "bottom right": (width // 2, height // 2, width, height)}
    return [corner for corner, box in quarters.items() if slug.crop(box).getextrema()[1] < MARK_INK]


def _boxes_in_pixels(path: Path, dpi: float) -> list[tuple[Box, Box]]:
    """Each page's BleedBox and TrimBox in pixels from the top left of its MediaBox, as Ghostscript images it."""
    with pikepdf.open(path) as pdf:
        return [tuple(_in_pixels(rectangle(box), rectangle(page.mediabox), dpi / 72)
                      for box in (page.bleedbox, page.trimbox)) for page in pdf.pages]


def _in_pixels(box: Box, media: Box, scale: float) -> Box:
    x0, y0, x1, y1 = box
    return (x0 - media[0]) * scale, (media[3] - y1) * scale, (x1 - media[0]) * scale, (media[3] - y0) * scale
