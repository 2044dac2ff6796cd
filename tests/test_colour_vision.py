"""The legend's colours stay apart for readers with red–green colour blindness."""
from __future__ import annotations

import pytest

from affiche.checks.colour import colour_vision_findings
from affiche.checks.colour_vision import closest_pair, delta_e, simulate
from affiche.load.content import load_content
from affiche.load.layouts import load_layout


def test_simulation_matches_the_published_matrices_on_primaries():
    # Machado et al. 2009, severity 1: pure red as a protanope sees it is the matrix's first column.
    assert simulate((1.0, 0.0, 0.0), "protanopia") == pytest.approx((0.152286, 0.114503, 0.0), abs=1e-6)
    assert simulate((0.0, 1.0, 0.0), "deuteranopia") == pytest.approx((0.860646, 0.672501, 0.042940), abs=1e-6)


def test_red_and_green_collapse_for_a_deuteranope_but_not_for_others():
    assert delta_e("#d62728", "#2ca02c") > 60
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < 25


@pytest.mark.parametrize("vision", ["normal", "protanopia", "deuteranopia"])
def test_the_themes_legend_colours_are_distinguishable(root, vision):
    content = load_content(root / "data" / "handout.yaml", root)
    theme = load_layout("handout-letter", root, content).theme
    legend = {name: colour.srgb for name, colour in theme.colours.items() if name.startswith("category-")}
    distance, first, second = closest_pair(legend, vision)
    assert distance > 20, f"{first} and {second} are only ΔE {distance:.1f} apart under {vision}"


def test_tritanopia_uses_the_published_matrix():
    # Machado et al. 2009, severity 1: pure blue as a tritanope sees it (the negative red clamped to 0).
    assert simulate((0.0, 0.0, 1.0), "tritanopia") == pytest.approx((0.0, 0.147602, 0.303900), abs=1e-6)


def test_check_warns_once_when_the_palette_comes_close_for_tritanopes_on_screen_and_in_print(root):
    """Okabe–Ito was made for red–green colour blindness: for the rarer tritanopia its orange and
    purple come within 17 (a warning, since only a design decision can change a screen colour)."""
    content = load_content(root / "data" / "handout.yaml", root)
    theme = load_layout("handout-letter", root, content).theme
    [finding] = colour_vision_findings(theme, printed=True)
    assert (finding.severity, finding.check) == ("warning", "colour-vision")
    assert finding.message.startswith("'category-1' and 'category-3' are only ΔE 17.2 apart on screen (16.1 in "
                                      "print) for tritanopia vision")
    assert colour_vision_findings(theme, printed=False)[0].message.startswith(
        "'category-1' and 'category-3' are only ΔE 17.2 apart on screen for tritanopia vision")
