"""Incremental and parallel builds: only what an edit touches is redone, and processes change no byte."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from affiche.pipeline.build import build
from affiche.pipeline.fingerprint import file_digest
from affiche.pipeline.manifest import FORMAT, MANIFEST_NAME

from scratch import copy_built, copy_inputs, replace_in, run_cli

LAYOUTS = ["handout-a4", "poster-tabloid"]


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each output's modification time and bytes."""
    return {path.name: (path.stat().st_mtime_ns, path.read_bytes())
            for path in folder.iterdir() if path.suffix in (".pdf", ".svg", ".png")}


def touched(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, root, built) -> Path:
    """A project copy that the tests edit and put back, its outputs kept from test to test: at first,
    those of the shared build."""
    project = tmp_path_factory.mktemp("incremental")
    copy_inputs(root, project)
    copy_built(built, project / "output")
    return project


@pytest.fixture
def settled(scratch, tmp_path) -> Iterator[Path]:
    """The scratch project with its outputs up to date. Each test puts back what it edits; its
    output folder is put back after it, so the next test starts with nothing to rebuild."""
    kept = shutil.copytree(scratch / "output", tmp_path / "kept-output")
    yield scratch
    shutil.rmtree(scratch / "output")
    shutil.copytree(kept, scratch / "output")


@contextmanager
def edited(path: Path, old: str, new: str):
    """The file with one edit while the block runs, put back after it."""
    original = replace_in(path, old, new)
    try:
        yield
    finally:
        path.write_text(original, "utf-8")


def rebuild(project: Path, layouts: list[str] = LAYOUTS) -> tuple[dict, dict, list]:
    before = snapshot(project / "output")
    outputs = build(project, project / "output", layouts)
    return before, snapshot(project / "output"), outputs


def test_nothing_changed_nothing_rebuilt(settled):
    before, after, outputs = rebuild(settled)
    assert touched(before, after) == set()
    assert outputs and not any(output.rebuilt for output in outputs)


def test_a_copy_of_the_project_elsewhere_keeps_its_outputs(root, built, tmp_path):
    """The record names the fonts and pictures by their paths in the project: the project moved, or
    copied with its outputs, rebuilds nothing."""
    project = copy_inputs(root, tmp_path / "elsewhere")
    before = snapshot(copy_built(built, project / "output"))
    outputs = build(project, project / "output")
    assert len(outputs) == len(built) and not any(output.rebuilt for output in outputs)
    assert snapshot(project / "output") == before


def test_a_french_edit_changes_only_the_french_outputs_that_hold_it(settled):
    """The sentence is in the handout and on the poster, which carries the whole text: the French
    files of both are redone, nothing English is."""
    content = settled / "data" / "handout.yaml"
    with edited(content, "Pour favoriser la coopération", "Afin de favoriser la coopération"):
        before, after, outputs = rebuild(settled)
    assert touched(before, after) == {"handout-a4-fr.pdf", "handout-a4-fr-print.pdf", "poster-tabloid-fr.svg",
                                      "poster-tabloid-fr.pdf", "poster-tabloid-fr.png", "poster-tabloid-fr-print.pdf"}
    assert {output.path.name for output in outputs if output.rebuilt} == {
        name for name in after if re.search(r"-fr[.-]", name) and name.startswith(tuple(LAYOUTS))}
    from pypdf import PdfReader
    assert "Afin de favoriser" in PdfReader(settled / "output" / "handout-a4-fr.pdf").pages[0].extract_text()


def test_a_layout_edit_rebuilds_only_that_layouts_outputs(settled):
    with edited(settled / "layouts" / "poster-tabloid.yaml", "base: 8pt", "base: 7.9pt"):
        before, after, _ = rebuild(settled)
    assert touched(before, after) == {name for name in after if name.startswith("poster-tabloid-")}


def test_an_output_changed_by_hand_is_rebuilt(settled):
    damaged = settled / "output" / "handout-a4-en.pdf"
    damaged.write_bytes(damaged.read_bytes()[:-100])
    before, after, _ = rebuild(settled)
    assert touched(before, after) == {"handout-a4-en.pdf"}
    assert after["handout-a4-en.pdf"][1].rstrip().endswith(b"%%EOF")


def test_an_unreadable_manifest_means_rebuild_everything(settled):
    (settled / "output" / MANIFEST_NAME).write_text("{ not json", "utf-8")
    before, after, outputs = rebuild(settled, ["poster-tabloid"])
    assert outputs and all(output.rebuilt for output in outputs)
    assert touched(before, after) == set()  # drawn again to the same bytes: the files are left alone
    assert json.loads((settled / "output" / MANIFEST_NAME).read_text("utf-8"))["format"] == FORMAT


def test_force_rebuilds_and_the_cli_says_what_it_kept(settled):
    kept = run_cli(settled, "build", "--layout", "handout-a4", "--lang", "en")
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.splitlines()[0] == "output/handout-a4-en.pdf  3 pages  " + \
        f"{(settled / 'output' / 'handout-a4-en.pdf').stat().st_size / 1024:.0f} KB  (unchanged)"
    assert kept.stdout.splitlines()[-1].startswith("0 files built, 2 unchanged")
    forced = run_cli(settled, "build", "--layout", "handout-a4", "--lang", "en", "--force", "--quiet")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("2 files built, 0 unchanged"), forced.stdout


def test_an_error_in_a_worker_process_is_the_users_one_line(project):
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "{height: 46mm, blocks: [igc, unhcr, rcm]", "{height: 30mm, blocks: [igc, unhcr, rcm]")
    result = run_cli(project, "build", "--layout", "poster-tabloid", "--layout", "handout-a4", "--lang", "fr",
                     "--jobs", "2")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1 and re.fullmatch(
        r"error: layouts/poster-tabloid\.yaml:\d+:\d+: .*overflows its frame by [\d.]+ mm .*", errors[0]), errors


@pytest.mark.parametrize("source", ["data/map.yaml", "data/handout.yaml"])
def test_a_comment_line_rebuilds_nothing(settled, source):
    """Digests hold what prints, not where it stands in its file: a comment moves every line after it."""
    path = settled / source
    original = path.read_text("utf-8")
    try:
        path.write_text("# a note for the next editor\n\n" + original, "utf-8")
        before, after, outputs = rebuild(settled)
    finally:
        path.write_text(original, "utf-8")
    assert outputs and not any(output.rebuilt for output in outputs)
    assert touched(before, after) == set()


def test_a_build_made_stale_stops_between_two_files_and_the_next_one_finishes(project, tmp_path):
    """What watch does when a newer save comes in: the screen PDF, rendered first, is written whole;
    the print PDF is dropped before it is drawn; the next build draws the edition again."""
    from affiche.pipeline.build import Superseded

    output, reported = tmp_path / "output", []
    with pytest.raises(Superseded):
        build(project, output, ["handout-a4"], ["fr"], report=reported.append, screen_first=True,
              stale=lambda: bool(reported))
    assert [output.path.name for output in reported] == ["handout-a4-fr.pdf"]
    assert sorted(path.name for path in output.iterdir() if path.suffix == ".pdf") == ["handout-a4-fr.pdf"]
    outputs = build(project, output, ["handout-a4"], ["fr"])
    assert [(output.path.name, output.rebuilt) for output in outputs] == [
        ("handout-a4-fr.pdf", True), ("handout-a4-fr-print.pdf", True)]


def test_a_file_saved_again_is_digested_anew_by_a_process_that_digested_it_before(tmp_path):
    """watch, serve and edit keep each file's digest while the file stays the same file, of the same
    size and times: a save by renaming, or one that changes its size, is read again."""
    path = tmp_path / "artwork.svg"
    path.write_bytes(b"<svg>one</svg>")
    first = file_digest(path)
    staged = tmp_path / "artwork.svg.saving"
    staged.write_bytes(b"<svg>two</svg>")
    staged.replace(path)  # as most editors save
    second = file_digest(path)
    path.write_bytes(b"<svg>three</svg>")  # in place
    assert len({first, second, file_digest(path)}) == 3
    assert file_digest(path) == hashlib.sha256(b"<svg>three</svg>").hexdigest()
