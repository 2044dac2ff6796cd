"""PDF/X-4 for print shops, from pages drawn at trim size plus the bleed on every side.

`pdfx4` turns them into what a prepress preflight checks: black text and rules overprinting
(overprint.py), TrimBox (the page as cut), BleedBox (trim plus bleed), a MediaBox with room
for crop marks outside the bleed (marks.py), the CGATS TR 006 output intent with its ICC profile (see affiche/icc/README.md), XMP naming
PDF/X-4 (info.py), and PDF 1.6. Link annotations are dropped: paper has nothing to click,
and PDF/X wants no annotation on the printed area.
"""
from __future__ import annotations

import zlib
from functools import cache
from io import BytesIO

import pikepdf

from ..colour.profile import OUTPUT_PROFILE
from ..model.layout import PrintSpec
from .boxes import grow, rectangle
from .colour_space import rgb_kind
from ..model.outputs import DocumentInfo
from .info import save, write_info, xmp
from .marks import PT_PER_MM, SLUG_MM, draw_crop_marks, registration_colour
from .overprint import overprint_black

OUTPUT_CONDITION = "CGATS TR 006"
OUTPUT_CONDITION_NAME = "GRACoL 2006 coated #1, ISO 12647-2 paper type 1 (ANSI CGATS/GRACoL TR 006-2007)"
ICC_REGISTRY = "http://www.color.org"
PDFX_VERSIONS = {"pdf/x-4": ("PDF/X-4", "1.6")}


def pdfx4(data: bytes, info: DocumentInfo, spec: PrintSpec, file_name: str) -> bytes:
    """Pages rendered at trim size plus bleed, finished as PDF/X; `file_name` (the output's) seeds the
    XMP document ID."""
    version, pdf_version = PDFX_VERSIONS[spec.pdf]
    with pikepdf.open(BytesIO(data)) as pdf:
        blend_groups_in_cmyk(pdf)
        overprint_black(pdf)
        registration = registration_colour(pdf) if spec.marks == "crop" else None
        for page in pdf.pages:
            _set_boxes(page, spec)
            if registration is not None:
                draw_crop_marks(pdf, page, spec, registration)
            if "/Annots" in page.obj:
                del page.obj.Annots
        if "/StructTreeRoot" in pdf.Root:
            _unlink_annotations(pdf.Root.StructTreeRoot)
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([_output_intent(pdf)]))
        write_info(pdf, info, GTS_PDFXVersion=version, Trapped=pikepdf.Name("/False"))
        metadata = xmp(info, file_name, str(pdf.docinfo.get("/Producer", "affiche")), version)
        pdf.Root.Metadata = pdf.make_stream(metadata.encode("utf-8"), Type=pikepdf.Name.Metadata,
                                            Subtype=pikepdf.Name.XML)
        return save(pdf, pdf_version)


def blend_groups_in_cmyk(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint paints a background image (artwork, a QR code, the poster's panels) through a
    transparency group it declares in RGB. What the group holds is CMYK already (device-cmyk()), so
    it blends in CMYK: an RGB blending space would have the RIP convert the result."""
    seen: set[tuple[int, int]] = set()
    holders = [page.resources for page in pdf.pages]
    while holders:
        resources = holders.pop()
        for inner in [*resources.get("/XObject", {}).values(), *resources.get("/Pattern", {}).values()]:
            if inner.objgen in seen:
                continue
            seen.add(inner.objgen)
            group = inner.get("/Group")
            if group is not None and rgb_kind(group.get("/CS")):
                group.CS = pikepdf.Name.DeviceCMYK
            if "/Resources" in inner:
                holders.append(inner.Resources)


@cache
def _compressed_profile() -> bytes:
    """The output profile as every print PDF of a process carries it: compressed once."""
    return zlib.compress(OUTPUT_PROFILE.read_bytes())


def _unlink_annotations(element: pikepdf.Object) -> None:
    """A tagged PDF's structure names its link annotations (object references, /OBJR): with the
    annotations gone, so go the references, leaving each link's text in its Link element."""
    kids = element.get("/K")
    if isinstance(kids, pikepdf.Dictionary):
        kids = pikepdf.Array([kids])
        element.K = kids
    if not isinstance(kids, pikepdf.Array):
        return
    for index in reversed(range(len(kids))):
        kid = kids[index]
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
            del kids[index]
        elif isinstance(kid, pikepdf.Dictionary):
            _unlink_annotations(kid)


def _set_boxes(page: pikepdf.Page, spec: PrintSpec) -> None:
    """TrimBox = the page as cut, BleedBox = trim + bleed, MediaBox = bleed + room for the marks."""
    bleed = spec.bleed_mm * PT_PER_MM
    media = rectangle(page.obj.MediaBox)
    trim = rectangle(page.obj.TrimBox) if "/TrimBox" in page.obj else grow(media, -bleed)
    bleed_box = grow(trim, bleed)
    page.obj.TrimBox = pikepdf.Array(trim)
    page.obj.BleedBox = pikepdf.Array(bleed_box)
    page.obj.MediaBox = pikepdf.Array(grow(bleed_box, SLUG_MM * PT_PER_MM if spec.marks == "crop" else 0.0))
    if "/CropBox" in page.obj:
        del page.obj.CropBox


def _output_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(b"", N=4)
    profile.write(_compressed_profile(), filter=pikepdf.Name.FlateDecode)
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
        OutputCondition=pikepdf.String(OUTPUT_CONDITION_NAME),
        RegistryName=pikepdf.String(ICC_REGISTRY),
        Info=pikepdf.String(OUTPUT_CONDITION_NAME),
        DestOutputProfile=profile)
