"""The 110m world decoded and projected once for the whole map test suite."""
from __future__ import annotations

from pathlib import Path

import pytest

from affiche.map.geometry import interior_point
from affiche.map.projection import FittedProjection, fit_world
from affiche.map.topojson import CountryFeature, decode_borders, decode_features, load_topology
from affiche.map.world import PlanarCountry, project_countries, project_lines

ATLAS = Path(__file__).resolve().parents[2] / "data" / "world-atlas"
WIDTH, HEIGHT = 1000.0, 500.0


@pytest.fixture(scope="session")
def topology_110m() -> dict:
    return load_topology(ATLAS / "countries-110m.json")


@pytest.fixture(scope="session")
def features_110m(topology_110m) -> list[CountryFeature]:
    return decode_features(topology_110m)


@pytest.fixture(scope="session")
def projection() -> FittedProjection:
    return fit_world(WIDTH, HEIGHT, min_latitude=-60)


@pytest.fixture(scope="session")
def whole_globe() -> FittedProjection:
    return fit_world(WIDTH, HEIGHT)


@pytest.fixture(scope="session")
def countries(features_110m, projection) -> dict[str, PlanarCountry]:
    """Countries with an ISO code, by alpha-2."""
    return {c.alpha2: c for c in project_countries(features_110m, projection) if c.alpha2}


@pytest.fixture(scope="session")
def all_countries(features_110m, projection) -> list[PlanarCountry]:
    return project_countries(features_110m, projection)


@pytest.fixture(scope="session")
def borders(topology_110m, projection):
    return project_lines(decode_borders(topology_110m), projection)


@pytest.fixture(scope="session")
def anchors(countries) -> dict[str, tuple[float, float]]:
    return {code: interior_point(country.polygons) for code, country in countries.items()}
