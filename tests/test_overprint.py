"""The overprint pass on content made to have every case: what overprints and what knocks out, and the
graphics state that q, Q, forms and the page's own ExtGStates carry."""
from __future__ import annotations

import re

import pikepdf

from affiche.pdf.overprint import overprint_black
from affiche.pdf.paint import page_paints

FONT = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)


def page_with(content: bytes, **resources) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=FONT), **resources)
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    return pdf


def drawn(pdf: pikepdf.Pdf) -> list[tuple[str, tuple | None, bool]]:
    """Each paint as (kind, inks, overprints), read back the way `check` reads it."""
    return [(paint.kind, paint.inks and tuple(round(value, 2) for value in paint.inks), paint.overprint)
            for paint in page_paints(pdf.pages[0])]


def test_black_text_and_rules_overprint_white_colours_and_black_areas_knock_out():
    pdf = page_with(
        b"q 0 0 0 1 k BT /F1 9 Tf 10 10 Td (a) Tj ET Q\n"  # black text, inside q/Q
        b"BT /F1 9 Tf 10 30 Td (b) Tj ET\n"  # black again, after Q restored the knockout
        b"0 0 0 0 k BT /F1 9 Tf 10 50 Td (white) Tj ET\n"  # no ink: overprinting would erase it
        b"0.6 0.4 0.4 1 k BT /F1 9 Tf 10 70 Td (rich) Tj ET\n"
        b"0 0 0 0.7 K 0.5 w 10 90 m 190 90 l S\n"  # a thin grey rule
        b"0 0 0 1 k 10 100 180 60 re f\n"  # a black area
        b"0 0 0 1 k 10 170 180 1.5 re f\n")  # a black rule drawn as a fill
    overprint_black(pdf)
    assert drawn(pdf) == [
        ("text", (0, 0, 0, 1), True), ("text", (0, 0, 0, 1), True), ("text", (0, 0, 0, 0), False),
        ("text", (0.6, 0.4, 0.4, 1), False), ("stroke", (0, 0, 0, 0.7), True), ("fill", (0, 0, 0, 1), False),
        ("fill", (0, 0, 0, 1), True)]


def test_the_flags_go_before_a_path_never_inside_it_and_use_opm_1():
    pdf = page_with(b"0 0 0 1 K 0.5 w 10 90 m 190 90 l S\n")
    overprint_black(pdf)
    operators = [str(operator) for _, operator in pikepdf.parse_content_stream(pdf.pages[0])]
    assert operators == ["K", "w", "gs", "m", "l", "S"]
    [name] = [operands[0] for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
              if str(operator) == "gs"]
    state = pdf.pages[0].Resources.ExtGState[name]
    assert (bool(state.OP), bool(state.op), int(state.OPM)) == (True, True, 1)


def test_only_the_flags_are_inserted_the_rest_of_the_stream_stays_byte_for_byte():
    content = b"0 0 0 1 K 0.5 w 10 90 m 190 90 l S\n0.5 0 0 0 k 0 0 10 10 re f\n%a comment\n"
    pdf = page_with(content)
    overprint_black(pdf)
    written = pdf.pages[0].Contents.read_bytes()
    assert re.findall(rb"/AfficheOverprint\d\d gs\n", written) == [b"/AfficheOverprint11 gs\n",
                                                                   b"/AfficheOverprint00 gs\n"]
    assert re.sub(rb"/AfficheOverprint\d\d gs\n", b"", written) == content


def test_a_fill_and_stroke_of_one_path_gets_each_its_own_flag():
    pdf = page_with(b"0.5 0 0 0 k 0 0 0 1 K 0.5 w 10 10 180 1 re B\n")  # a cyan fill, a black outline
    overprint_black(pdf)
    assert drawn(pdf) == [("fill", (0.5, 0, 0, 0), False), ("stroke", (0, 0, 0, 1), True)]


def test_black_text_in_a_form_overprints_and_the_pages_own_overprint_state_is_followed():
    pdf = page_with(b"")
    form = pdf.make_stream(b"0 0 0 1 k BT /F1 9 Tf 10 10 Td (in a form) Tj ET",
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 200, 200],
                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=FONT)))
    own = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, op=True, OPM=1))
    page = pdf.pages[0]
    page.Resources.XObject = pikepdf.Dictionary(Fx=form)
    page.Resources.ExtGState = pikepdf.Dictionary(Own=own)
    page.obj.Contents = pdf.make_stream(b"/Fx Do /Own gs 0.5 0 0 0 k 0 0 100 100 re f")
    overprint_black(pdf)
    assert drawn(pdf) == [("text", (0, 0, 0, 1), True), ("fill", (0.5, 0, 0, 0), False)]


def test_a_page_with_nothing_black_is_left_as_it_was():
    pdf = page_with(b"0.5 0 0 0 k 0 0 100 100 re f")
    before = pdf.pages[0].Contents.read_bytes()
    overprint_black(pdf)
    assert pdf.pages[0].Contents.read_bytes() == before and "/ExtGState" not in pdf.pages[0].Resources
