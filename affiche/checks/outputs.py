"""Preflight of the PDFs in output/: what a print shop's preflight would reject.

Every PDF: fonts that are not embedded, text under the layout's minimum size,
raster images under 300 ppi at their printed size. Print variants
(`*-print.pdf`) also: colour in an RGB colour space, missing or inconsistent
trim and bleed boxes, small text and thin rules in a rich black, black that knocks
out (black_ink.py). pikepdf (qpdf) reads the structure and content streams,
pdfium the characters and images as placed on the page. What the plates carry is
separations.py's, through Ghostscript.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import AfficheError
from ..model.layout import Layout, Preflight
from ..model.outputs import OutputName
from ..pdf.boxes import inside, rectangle
from ..pdf.colour_space import rgb_kind
from ..pdf.content import ContentStreamError
from ..pdf.matrix import compose
from . import Finding
from .black_ink import black_ink_findings

MIN_IMAGE_PPI = 300
FONT_FILE_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")
BOX_TOLERANCE_PT = 0.01


def output_pdfs(output_dir: Path, root: Path) -> list[Path]:
    """The PDFs the check is to inspect; no folder, or no PDF in it, is an error: a check that
    inspected nothing would pass, as if the outputs were fine."""
    shown = shown_path(output_dir, root)
    fix = "give the folder the build wrote to with --output, or run 'render.py build' first"
    if not output_dir.exists():
        raise AfficheError(shown, "no such folder: there are no PDFs to check", fix)
    if not output_dir.is_dir():
        raise AfficheError(shown, "not a folder: --output takes the folder of the PDFs to check", fix)
    pdfs = sorted(output_dir.glob("*.pdf"))
    if not pdfs:
        raise AfficheError(shown, "no PDF in this folder to check",
                           "run 'render.py build' first, or give the folder the build wrote to with --output")
    return pdfs


def output_findings(pdfs: list[Path], layouts: Iterable[Layout], root: Path) -> list[Finding]:
    limits = {layout.name: layout.preflight for layout in layouts}
    findings = []
    for path in pdfs:
        name = OutputName.parse(path.name)
        preflight = limits.get(name.layout, Preflight()) if name else Preflight()
        print_variant = name is not None and name.variant == "print"
        try:
            findings += pdf_findings(path, shown_path(path, root), preflight.min_text_size, print_variant)
        except (pikepdf.PdfError, pdfium.PdfiumError, ContentStreamError, OSError) as error:
            findings.append(Finding("error", shown_path(path, root), "unreadable-output",
                                    f"cannot read the PDF ({error})", "rebuild it with 'render.py build'"))
    return findings


def pdf_findings(path: Path, shown: str, min_text_size: float, print_variant: bool) -> list[Finding]:
    findings = []
    with pikepdf.open(path) as pdf:
        findings += _font_embedding_findings(pdf, shown)
        if print_variant:
            for number, page in enumerate(pdf.pages, start=1):
                findings += _rgb_findings(page, f"{shown} page {number}")
            findings += _box_findings(pdf, shown)
            findings += black_ink_findings(pdf, shown)
    document = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(document, start=1):
            findings += _text_size_findings(page, f"{shown} page {number}", min_text_size)
            findings += _image_resolution_findings(page, f"{shown} page {number}")
    finally:
        document.close()
    return findings


# ---------------------------------------------------------------- fonts

def _font_embedding_findings(pdf: pikepdf.Pdf, shown: str) -> list[Finding]:
    pages_by_font: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for font in _fonts(page.obj.get("/Resources"), set()):
            if not _embedded(font):
                pages = pages_by_font.setdefault(str(font.get("/BaseFont", "(unnamed)")).lstrip("/"), [])
                if number not in pages:
                    pages.append(number)
    return [Finding("error", _on_pages(shown, pages), "font-not-embedded",
                    f"font {name} is not embedded: the printer's machine would substitute its own",
                    "embed it; affiche's own builds embed subsets of the fonts in fonts/, so rebuild the file")
            for name, pages in pages_by_font.items()]


def _fonts(resources, seen: set) -> Iterator[pikepdf.Dictionary]:
    """The fonts of a resource dictionary and of the form XObjects it draws, each form once."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    yield from resources.get("/Font", pikepdf.Dictionary()).values()
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == "/Form" and _first_visit(xobject, seen):
            yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type3":  # its glyphs are drawings in the file itself
        return True
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(key in descriptor for key in FONT_FILE_KEYS)


# ---------------------------------------------------------------- text size and images
# pdfium reads these ten times faster than pdfminer, and its per-character matrices
# include every transformation on the way to the page (forms' too).

def _text_size_findings(page: pdfium.PdfPage, where: str, minimum: float) -> list[Finding]:
    small: list[tuple[str, float]] = []
    text_page = page.get_textpage()
    matrix = pdfium_c.FS_MATRIX()
    for index in range(text_page.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(text_page, index):  # line breaks pdfium adds itself
            continue
        character = chr(pdfium_c.FPDFText_GetUnicode(text_page, index))
        pdfium_c.FPDFText_GetMatrix(text_page, index, matrix)
        size = pdfium_c.FPDFText_GetFontSize(text_page, index) * math.hypot(matrix.c, matrix.d)
        if size < minimum - 0.05 and character.strip():
            small.append((character, size))
    if not small:
        return []
    sizes = Counter(round(size, 1) for _, size in small)
    sample = "".join(character for character, _ in small[:30])
    listed = ", ".join(f"{count} at {size:g} pt" for size, count in sorted(sizes.items()))
    return [Finding("error", where, "min-text-size",
                    f"{len(small)} characters under the {minimum:g} pt minimum ({listed}), from “{sample}”",
                    "raise the type size in the layout")]


def _image_resolution_findings(page: pdfium.PdfPage, where: str) -> list[Finding]:
    findings = []
    for number, (image, (a, b, c, d)) in enumerate(_placed_images(page), start=1):
        pixels_wide, pixels_high = image.get_px_size()
        width, height = math.hypot(a, b), math.hypot(c, d)  # pt: the image's unit square on the page
        if not width or not height:
            continue
        ppi = min(pixels_wide * 72 / width, pixels_high * 72 / height)
        if ppi < MIN_IMAGE_PPI - 0.5:
            needed = (math.ceil(width / 72 * MIN_IMAGE_PPI), math.ceil(height / 72 * MIN_IMAGE_PPI))
            findings.append(Finding(
                "error", where, "image-resolution",
                f"image {number} is {ppi:.0f} ppi at its printed size ({pixels_wide} × {pixels_high} px "
                f"over {width * 25.4 / 72:.1f} × {height * 25.4 / 72:.1f} mm), under {MIN_IMAGE_PPI} ppi",
                f"use an image of at least {needed[0]} × {needed[1]} px, or print it smaller"))
    return findings


def _placed_images(page: pdfium.PdfPage) -> Iterator[tuple[pdfium.PdfImage, tuple[float, float, float, float]]]:
    """Each image with the linear part of its matrix on the page (pdfium gives matrices inside a
    form relative to the form, so forms' matrices are composed here)."""
    forms: list[tuple[float, ...]] = []  # the page matrix of the form open at each nesting level
    for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM), max_depth=16):
        own = item.get_matrix().get()
        placed = compose(own, forms[item.level - 1]) if item.level else own
        if item.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            del forms[item.level:]
            forms.append(placed)
        else:
            yield item, placed[:4]


# ---------------------------------------------------------------- RGB colour (print variants)

def _rgb_findings(page: pikepdf.Page, where: str) -> list[Finding]:
    uses: Counter[str] = Counter()
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    _scan_colours(page, resources, uses, set())
    _scan_group(page.obj, resources, uses)
    if not uses:
        return []
    listed = ", ".join(f"{what} ×{count}" if count > 1 else what for what, count in uses.items())
    return [Finding("error", where, "rgb-colour", f"RGB colour in a print file: {listed}",
                    "make the print variant with CMYK colours, the theme's 'cmyk:' values")]


# The operators _scan_colours reads: qpdf still reads every other one, but makes no Python object of
# its operands (a map's hundred thousand numbers), which halves the time of the scan.
COLOUR_OPERATORS = "rg RG cs CS scn SCN sh Do BI ID EI"


def _scan_colours(content, resources: pikepdf.Dictionary, uses: Counter, seen: set) -> None:
    """Count what sets RGB colour in a page's or form's content, following forms, images, shadings, patterns."""
    for instruction in pikepdf.parse_content_stream(content, COLOUR_OPERATORS):
        operator, operands = str(instruction.operator), instruction.operands
        if operator in ("rg", "RG"):
            uses[f"{'fill' if operator == 'rg' else 'stroke'} colour ({operator})"] += 1
        elif operator in ("cs", "CS"):
            _count(uses, f"colour space {operands[0]}", operands[0], resources)
        elif operator in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
            _scan_pattern(operands[-1], resources, uses, seen)
        elif operator == "sh":
            shading = resources.get("/Shading", pikepdf.Dictionary()).get(operands[0])
            if shading is not None:
                _count(uses, f"shading {operands[0]}", shading.get("/ColorSpace"), resources)
        elif operator == "Do":
            _scan_xobject(operands[0], resources, uses, seen)
        elif operator == "INLINE IMAGE":
            image = instruction.iimage.obj
            _count(uses, "inline image", image.get("/ColorSpace"), resources)


def _scan_xobject(name: pikepdf.Name, resources: pikepdf.Dictionary, uses: Counter, seen: set) -> None:
    xobject = resources.get("/XObject", pikepdf.Dictionary()).get(name)
    if xobject is None:
        return
    if xobject.get("/Subtype") == "/Image":
        _count(uses, f"image {name}", xobject.get("/ColorSpace"), resources)
    elif xobject.get("/Subtype") == "/Form" and _first_visit(xobject, seen):
        inner = xobject.get("/Resources", resources)
        _scan_group(xobject, inner, uses)
        _scan_colours(xobject, inner, uses, seen)


def _scan_pattern(name: pikepdf.Name, resources: pikepdf.Dictionary, uses: Counter, seen: set) -> None:
    pattern = resources.get("/Pattern", pikepdf.Dictionary()).get(name)
    if pattern is None or not _first_visit(pattern, seen):
        return
    if pattern.get("/PatternType") == 2:
        _count(uses, f"shading pattern {name}", pattern.Shading.get("/ColorSpace"), resources)
    else:
        _scan_colours(pattern, pattern.get("/Resources", resources), uses, seen)


def _scan_group(owner: pikepdf.Object, resources: pikepdf.Dictionary, uses: Counter) -> None:
    group = owner.get("/Group")
    if isinstance(group, pikepdf.Dictionary):
        _count(uses, "transparency blending space", group.get("/CS"), resources)


def _count(uses: Counter, what: str, space, resources: pikepdf.Dictionary) -> None:
    kind = rgb_kind(space, resources)
    if kind:
        uses[f"{what} ({kind})"] += 1


# ---------------------------------------------------------------- page boxes (print variants)

def _box_findings(pdf: pikepdf.Pdf, shown: str) -> list[Finding]:
    problems: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for problem in _box_problems(page):
            problems.setdefault(problem, []).append(number)
    return [Finding("error", _on_pages(shown, pages), "pdf-boxes", problem,
                    "give every page a TrimBox, the finished size, inside a BleedBox inside the MediaBox")
            for problem, pages in problems.items()]


def _box_problems(page: pikepdf.Page) -> Iterator[str]:
    media = rectangle(page.mediabox)  # inherited from the page tree when the page has none
    trim = rectangle(page.obj.TrimBox) if "/TrimBox" in page.obj else None
    bleed = rectangle(page.obj.BleedBox) if "/BleedBox" in page.obj else None
    if trim is None:
        yield "no TrimBox: the printer cannot tell where to cut"
    if bleed is None:
        yield "no BleedBox: the printer cannot tell how far colour runs past the cut"
    elif not inside(bleed, media, BOX_TOLERANCE_PT):
        yield f"the BleedBox {_format(bleed)} reaches outside the MediaBox {_format(media)}"
    if trim is not None and not inside(trim, bleed or media, BOX_TOLERANCE_PT):
        outer = "BleedBox" if bleed else "MediaBox"
        yield f"the TrimBox {_format(trim)} reaches outside the {outer} {_format(bleed or media)}"


def _format(box: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{value:g}" for value in box) + "]"


# ---------------------------------------------------------------- helpers

def _first_visit(xobject: pikepdf.Object, seen: set) -> bool:
    """False for a form or pattern already followed (one drawn many times is scanned once per page)."""
    key = xobject.objgen if xobject.is_indirect else id(xobject)
    if key in seen:
        return False
    seen.add(key)
    return True


def _on_pages(shown: str, pages: list[int]) -> str:
    return f"{shown} page {pages[0]}" if len(pages) == 1 else f"{shown} pages {', '.join(map(str, pages))}"


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
