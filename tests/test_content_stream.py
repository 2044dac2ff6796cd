"""affiche's content stream reader (affiche/pdf/content.py) against qpdf's, through pikepdf: the
same instructions, in the same order, with the same operands, on the real print PDFs and on
streams made to use every piece of the syntax."""
from __future__ import annotations

import re
from decimal import Decimal

import pikepdf
import pytest

from affiche.pdf.content import ContentStreamError, Instruction, Path, instructions, name, points, tokens
from affiche.pdf.paint import content_of

SCRATCH = pikepdf.new()  # streams belong to a PDF, which must outlive them
SEGMENT = re.compile(rb"((?:[-+.\d]+\s+)*)(re|[mlcvyh])\b")

EVERY_PIECE = (
    b"%PDF comment at the start\n"
    b"q 1 0 0 1 .5 -3. cm /GS#201 gs 0.1 0.2 0.3 0.4 k\n"
    b"10 20 m 30 40 l 1 2 3 4 5 6 c 7 8 9 10 v 11 12 13 14 y h 0 0 100 50 re f*\n"
    b"/Span <</MCID 3 /ActualText (a \\) paren) /Alt <FEFF0041>>> BDC\n"
    b"BT /F1 9 Tf 1 0 0 1 10 10 Tm [(one)-20<0102>(t(w)o)] TJ (quote) ' 1 2 (dquote) \" ET EMC\n"
    b"(nested (twice (deep))) Tj [[1 2] 3] 0 d [ %a comment in an array\n 4 ] 0 d\n"
    b"/P1 scn 1/P2 scn true false null d0 [] 0 d <<>> BDC\n"
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EIx\xffEI\n"
    b"Q 10 20 m 30 l S\n")  # an "l" with a lone value: read as it is, not as a run


def qpdf_reading(data: bytes) -> list[tuple[str, str]]:
    """What qpdf reads, an instruction a line: its operator and its operands as pikepdf writes them."""
    read = []
    for instruction in pikepdf.parse_content_stream(pikepdf.Stream(SCRATCH, data)):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            read.append(("BI", ""))
        else:
            read.append((str(instruction.operator), _written(list(instruction.operands))))
    return read


def affiche_reading(data: bytes) -> list[tuple[str, str]]:
    """The same from content.py: a run of path construction is split into its operators."""
    read = []
    for item in instructions(data):
        if isinstance(item, Path):
            assert data[item.start:].startswith(item.construction)
            for values, operator in SEGMENT.findall(item.construction):
                read.append((operator.decode(), _written([float(value) for value in values.split()])))
        else:
            assert data[item.start:].startswith(item.operands)
            read.append((item.operator, "" if item.operator == "BI" else _written(_operands(item.operands))))
    return read


def _operands(written: bytes) -> list:
    """Operands as content.py found them, read by qpdf: they must be whole tokens."""
    [(operands, _)] = pikepdf.parse_content_stream(pikepdf.Stream(SCRATCH, written + b" n"))
    return list(operands)


def _written(operands: list) -> str:
    """Operands as text that compares numbers by value (1 and 1.0 are one number)."""
    return " ".join(repr(float(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
                    else repr(value) for value in operands)


def test_every_piece_of_the_syntax_is_read_as_qpdf_reads_it():
    assert affiche_reading(EVERY_PIECE) == qpdf_reading(EVERY_PIECE)
    read = instructions(EVERY_PIECE)
    assert [item.operator for item in read if isinstance(item, Instruction)][:3] == ["q", "cm", "gs"]
    assert name(tokens(read[2].operands)[0]) == "/GS 1"  # #20 is a space


def test_a_path_runs_points_include_a_rectangles_four_corners():
    [run, fill] = instructions(b"10 20 m 30 40 l 0 0 100 50 re\nf")
    assert isinstance(run, Path) and fill == Instruction("f", b"", run.start + len(run.construction))
    assert points(run.construction) == [10, 20, 30, 40, 0, 0, 100, 0, 0, 50, 100, 50]


def test_every_stream_of_the_real_print_pdfs_is_read_as_qpdf_reads_it(built):
    streams, print_pdfs = 0, sorted(path for file_name, path in built.items() if file_name.endswith("-print.pdf"))
    for path in print_pdfs:
        with pikepdf.open(path) as pdf:
            holders = [page.obj for page in pdf.pages] + [
                stream for stream in pdf.objects
                if isinstance(stream, pikepdf.Stream) and stream.get("/Subtype") == "/Form"]
            for holder in holders:
                data = content_of(holder)
                assert affiche_reading(data) == qpdf_reading(data), f"{path.name}: {holder.objgen}"
                streams += 1
    assert print_pdfs and streams > len(print_pdfs)  # every page, and the forms


@pytest.mark.parametrize("data, problem", [
    (b"BT (open Tj ET", "a string is left open at its end"),
    (b"[1 2 0 d", "] missing at its end"),
    (b"1 2 ] d", "] out of place at byte 4"),
    (b"<< /A 1 ] BDC", "] out of place at byte 8"),
    (b"1 0 0 1 0 0 ) cm", "b')' out of place at byte 12"),
    (b"BI /W 1 /H 1 ID \x00\x00", "an inline image has no EI"),
    (b"10 20 m 1.2.3 4 l S", "a path has a value that is not a number"),
])
def test_what_is_not_pdf_is_refused_with_where_and_what(data, problem):
    with pytest.raises(ContentStreamError, match=re.escape(problem)):
        for item in instructions(data):
            if isinstance(item, Path):
                points(item.construction)
