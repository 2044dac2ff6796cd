"""What a PDF says about itself: the Info dictionary and XMP metadata, with dates and IDs derived
from the inputs (no clock, no random IDs), so the same build gives the same bytes."""
from __future__ import annotations

import uuid
from io import BytesIO
from xml.sax.saxutils import escape

import pikepdf

from ..model.outputs import DocumentInfo


def write_info(pdf: pikepdf.Pdf, info: DocumentInfo, **extra: object) -> None:
    stamp = info.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    pdf.docinfo.Title = pikepdf.String(info.title)
    pdf.docinfo.Author = pikepdf.String(info.author)
    pdf.docinfo.Subject = pikepdf.String(info.subject)
    pdf.docinfo.Creator = pikepdf.String("affiche")
    pdf.docinfo.CreationDate = pikepdf.String(stamp)
    pdf.docinfo.ModDate = pikepdf.String(stamp)
    for key, value in extra.items():
        pdf.docinfo[pikepdf.Name("/" + key)] = pikepdf.String(value) if isinstance(value, str) else value


def xmp(info: DocumentInfo, file_name: str, producer: str, pdfx_version: str) -> str:
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


def save(pdf: pikepdf.Pdf, min_version: str = "") -> bytes:
    """Deterministic: the trailer /ID becomes a hash of the content (a renderer's own ID may be random).
    Streams the renderer compressed are copied as they are. Those written since are compressed;
    qpdf's default decode level would also decode every stream while writing, for the same bytes
    in the end and a fifth more time."""
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    output = BytesIO()
    pdf.save(output, deterministic_id=True, compress_streams=True, min_version=min_version,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return output.getvalue()
