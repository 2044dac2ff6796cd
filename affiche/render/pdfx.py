"""Finishing PDFs after their renderer: PDF/X-4 for print shops, and proper Info dates.

Both renderers draw the print page at trim size plus the bleed on every side; `pdfx4` turns
that into what a prepress preflight checks: TrimBox (the page as cut), BleedBox (trim plus
bleed), a MediaBox with room for crop marks outside the bleed, the marks in the registration
colour (all four inks), the CGATS TR 006 output intent with its ICC profile (see
affiche/icc/README.md), XMP naming PDF/X-4, and PDF 1.6. Link annotations are dropped:
paper has nothing to click, and PDF/X wants no annotation on the printed area.

Everything written is derived from the inputs (no clock, no random IDs), so the same build
gives the same bytes.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf

from ..localize import LocalDocument
from ..model import PrintSpec
from ..units import MM_PER_UNIT
from .cmyk import Inks, convert_pdf_to_cmyk

ICC_PROFILE = Path(__file__).resolve().parent.parent / "icc" / "CGATS-TR006-coated.icc"
OUTPUT_CONDITION = "CGATS TR 006"
OUTPUT_CONDITION_NAME = "GRACoL 2006 coated #1, ISO 12647-2 paper type 1 (ANSI CGATS/GRACoL TR 006-2007)"
ICC_REGISTRY = "http://www.color.org"
PDFX_VERSIONS = {"pdf/x-4": ("PDF/X-4", "1.6")}
PT_PER_MM = 1 / MM_PER_UNIT["pt"]
MARK_GAP_MM = 1.0  # between the bleed edge and the start of a crop mark
MARK_LENGTH_MM = 6.0
SLUG_MM = MARK_GAP_MM + MARK_LENGTH_MM + 1.0  # MediaBox beyond the BleedBox when there are marks
MARK_WIDTH_PT = 0.25
REGISTRATION = pikepdf.Name("/AfficheRegistration")


@dataclass(frozen=True)
class DocumentInfo:
    """What the Info dictionary and the XMP metadata say about a PDF."""

    title: str
    author: str
    subject: str
    language: str  # BCP 47, e.g. fr-CA
    created: datetime  # timezone-aware


def document_info(doc: LocalDocument, created: datetime) -> DocumentInfo:
    return DocumentInfo(doc.title, doc.author, doc.subject, doc.language_tag, created)


def dated_pdf(data: bytes, info: DocumentInfo) -> bytes:
    """The PDF with its Info dictionary written here: cairo writes dates without their 'D:' prefix."""
    with pikepdf.open(BytesIO(data)) as pdf:
        _write_info(pdf, info)
        return _save(pdf)


def pdfx4(data: bytes, info: DocumentInfo, spec: PrintSpec, file_name: str, rgb_inks: Inks | None = None) -> bytes:
    """Pages rendered at trim size plus bleed, finished as PDF/X; `file_name` (the output's) seeds the
    XMP document ID. With `rgb_inks`, RGB drawing is rewritten in CMYK first (cairo's output).
    Raises cmyk.UnconvertibleColour."""
    version, pdf_version = PDFX_VERSIONS[spec.pdf]
    with pikepdf.open(BytesIO(data)) as pdf:
        if rgb_inks is not None:
            convert_pdf_to_cmyk(pdf, rgb_inks)
        registration = _registration_colour(pdf) if spec.marks == "crop" else None
        for page in pdf.pages:
            _set_boxes(page, spec)
            if registration is not None:
                _draw_crop_marks(pdf, page, spec, registration)
            if "/Annots" in page.obj:
                del page.obj.Annots
        if "/StructTreeRoot" in pdf.Root:
            _unlink_annotations(pdf.Root.StructTreeRoot)
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([_output_intent(pdf)]))
        _write_info(pdf, info, GTS_PDFXVersion=version, Trapped=pikepdf.Name("/False"))
        xmp = _xmp(info, file_name, str(pdf.docinfo.get("/Producer", "affiche")), version)
        pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=pikepdf.Name.Metadata,
                                            Subtype=pikepdf.Name.XML)
        return _save(pdf, pdf_version)


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
    media = _rectangle(page.obj.MediaBox)
    trim = _rectangle(page.obj.TrimBox) if "/TrimBox" in page.obj else _grow(media, -bleed)
    bleed_box = _grow(trim, bleed)
    page.obj.TrimBox = pikepdf.Array(trim)
    page.obj.BleedBox = pikepdf.Array(bleed_box)
    page.obj.MediaBox = pikepdf.Array(_grow(bleed_box, SLUG_MM * PT_PER_MM if spec.marks == "crop" else 0.0))
    if "/CropBox" in page.obj:
        del page.obj.CropBox


def _rectangle(box: pikepdf.Array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(value) for value in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _grow(box: tuple[float, ...], by: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return tuple(round(value, 4) for value in (x0 - by, y0 - by, x1 + by, y1 + by))


def _draw_crop_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, spec: PrintSpec, registration: pikepdf.Object) -> None:
    """Eight hairlines on the trim edges' extensions, starting outside the bleed."""
    x0, y0, x1, y1 = _rectangle(page.obj.TrimBox)
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


def _registration_colour(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The Separation 'All': marks that print on every plate, so they register every ink."""
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pdf.make_indirect(pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All,
                                            pikepdf.Name.DeviceCMYK, tint]))


def _output_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(ICC_PROFILE.read_bytes(), N=4)
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
        OutputCondition=pikepdf.String(OUTPUT_CONDITION_NAME),
        RegistryName=pikepdf.String(ICC_REGISTRY),
        Info=pikepdf.String(OUTPUT_CONDITION_NAME),
        DestOutputProfile=profile)


def _write_info(pdf: pikepdf.Pdf, info: DocumentInfo, **extra: object) -> None:
    stamp = info.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    pdf.docinfo.Title = pikepdf.String(info.title)
    pdf.docinfo.Author = pikepdf.String(info.author)
    pdf.docinfo.Subject = pikepdf.String(info.subject)
    pdf.docinfo.Creator = pikepdf.String("affiche")
    pdf.docinfo.CreationDate = pikepdf.String(stamp)
    pdf.docinfo.ModDate = pikepdf.String(stamp)
    for key, value in extra.items():
        pdf.docinfo[pikepdf.Name("/" + key)] = pikepdf.String(value) if isinstance(value, str) else value


def _xmp(info: DocumentInfo, file_name: str, producer: str, pdfx_version: str) -> str:
    """XMP that agrees with the Info dictionary, with IDs derived from the file name and date."""
    stamp = info.created.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    seed = f"affiche:{file_name}:{stamp}"
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, seed)
    instance_id = uuid.uuid5(uuid.NAMESPACE_URL, seed + ":instance")
    title, author, subject = (escape(text) for text in (info.title, info.author, info.subject))
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(info.language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>affiche</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{pdfx_version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def _save(pdf: pikepdf.Pdf, min_version: str = "") -> bytes:
    """Deterministic: the trailer /ID becomes a hash of the content (a renderer's own ID may be random)."""
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    output = BytesIO()
    pdf.save(output, deterministic_id=True, compress_streams=True, min_version=min_version)
    return output.getvalue()
