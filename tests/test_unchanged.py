"""A build with nothing to do, told from the bytes of the inputs (pipeline/unchanged.py): it loads
nothing, says what the long way says, and anything changed takes the long way."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import affiche.project
from affiche.pipeline import unchanged
from affiche.pipeline.build import build
from affiche.pipeline.manifest import MANIFEST_NAME

from scratch import copy_built, copy_inputs, keep_layouts, replace_in, run_cli

LAYOUT = "poster-tabloid"


@pytest.fixture
def settled(tmp_path, root, built) -> Path:
    """A project of one layout, built once the long way: its next build has nothing to do."""
    project = copy_inputs(root, tmp_path / "project")
    keep_layouts(project, LAYOUT)
    copy_built(built, project / "output")
    assert build(project, project / "output")  # the layouts kept differ from the shared build's: the long way
    return project


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """The projects loaded in this process from now on."""
    loaded = []
    original = affiche.project.load_project

    def counted(root):
        loaded.append(root)
        return original(root)

    monkeypatch.setattr(affiche.project, "load_project", counted)
    return loaded


def forget_the_record(project: Path) -> None:
    manifest = project / "output" / MANIFEST_NAME
    recorded = json.loads(manifest.read_text("utf-8"))
    del recorded["unchanged_builds"]
    manifest.write_text(json.dumps(recorded), "utf-8")


def test_a_build_with_nothing_to_do_loads_nothing_and_says_what_the_long_way_says(settled, loads):
    quick = run_cli(settled, "build")
    kept = build(settled, settled / "output")
    assert loads == [] and kept and not any(output.rebuilt for output in kept)
    forget_the_record(settled)
    long = run_cli(settled, "build")
    assert (quick.returncode, quick.stderr) == (long.returncode, long.stderr) == (0, "")
    assert strip_time(quick.stdout) == strip_time(long.stdout)
    assert strip_time(quick.stdout).splitlines()[-1] == "0 files built, 8 unchanged, in _ s"


def strip_time(text: str) -> str:
    return "\n".join(line.rsplit(" in ", 1)[0] + " in _ s" if " unchanged, in " in line else line
                     for line in text.splitlines())


@pytest.mark.parametrize("change", ["a comment in the content", "a new picture", "another request",
                                    "a file added to the output folder", "the build date's setting"])
def test_anything_changed_takes_the_long_way_which_records_again(settled, loads, monkeypatch, change):
    asked = {"languages": ["fr"]} if change == "another request" else {}
    if change == "a comment in the content":
        content = settled / "data" / "handout.yaml"
        content.write_text("# a note for the translators\n" + content.read_text("utf-8"), "utf-8")
    elif change == "a new picture":
        (settled / "svg" / "spare.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    elif change == "a file added to the output folder":
        (settled / "output" / "notes.txt").write_text("the printer's quote")
    elif change == "the build date's setting":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = build(settled, settled / "output", **asked)
    assert loads == [settled]
    if change not in ("a new picture", "the build date's setting"):  # the one drawn from, the other in every PDF
        assert outputs and not any(output.rebuilt for output in outputs)
    build(settled, settled / "output", **asked)
    assert loads == [settled]  # recorded by the long way: the next build is quick again


def test_an_output_changed_by_hand_is_rebuilt_not_kept(settled, loads):
    pdf = settled / "output" / f"{LAYOUT}-fr.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    rebuilt = [output.path.name for output in build(settled, settled / "output") if output.rebuilt]
    assert loads == [settled] and sorted(rebuilt) == sorted(f"{LAYOUT}-fr{end}" for end in (".svg", ".pdf", ".png", "-print.pdf"))


def test_the_warnings_of_the_long_way_are_given_again(settled):
    replace_in(settled / "data" / "handout.yaml", "dirige les efforts canadiens", "mène les efforts canadiens")
    assert run_cli(settled, "build").returncode == 0  # the French poster set again
    quick = run_cli(settled, "build")
    forget_the_record(settled)
    long = run_cli(settled, "build")
    assert "changed since this English was accepted" in quick.stderr
    assert quick.stderr == long.stderr and strip_time(quick.stdout) == strip_time(long.stdout)


def test_the_digest_reads_a_link_not_what_it_points_to_and_stops_at_its_bounds(tmp_path, monkeypatch):
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's file")
    (tmp_path / "svg").mkdir()
    os.symlink(outside, tmp_path / "svg" / "link.svg")
    before = unchanged.input_digest(tmp_path, ["svg"])
    outside.write_text("changed")
    assert unchanged.input_digest(tmp_path, ["svg"]) == before
    (tmp_path / "svg" / "link.svg").unlink()
    os.symlink(tmp_path / "elsewhere.txt", tmp_path / "svg" / "link.svg")
    assert unchanged.input_digest(tmp_path, ["svg"]) != before
    (tmp_path / "svg" / "picture.svg").write_text("<svg/>")
    monkeypatch.setattr(unchanged, "MAX_FILES", 1)
    assert unchanged.input_digest(tmp_path, ["svg"]) is None


def test_a_file_it_cannot_read_takes_the_long_way(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "handout.yaml").write_text("title: x")
    assert unchanged.input_digest(tmp_path, ["data"]) is not None

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refused)  # as for a file of another user's, which root reads anyway
    assert unchanged.input_digest(tmp_path, ["data"]) is None
