"""CMYK for the print PDFs: each theme colour as the theme's own ink values, any other by a plain conversion.

Screens get a theme colour's sRGB value; print gets the CMYK percentages the theme gives for the
same colour, so "82 58 32 48" reaches the plate as the designer typed it rather than as a
conversion of its screen value. A colour the theme does not know falls back to a plain
conversion with full black generation, which turns greys and black into black ink alone.

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

from ..errors import AfficheError, Location
from ..model.theme import Theme
from .colour_space import rgb_kind

Cmyk = tuple[float, float, float, float]  # each 0 to 1
SVG_PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')


class UnconvertibleColour(Exception):
    """RGB drawing the CMYK rewrite cannot convert; the message says what it is."""


class Inks:
    """The theme's colours looked up by their sRGB value."""

    def __init__(self, theme: Theme) -> None:
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
        return plain_cmyk(*(int(srgb[i:i + 2], 16) / 255 for i in (1, 3, 5)))

    def for_rgb(self, red: float, green: float, blue: float) -> Cmyk:
        """A PDF colour (0 to 1 per channel); renderers write 8-bit values as fractions of 255."""
        return self.for_hex("#" + "".join(f"{round(min(max(v, 0.0), 1.0) * 255):02x}" for v in (red, green, blue)))


def plain_cmyk(red: float, green: float, blue: float) -> Cmyk:
    """Naive conversion with full black generation: neutral colours print with black ink only."""
    black = 1 - max(red, green, blue)
    if black >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return tuple(round(value, 4) for value in (
        *((1 - channel - black) / (1 - black) for channel in (red, green, blue)), black))


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
