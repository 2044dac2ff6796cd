from __future__ import annotations

import pytest

from affiche.map.projection import equal_earth, fit_world

pyproj = pytest.importorskip("pyproj")  # the reference implementation, needed by these tests only

POINTS = [
    (0.0, 0.0), (180.0, 0.0), (-180.0, 0.0), (0.0, 90.0), (0.0, -90.0), (180.0, 90.0), (-180.0, -90.0),
    (-75.6972, 45.4215), (2.3522, 48.8566), (139.6917, 35.6895), (-70.6693, -33.4489), (151.2, -33.87),
    (179.999, -16.5), (-179.999, 65.0), (45.0, 45.0), (-120.0, -60.0),
]


@pytest.mark.parametrize("lon, lat", POINTS)
def test_equal_earth_matches_proj(lon, lat):
    # Longitude/latitude on the same unit sphere: PROJ applies the projection and nothing else
    # (from EPSG:4326 it would have to change ellipsoid, which PROJ 9 refuses for R=1).
    transformer = pyproj.Transformer.from_crs("+proj=longlat +R=1", "+proj=eqearth +R=1", always_xy=True)
    expected = transformer.transform(lon, lat)
    assert equal_earth(lon, lat) == pytest.approx(expected, abs=1e-9)


def test_north_is_up_and_east_is_right():
    x, y = equal_earth(10.0, 20.0)
    assert x > 0 and y > 0


def test_wide_box_fits_the_height_and_centres_the_width():
    project = fit_world(1000, 300)
    assert project(0, 90)[1] == pytest.approx(0)
    assert project(0, -90)[1] == pytest.approx(300)
    left, right = project(-180, 0)[0], project(180, 0)[0]
    assert (left + right) / 2 == pytest.approx(500)
    assert 0 < left and right < 1000


def test_tall_box_fits_the_width_and_centres_the_height():
    project = fit_world(400, 1000)
    assert project(-180, 0)[0] == pytest.approx(0)
    assert project(180, 0)[0] == pytest.approx(400)
    top, bottom = project(0, 90)[1], project(0, -90)[1]
    assert (top + bottom) / 2 == pytest.approx(500)
    # Equal Earth is about twice as wide as tall: the world keeps its shape.
    assert 400 / (bottom - top) == pytest.approx(equal_earth(180, 0)[0] / equal_earth(0, 90)[1])


def test_latitude_cut_gives_the_space_to_the_rest():
    project = fit_world(1000, 400, min_latitude=-60)  # wider than the cut world: height-bound
    assert project(0, 90)[1] == pytest.approx(0)
    assert project(0, -60)[1] == pytest.approx(400)
    assert project(180, -60)[1] == pytest.approx(400)  # parallels are straight lines
    assert project(0, 0)[0] == pytest.approx(500)
    assert project.scale > fit_world(1000, 400).scale


@pytest.mark.parametrize("min_latitude", [90.0, -91.0])
def test_latitude_cut_must_leave_a_world(min_latitude):
    with pytest.raises(ValueError):
        fit_world(100, 50, min_latitude=min_latitude)
