"""Crop marks: eight hairlines on the extensions of the trim edges, outside the bleed, in the
registration colour, so they print on every plate and register every ink."""
from __future__ import annotations

import pikepdf

from ..model.layout import PrintSpec
from ..units import MM_PER_UNIT
from .boxes import rectangle

PT_PER_MM = 1 / MM_PER_UNIT["pt"]
MARK_GAP_MM = 1.0  # between the bleed edge and the start of a crop mark
MARK_LENGTH_MM = 6.0
SLUG_MM = MARK_GAP_MM + MARK_LENGTH_MM + 1.0  # MediaBox beyond the BleedBox when there are marks
MARK_WIDTH_PT = 0.25
REGISTRATION = pikepdf.Name("/AfficheRegistration")


def draw_crop_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, spec: PrintSpec, registration: pikepdf.Object) -> None:
    """Eight hairlines on the trim edges' extensions, starting outside the bleed."""
    x0, y0, x1, y1 = rectangle(page.obj.TrimBox)
    start = (spec.bleed_mm + MARK_GAP_MM) * PT_PER_MM
    end = start + MARK_LENGTH_MM * PT_PER_MM
    lines = []
    for x, outward_x in ((x0, -1), (x1, 1)):
        for y, outward_y in ((y0, -1), (y1, 1)):
            lines.append((x + outward_x * start, y, x + outward_x * end, y))  # along the horizontal edge
            lines.append((x, y + outward_y * start, x, y + outward_y * end))  # along the vertical edge
    strokes = "".join(f"{ax:.3f} {ay:.3f} m {bx:.3f} {by:.3f} l S\n" for ax, ay, bx, by in lines)
    if "/ColorSpace" not in page.resources:
        page.resources.ColorSpace = pikepdf.Dictionary()
    page.resources.ColorSpace[REGISTRATION] = registration
    # The page's own drawing may leave its graphics state changed: isolate it before drawing the marks.
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(
        f"Q\nq\n{REGISTRATION} CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d\n{strokes}Q\n".encode("ascii")))


def registration_colour(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The Separation 'All': marks that print on every plate, so they register every ink."""
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pdf.make_indirect(pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All,
                                            pikepdf.Name.DeviceCMYK, tint]))
