"""Where each coloured dot goes: one dot per legend category of a place, side by side on the
place's anchor, then groups pushed apart until no two dots overlap, with a leader line back to
the anchor for any group that had to move away from it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, hypot, pi, sin, sqrt

Point = tuple[float, float]

_GOLDEN_ANGLE = pi * (3 - sqrt(5))  # successive multiples never line up: spreads stacked groups
_LEADER_THRESHOLD = 1.5  # in dot radii: a smaller shift still reads as "on the place"
_TOLERANCE = 1e-9
_PULL = 0.1  # share of the way back to the anchor per pass while relaxing


@dataclass(frozen=True)
class Mark:
    key: str  # the place, for data-place: an alpha-2 code or a city's name
    anchor: Point  # SVG user units
    categories: tuple[int, ...]  # legend categories, one dot each, in left-to-right order


@dataclass(frozen=True)
class Dot:
    centre: Point
    category: int


@dataclass(frozen=True)
class PlacedMark:
    key: str
    anchor: Point
    radius: float
    dots: tuple[Dot, ...]
    leader: tuple[Point, Point] | None  # anchor -> centre of the dots, when they had to move


def place_marks(marks: Sequence[Mark], radius: float, gap: float, *,
                iterations: int = 200) -> list[PlacedMark]:
    """Dots of `radius` whose centres end at least 2 * radius + gap apart, the same every run."""
    if any(not mark.categories for mark in marks):
        raise ValueError("every mark needs at least one category")
    pitch = 2 * radius + gap
    offsets = [_row_offsets(len(mark.categories), pitch) for mark in marks]
    centres = [mark.anchor for mark in marks]
    _relax(centres, [mark.anchor for mark in marks], offsets, pitch, iterations)
    _settle_leftovers(centres, offsets, pitch)
    placed = []
    for mark, (cx, cy), row in zip(marks, centres, offsets):
        moved = hypot(cx - mark.anchor[0], cy - mark.anchor[1]) > _LEADER_THRESHOLD * radius
        placed.append(PlacedMark(
            key=mark.key,
            anchor=mark.anchor,
            radius=radius,
            dots=tuple(Dot((cx + dx, cy), category) for dx, category in zip(row, mark.categories)),
            leader=(mark.anchor, (cx, cy)) if moved else None,
        ))
    return placed


def _row_offsets(count: int, pitch: float) -> list[float]:
    return [(k - (count - 1) / 2) * pitch for k in range(count)]


def _relax(centres: list[Point], anchors: list[Point], offsets: list[list[float]], pitch: float,
           iterations: int) -> None:
    """Push overlapping groups apart, half each. During the first half of the passes a weak pull
    back towards the anchors keeps a crowd compact and round instead of strung out in a row."""
    for iteration in range(iterations):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                push = _overlap(centres[i], offsets[i], centres[j], offsets[j], pitch, fallback_turn=i + j)
                if push:
                    (ix, iy), (jx, jy), (px, py) = centres[i], centres[j], push
                    centres[i] = (ix - px / 2, iy - py / 2)
                    centres[j] = (jx + px / 2, jy + py / 2)
                    moved = True
        if iteration < iterations // 2:
            centres[:] = [(x + _PULL * (ax - x), y + _PULL * (ay - y))
                          for (x, y), (ax, ay) in zip(centres, anchors)]
        elif not moved:
            return


def _settle_leftovers(centres: list[Point], offsets: list[list[float]], pitch: float) -> None:
    """The guarantee behind the relaxation: a group still touching an earlier one walks out along
    a spiral to the first free spot, so every returned layout is free of overlaps."""
    for j in range(len(centres)):
        start = centres[j]
        step = 0
        while any(_overlap(centres[i], offsets[i], centres[j], offsets[j], pitch, fallback_turn=0)
                  for i in range(j)):
            step += 1
            angle, distance = step * _GOLDEN_ANGLE, pitch * sqrt(step) / 2
            centres[j] = (start[0] + distance * cos(angle), start[1] + distance * sin(angle))


def _overlap(ci: Point, row_i: list[float], cj: Point, row_j: list[float], pitch: float,
             fallback_turn: int) -> Point | None:
    """How far group j must move away from group i so their closest dots are `pitch` apart."""
    reach = (abs(row_i[0]) + abs(row_j[0])) + pitch
    if abs(cj[0] - ci[0]) >= reach or abs(cj[1] - ci[1]) >= pitch:
        return None  # bounding boxes apart: no dot can touch
    deepest: Point | None = None
    deepest_overlap = _TOLERANCE
    for dxi in row_i:
        for dxj in row_j:
            dx, dy = cj[0] + dxj - ci[0] - dxi, cj[1] - ci[1]
            distance = hypot(dx, dy)
            overlap = pitch - distance
            if overlap > deepest_overlap:
                deepest_overlap = overlap
                if distance > _TOLERANCE:
                    deepest = (dx / distance * overlap, dy / distance * overlap)
                else:  # stacked dots give no direction: pick a deterministic one per pair
                    angle = fallback_turn * _GOLDEN_ANGLE
                    deepest = (cos(angle) * overlap, sin(angle) * overlap)
    return deepest
