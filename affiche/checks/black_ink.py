"""Preflight of black in a print PDF, read from its content streams (affiche/pdf/paint.py).

Small text (under 12 pt) and thin rules in a dark grey or a black must print on the K plate alone: in
a rich black (C, M and Y under the K) they blur, or grow coloured fringes, as soon as the plates
land a hair apart. And black text and rules should overprint, or misregistration leaves a white
halo beside them (affiche/pdf/overprint.py).
"""
from __future__ import annotations

import math
from collections import Counter

import pikepdf

from ..colour.profile import Cmyk, printed_lab
from ..pdf.overprint import overprints
from ..pdf.paint import SMALL_TEXT_PT, THIN_RULE_PT, Paint, page_paints
from . import Finding

NEUTRAL_CHROMA = 6.0  # C*ab: a printed colour under this reads as a grey or a black
DARK = 50.0  # L*: a neutral under this is a dark grey or a black (the map's light land tint is neither)
NO_INK = 0.005  # an ink under half a percent is none (values come rounded from the renderers)


def black_ink_findings(pdf: pikepdf.Pdf, shown: str) -> list[Finding]:
    findings = []
    for number, page in enumerate(pdf.pages, start=1):
        rich: Counter[Cmyk] = Counter()
        knocking_out = 0
        for paint in page_paints(page):
            if paint.fine_detail and is_rich_black(paint):
                rich[paint.inks] += 1
            elif overprints(paint) and not paint.overprint:
                knocking_out += 1
        where = f"{shown} page {number}"
        if rich:
            findings.append(_rich_black_finding(where, rich))
        if knocking_out:
            findings.append(Finding(
                "warning", where, "overprint",
                f"black text or rules knock out what lies under them ({knocking_out} in all): misregistration "
                "would leave a white halo beside them",
                "make them overprint (ExtGState /op or /OP true with /OPM 1); affiche's own print PDFs do: "
                "rebuild with 'render.py build'"))
    return findings


def is_rich_black(paint: Paint) -> bool:
    """A dark grey or a black as printed, made with more inks than black."""
    inks = paint.inks
    if inks is None or max(inks[:3]) < NO_INK:
        return False
    lightness, a, b = printed_lab(tuple(round(value, 4) for value in inks))
    return lightness < DARK and math.hypot(a, b) < NEUTRAL_CHROMA


def _rich_black_finding(where: str, rich: Counter[Cmyk]) -> Finding:
    listed = ", ".join(" ".join(f"{ink} {round(value * 100)}" for ink, value in zip("CMYK", inks))
                       for inks in sorted(rich))
    return Finding(
        "error", where, "rich-black",
        f"text under {SMALL_TEXT_PT:g} pt or rules of {THIN_RULE_PT:g} pt or less in a rich black ({listed}; "
        f"{sum(rich.values())} in all): misregistration blurs them",
        "print small text and thin rules in a dark grey or black on black ink alone: their theme colour as "
        "cmyk: [0, 0, 0, K]")
