"""The CMYK that prints closest to a screen colour, through the output profile (profile.py).

Greys and the colours of text are matched on black ink alone: every K from 0 to 100 % is tried.
Other colours start from the profile's own separation (and from a value the theme already has,
when given) and are refined by a pattern search over whole percentages: the 81 moves of each
ink by -step, 0 or +step are tried at once, the best taken, until none is better, then the step
is halved (8, 4, 2, 1 %). A value over the ink limit is never tried. Among values that print
alike, the one with less ink wins (a tie-break worth 0.01 ΔE2000 per 100 % of ink).
"""
from __future__ import annotations

from functools import cache
from itertools import product

from .delta_e import delta_e_2000
from .profile import Cmyk, Lab, printed_labs, profile_separation, screen_lab

STEPS = (8, 4, 2, 1)  # % of ink per move
MAX_MOVES = 25  # per step: bounds the search whatever the profile's shape
INK_TIE_BREAK = 0.0001  # ΔE2000 per % of total ink


def is_grey(srgb: str) -> bool:
    return srgb[1:3] == srgb[3:5] == srgb[5:7]


@cache
def black_only_match(srgb: str) -> Cmyk:
    """The black ink alone that prints closest to the colour."""
    target = screen_lab(srgb)
    candidates = [(0.0, 0.0, 0.0, k / 100) for k in range(101)]
    return min(zip(candidates, printed_labs(candidates)), key=lambda pair: _cost(pair, target))[0]


@cache
def matching_inks(srgb: str, ink_limit: float, start: Cmyk | None = None) -> Cmyk:
    """Whole percentages of C, M, Y and K, at most `ink_limit` % in all, that print closest to `srgb`."""
    target = screen_lab(srgb)
    starts = [profile_separation(srgb)] + ([start] if start is not None else [])
    best = min((_refined(_within_limit(_percent(cmyk), ink_limit), target, ink_limit) for cmyk in starts),
               key=lambda found: found[1])
    return tuple(value / 100 for value in best[0])


def _refined(centre: tuple[int, ...], target: Lab, ink_limit: float) -> tuple[tuple[int, ...], float]:
    best_cost = _costs([centre], target)[0]
    for step in STEPS:
        for _ in range(MAX_MOVES):
            moves = [tuple(value + offset for value, offset in zip(centre, offsets))
                     for offsets in product((-step, 0, step), repeat=4)]
            moves = [move for move in moves if min(move) >= 0 and max(move) <= 100 and sum(move) <= ink_limit]
            cost, move = min(zip(_costs(moves, target), moves))
            if cost >= best_cost:
                break
            centre, best_cost = move, cost
    return centre, best_cost


def _costs(percentages: list[tuple[int, ...]], target: Lab) -> list[float]:
    labs = printed_labs([tuple(value / 100 for value in cmyk) for cmyk in percentages])
    return [delta_e_2000(lab, target) + INK_TIE_BREAK * sum(cmyk) for cmyk, lab in zip(percentages, labs)]


def _cost(pair: tuple[Cmyk, Lab], target: Lab) -> float:
    cmyk, lab = pair
    return delta_e_2000(lab, target) + INK_TIE_BREAK * 100 * sum(cmyk)


def _percent(cmyk: Cmyk) -> tuple[int, ...]:
    return tuple(round(value * 100) for value in cmyk)


def _within_limit(percentages: tuple[int, ...], ink_limit: float) -> tuple[int, ...]:
    """Scaled down (whole percentages, rounded down) until the total is within the limit."""
    total = sum(percentages)
    if total <= ink_limit:
        return percentages
    return tuple(int(value * ink_limit / total) for value in percentages)
