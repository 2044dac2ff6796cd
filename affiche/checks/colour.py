"""Preflight of a theme's map colours: the legend's categories and the home country must stay
apart for readers with red–green colour blindness, or the map's key tells them nothing."""
from __future__ import annotations

from ..model.layout import Layout
from . import Finding
from .colour_vision import SIMULATIONS, closest_pair

MIN_DELTA_E = 20.0  # CIE76: beyond this, two small map dots read as clearly different (colour_vision.py)
MARKED = ("category-1", "category-2", "category-3", "home")


def colour_vision_findings(layout: Layout) -> list[Finding]:
    theme = layout.theme
    colours = {name: theme.colours[name].srgb for name in MARKED}
    findings = []
    for vision in ("normal", *SIMULATIONS):
        distance, first, second = closest_pair(colours, vision)
        if distance < MIN_DELTA_E:
            findings.append(Finding(
                "warning", f"layouts/themes/{theme.name}.yaml: colours.{first}", "colour-vision",
                f"'{first}' and '{second}' are only ΔE {distance:.1f} apart for {vision} vision "
                f"(in {layout.name}'s map): readers may not tell those places apart",
                f"change one of the two sRGB colours until they are {MIN_DELTA_E:g} apart"))
    return findings
