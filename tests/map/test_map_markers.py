from __future__ import annotations

from itertools import combinations
from math import dist

import pytest

from affiche.map.markers import Mark, place_marks

RADIUS, GAP = 4.0, 1.0
PITCH = 2 * RADIUS + GAP


def closest_dots(placed):
    centres = [dot.centre for mark in placed for dot in mark.dots]
    return min(dist(a, b) for a, b in combinations(centres, 2))


def europe(anchors, projection):
    geneva = projection(6.14, 46.20)
    return [
        Mark("GB", anchors["GB"], (1, 2)),
        Mark("IE", anchors["IE"], (3,)),
        Mark("ES", anchors["ES"], (1, 2, 3)),
        Mark("DE", anchors["DE"], (2,)),
        Mark("Genève", geneva, (1, 3)),
        Mark("MA", anchors["MA"], (2, 3)),
        Mark("FR", anchors["FR"], (1,)),
        Mark("CH", anchors["CH"], (2,)),
        Mark("BE", anchors["BE"], (3,)),
    ]


def test_lone_place_gets_its_dots_side_by_side_on_the_anchor():
    [mark] = place_marks([Mark("CA", (100.0, 50.0), (3, 1, 2))], RADIUS, GAP)
    assert [dot.category for dot in mark.dots] == [3, 1, 2]
    assert [dot.centre for dot in mark.dots] == [(100.0 - PITCH, 50.0), (100.0, 50.0), (100.0 + PITCH, 50.0)]
    assert mark.leader is None and mark.radius == RADIUS


def test_european_cluster_has_no_overlap(anchors, projection):
    marks = europe(anchors, projection)
    # The anchors really are crowded at this scale: without placement, dots would overlap.
    assert min(dist(a.anchor, b.anchor) for a, b in combinations(marks, 2)) < PITCH
    placed = place_marks(marks, RADIUS, GAP)
    assert closest_dots(placed) >= PITCH - 1e-9
    assert [mark.key for mark in placed] == [mark.key for mark in marks]


def test_leader_only_for_groups_that_moved_away(anchors, projection):
    radius = 8.0  # big dots, so that some groups must leave their place
    leaders = 0
    for mark in place_marks(europe(anchors, projection), radius, GAP):
        xs = [dot.centre[0] for dot in mark.dots]
        centre = ((xs[0] + xs[-1]) / 2, mark.dots[0].centre[1])
        moved = dist(centre, mark.anchor)
        if mark.leader:
            leaders += 1
            assert moved > 1.5 * radius and mark.leader == (mark.anchor, pytest.approx(centre))
        else:
            assert moved <= 1.5 * radius
    assert 0 < leaders < len(europe(anchors, projection))


def test_fifteen_marks_on_one_spot_spread_out_without_overlap():
    marks = [Mark(f"place-{i}", (300.0, 200.0), (1, 2, 3)[: 1 + i % 3]) for i in range(15)]
    placed = place_marks(marks, RADIUS, GAP)
    assert closest_dots(placed) >= PITCH - 1e-9
    assert sum(mark.leader is not None for mark in placed) >= 10
    # Still a cluster around the spot, not a long row.
    assert max(dist(dot.centre, (300.0, 200.0)) for mark in placed for dot in mark.dots) < 8 * PITCH


def test_without_relaxation_the_spiral_still_separates_everything():
    marks = [Mark(f"place-{i}", (300.0, 200.0), (1, 2)) for i in range(15)]
    assert closest_dots(place_marks(marks, RADIUS, GAP, iterations=0)) >= PITCH - 1e-9


def test_same_input_same_output(anchors, projection):
    marks = europe(anchors, projection) + [Mark(f"x{i}", (500.0, 100.0), (1,)) for i in range(6)]
    assert place_marks(marks, RADIUS, GAP) == place_marks(list(marks), RADIUS, GAP)


def test_a_mark_needs_a_category():
    with pytest.raises(ValueError):
        place_marks([Mark("CA", (0.0, 0.0), ())], RADIUS, GAP)
