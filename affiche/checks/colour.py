"""Preflight of a theme's map colours: the legend's categories and the home country must stay
apart for readers with colour blindness, or the map's key tells them nothing. Measured on the
screen colours, and on the printed ones (the theme's CMYK through the output profile) when a
layout of the theme has a print PDF."""
from __future__ import annotations

from ..colour.profile import printed_srgb
from ..model.theme import Theme
from . import Finding
from .colour_vision import SIMULATIONS, closest_pair

MIN_DELTA_E = 20.0  # CIE76: beyond this, two small map dots read as clearly different (colour_vision.py)
MARKED = ("category-1", "category-2", "category-3", "home")


def colour_vision_findings(theme: Theme, printed: bool) -> list[Finding]:
    """One finding per kind of vision under which two marked colours come too close, on screen or in print."""
    shown = {name: theme.colours[name].srgb for name in MARKED}
    inked = {name: printed_srgb(tuple(value / 100 for value in theme.colours[name].cmyk)) for name in MARKED}
    findings = []
    for vision in ("normal", *SIMULATIONS):
        media = [("on screen", *closest_pair(shown, vision))]
        media += [("in print", *closest_pair(inked, vision))] if printed else []
        close: dict[tuple[str, str], list[tuple[float, str]]] = {}  # too close on screen and in print: one finding
        for medium, distance, first, second in media:
            if distance < MIN_DELTA_E:
                close.setdefault((first, second), []).append((distance, medium))
        findings += [_finding(theme, pair, distances, vision) for pair, distances in close.items()]
    return findings


def _finding(theme: Theme, pair: tuple[str, str], distances: list[tuple[float, str]], vision: str) -> Finding:
    first, second = pair
    colour = theme.colours[first]
    (distance, medium), *others = distances
    also = "".join(f" ({other:.1f} {other_medium})" for other, other_medium in others)
    return Finding(
        "warning", str(colour.where or f"layouts/themes/{theme.name}.yaml: colours.{first}"), "colour-vision",
        f"'{first}' and '{second}' are only ΔE {distance:.1f} apart {medium}{also} for {vision} vision: "
        "readers may not tell those places apart on the map",
        f"change one of the two colours until they are {MIN_DELTA_E:g} apart")
