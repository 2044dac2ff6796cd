"""Preflight of a theme's print inks: does each colour print like its screen value, within the ink
limit, and the text colours on black alone?

Each CMYK goes through the output intent's profile (affiche/colour/profile.py) and is compared
with its sRGB value in ΔE2000; past MAX_DELTA_E the finding proposes the CMYK that would match
(affiche/colour/match.py): black alone for greys and text colours, within the theme's ink limit.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..colour.delta_e import delta_e_2000
from ..colour.match import black_only_match, is_grey, matching_inks
from ..colour.profile import Cmyk, printed_lab, screen_lab
from ..model.theme import TEXT_COLOURS, Colour, Theme
from . import Finding

MAX_DELTA_E = 3.0  # ΔE2000: what print buyers commonly accept between a print and its target


def theme_print_findings(themes: Iterable[Theme]) -> list[Finding]:
    findings = []
    for theme in themes:
        for colour in theme.colours.values():
            findings += colour_findings(theme, colour)
    return findings


def colour_findings(theme: Theme, colour: Colour) -> list[Finding]:
    cmyk = tuple(value / 100 for value in colour.cmyk)
    where = str(colour.where) if colour.where else f"layouts/themes/{theme.name}.yaml: colours.{colour.name}"
    findings = []
    if colour.name in TEXT_COLOURS and any(cmyk[:3]):
        findings.append(Finding(
            "error", where, "rich-black",
            f"'{colour.name}' sets text in {_inks(cmyk)}: small type in several inks blurs when the plates "
            "are a hair out of register", f"print it on black alone: {_suggestion(theme, colour)}"))
    total = sum(colour.cmyk)
    if total > theme.ink_limit:
        findings.append(Finding(
            "error", where, "ink-limit",
            f"'{colour.name}' takes {total:g} % of ink ({_inks(cmyk)}), over the theme's {theme.ink_limit:g} % "
            "limit: the sheet dries slowly and sets off on the next", f"use {_suggestion(theme, colour)}"))
    distance = printed_delta_e(colour)
    if distance > MAX_DELTA_E:
        findings.append(Finding(
            "error", where, "colour-match",
            f"'{colour.name}' prints ΔE2000 {distance:.1f} away from its screen colour {colour.srgb} "
            f"(through the output profile CGATS TR 006), over {MAX_DELTA_E:g}",
            f"use {_suggestion(theme, colour)}"))
    return findings


def printed_delta_e(colour: Colour) -> float:
    """ΔE2000 between a colour's inks as printed on the output profile's paper and its screen value."""
    return delta_e_2000(printed_lab(tuple(value / 100 for value in colour.cmyk)), screen_lab(colour.srgb))


def matching_cmyk(theme: Theme, colour: Colour) -> Cmyk:
    """The inks that print closest to the colour's screen value: black alone for greys and text colours."""
    if is_grey(colour.srgb) or colour.name in TEXT_COLOURS:
        return black_only_match(colour.srgb)
    return matching_inks(colour.srgb, theme.ink_limit, tuple(value / 100 for value in colour.cmyk))


def _suggestion(theme: Theme, colour: Colour) -> str:
    cmyk = matching_cmyk(theme, colour)
    distance = delta_e_2000(printed_lab(cmyk), screen_lab(colour.srgb))
    values = ", ".join(f"{round(value * 100)}" for value in cmyk)
    return f"cmyk: [{values}], which prints ΔE2000 {distance:.1f} from {colour.srgb}"


def _inks(cmyk: Cmyk) -> str:
    return " ".join(f"{ink} {round(value * 100)}" for ink, value in zip("CMYK", cmyk))
