"""Atomic writes, and what WeasyPrint is allowed to load."""
from __future__ import annotations

import pytest

from affiche.outputs.fetch import ProjectFetcher
from affiche.pipeline.write import write_atomically


def test_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"good")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr("affiche.pipeline.write.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, b"half")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize("url", [
    "https://example.org/logo.png",
    "http://127.0.0.1/x.css",
    "file:///etc/passwd",
    "FONTS/../../etc/passwd",
])
def test_fetcher_refuses_anything_outside_the_project_folders(root, url):
    fetcher = ProjectFetcher(root)
    absolute = url if ":" in url else (root / url).as_uri()
    with pytest.raises(ValueError):
        fetcher.fetch(absolute)
    assert fetcher.refused == [absolute]


def test_fetcher_reads_the_projects_fonts(root):
    fetcher = ProjectFetcher(root)
    response = fetcher.fetch((root / "fonts" / "lato" / "Lato-Bold.ttf").as_uri())
    assert response is not None and fetcher.refused == []
