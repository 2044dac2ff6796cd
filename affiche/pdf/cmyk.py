"""CMYK for the print PDFs: each theme colour as the theme's own ink values, any other by a plain conversion.

Screens get a theme colour's sRGB value; print gets the CMYK percentages the theme gives for the
same colour, so "82 58 32 48" reaches the plate as the designer typed it rather than as a
conversion of its screen value. A colour the theme does not know falls back to a plain
conversion with full black generation, which turns greys and black into black ink alone.

Handouts and posters alike ask WeasyPrint for CMYK directly: CSS `device-cmyk()`, and inside
the SVG it draws (the map, artwork, QR codes) every fill and stroke rewritten the same way.
"""
from __future__ import annotations

import re

from ..errors import AfficheError, Location
from ..model.theme import Theme

Cmyk = tuple[float, float, float, float]  # each 0 to 1
SVG_PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')


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
