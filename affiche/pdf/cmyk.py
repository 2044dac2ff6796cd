"""CMYK for the print PDFs: each theme colour as the theme's own ink values, any other through the print profile.

Screens get a theme colour's sRGB value; print gets the CMYK percentages the theme gives for the
same colour, so "73 35 4 79" reaches the plate as the designer typed it rather than as a
conversion of its screen value (`render.py check` holds each within ΔE2000 3 of its screen value
through the output profile). A colour the theme does not know (anything a renderer writes that
the theme does not name) is converted by littleCMS through the same output profile
(affiche/colour/), a grey on black ink alone: the closest K, since a grey in four inks shifts
colour with every variation of the press, and small type in it blurs.

Handouts and posters alike ask WeasyPrint for CMYK directly: CSS `device-cmyk()`, and inside
the SVG it draws (the map, artwork, QR codes) every fill and stroke rewritten the same way.
"""
from __future__ import annotations

import re

from ..colour.match import black_only_match, is_grey, matching_inks
from ..colour.profile import Cmyk, profile_separation
from ..errors import AfficheError, Location
from ..model.theme import Theme

SVG_PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')


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
