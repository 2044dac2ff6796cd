"""CMYK for the print PDFs: each theme colour as the theme's own ink values, any other through the print profile.

Screens get a theme colour's sRGB value; print gets the CMYK percentages the theme gives for the
same colour, so "73 35 4 79" reaches the plate as the designer typed it rather than as a
conversion of its screen value (`render.py check` holds each within ΔE2000 3 of its screen value
through the output profile). A colour the theme does not know (anything a renderer writes that
the theme does not name) is converted by littleCMS through the same output profile
(affiche/colour/), a grey on black ink alone: the closest K, since a grey in four inks shifts
colour with every variation of the press, and small type in it blurs.

The handout asks WeasyPrint for CMYK directly (CSS `device-cmyk()`, also inside its map SVG).
cairo, which draws the poster, has no CMYK at all, so its PDF is rewritten afterwards: every
`rg`/`RG` operator of every content stream becomes `k`/`K`, found by parsing the streams
(pikepdf), never by searching bytes. cairo only paints solid colours in the poster; anything
in RGB that cannot be rewritten that way (images, shadings, RGB colour spaces) is refused
rather than left in the file.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pikepdf

from ..colour.match import black_only_match, is_grey, matching_inks
from ..colour.profile import Cmyk, profile_separation
from ..errors import AfficheError, Location
from ..model.theme import Theme
from .colour_space import rgb_kind

SVG_PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')


class UnconvertibleColour(Exception):
    """RGB drawing the CMYK rewrite cannot convert; the message says what it is."""


class Inks:
    """The theme's colours looked up by their sRGB value."""

    def __init__(self, theme: Theme) -> None:
        self.ink_limit = theme.ink_limit
        self.by_srgb: dict[str, Cmyk] = {}
        named: dict[str, str] = {}
        for colour in theme.colours.values():
            cmyk = tuple(round(value / 100, 4) for value in colour.cmyk)
            if self.by_srgb.setdefault(colour.srgb, cmyk) != cmyk:
                raise AfficheError(
                    Location(f"layouts/themes/{theme.name}.yaml", key_path=f"colours.{colour.name}"),
                    f"'{colour.name}' has the sRGB value {colour.srgb} of '{named[colour.srgb]}' but other CMYK "
                    "values, so the print PDF cannot tell which inks to use",
                    "give the two colours different sRGB values or the same CMYK")
            named.setdefault(colour.srgb, colour.name)

    def for_hex(self, srgb: str) -> Cmyk:
        srgb = srgb.lower()
        if srgb in self.by_srgb:
            return self.by_srgb[srgb]
        return outside_theme(srgb, self.ink_limit)

    def for_rgb(self, red: float, green: float, blue: float) -> Cmyk:
        """A PDF colour (0 to 1 per channel); renderers write 8-bit values as fractions of 255."""
        return self.for_hex("#" + "".join(f"{round(min(max(v, 0.0), 1.0) * 255):02x}" for v in (red, green, blue)))


def outside_theme(srgb: str, ink_limit: float) -> Cmyk:
    """A colour the theme does not name: a grey on black alone, any other as the profile separates it,
    or, when that takes more ink than the theme allows, the closest match within the limit."""
    if is_grey(srgb):
        return black_only_match(srgb)
    cmyk = profile_separation(srgb)
    return cmyk if sum(cmyk) * 100 <= ink_limit else matching_inks(srgb, ink_limit)


def css_cmyk(cmyk: Cmyk) -> str:
    return "device-cmyk({})".format(" ".join(f"{value * 100:g}%" for value in cmyk))


def svg_in_cmyk(svg: str, inks: Inks) -> str:
    """An SVG of our own making with every fill and stroke colour as device-cmyk() (WeasyPrint reads it)."""
    return SVG_PAINT.sub(lambda match: f'{match[1]}="{css_cmyk(inks.for_hex(match[2]))}"', svg)


# ---------------------------------------------------------------- PDF content streams

def convert_pdf_to_cmyk(pdf: pikepdf.Pdf, inks: Inks) -> None:
    """Rewrite the RGB colour operators of every page, form XObject and tiling pattern in CMYK,
    and blend transparency groups in CMYK. Raises UnconvertibleColour for RGB it cannot rewrite."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _convert(pdf, page.obj, page.resources, inks, seen)


def _convert(pdf: pikepdf.Pdf, holder: pikepdf.Object, resources: pikepdf.Dictionary, inks: Inks,
             seen: set[tuple[int, int]]) -> None:
    if holder.is_indirect:
        if holder.objgen in seen:
            return
        seen.add(holder.objgen)
    group = holder.get("/Group")
    if group is not None and rgb_kind(group.get("/CS")):
        group.CS = pikepdf.Name.DeviceCMYK
    _refuse_rgb_resources(resources)
    for inner in _content_children(resources):
        _convert(pdf, inner, inner.get("/Resources", pikepdf.Dictionary()), inks, seen)
    data = pikepdf.unparse_content_stream([_in_cmyk(instruction, inks)
                                           for instruction in pikepdf.parse_content_stream(holder)])
    if isinstance(holder, pikepdf.Stream):
        holder.write(data)
    else:
        holder.Contents = pdf.make_stream(data)


def _content_children(resources: pikepdf.Dictionary):
    """Form XObjects and tiling patterns: the other places content streams live."""
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield xobject
    for pattern in resources.get("/Pattern", {}).values():
        if pattern.get("/PatternType") == 1:
            yield pattern


def _refuse_rgb_resources(resources: pikepdf.Dictionary) -> None:
    for name, space in resources.get("/ColorSpace", {}).items():
        if rgb_kind(space):
            raise UnconvertibleColour(f"an RGB colour space ({name})")
    for name, xobject in resources.get("/XObject", {}).items():
        if xobject.get("/Subtype") == "/Image" and rgb_kind(xobject.get("/ColorSpace")):
            raise UnconvertibleColour(f"an RGB image ({name})")
    shadings = list(resources.get("/Shading", {}).values()) + [
        pattern.Shading for pattern in resources.get("/Pattern", {}).values() if pattern.get("/PatternType") == 2]
    if any(rgb_kind(shading.get("/ColorSpace")) for shading in shadings):
        raise UnconvertibleColour("an RGB gradient (shading)")


def _in_cmyk(instruction, inks: Inks):
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        if rgb_kind(instruction.iimage.obj.get("/ColorSpace")):
            raise UnconvertibleColour("an RGB inline image")
        return instruction
    operands, operator = instruction.operands, str(instruction.operator)
    if operator in ("rg", "RG"):
        cmyk = inks.for_rgb(*(float(value) for value in operands))
        return pikepdf.ContentStreamInstruction([Decimal(f"{value:.4f}").normalize() for value in cmyk],
                                                pikepdf.Operator("k" if operator == "rg" else "K"))
    if operator in ("cs", "CS") and rgb_kind(operands[0]):
        raise UnconvertibleColour(f"the {operands[0]} colour space")
    return instruction
