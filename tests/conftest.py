"""Shared fixtures: the real outputs, built once per test session, and scratch projects."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from affiche.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every default output, built by the real pipeline; keyed by file name."""
    output_dir = tmp_path_factory.mktemp("output")
    return {output.path.name: output.path for output in build(ROOT, output_dir)}


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the project's inputs that a test may break."""
    for folder in ("data", "layouts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    return tmp_path
