"""The output folder (issue #10): affiche writes, overwrites and deletes only files it made, and a
folder it cannot write in is one line that names it and says what to do, exit status 2.

A refused build leaves every earlier file as it was, dates included, and no temporary behind.
One small build (handout-a4 in French: two PDFs and the download page) is made once; each test
works on a copy of it. File-system faults that root would not meet are injected in-process.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from affiche.cli import main
from affiche.errors import AfficheError
from affiche.pipeline.build import build
from affiche.pipeline.manifest import FORMAT, MANIFEST_NAME

from scratch import copy_inputs, replace_in, run_cli

BUILD = ("build", "--layout", "handout-a4", "--lang", "fr")
ELSEWHERE = "build into another folder with --output"
MOVE_IT = f"move it away, or {ELSEWHERE}"
SITE = ["fonts/lato/LICENSE.txt", "fonts/lato/Lato-Bold.woff", "fonts/noto-sans/LICENSE.txt",
        "fonts/noto-sans/NotoSans-Regular.woff", "index-en.html", "index.html",
        "thumbnails/handout-a4-fr-print.png", "thumbnails/handout-a4-fr.png"]


@pytest.fixture(scope="module")
def earlier(tmp_path_factory, root) -> Path:
    """A project whose output/ holds a build of handout-a4 in French; copied by the tests, never changed."""
    project = tmp_path_factory.mktemp("earlier")
    copy_inputs(root, project)
    build(project, project / "output", ["handout-a4"], ["fr"])
    return project


@pytest.fixture
def previous(earlier, tmp_path) -> Path:
    """A copy of the built project, dates kept, so that its outputs count as up to date."""
    return shutil.copytree(earlier, tmp_path / "project")


def snapshot(folder: Path) -> dict[str, object]:
    """Every file under the folder with its bytes and date, and every folder."""
    if not folder.exists():
        return {}
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file()
            else "folder" for path in sorted(folder.rglob("*"))}


def the_error(stderr: str) -> str:
    """The one line that is not a warning (the project's map gives one); there must be exactly one."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def assert_refused(project: Path, line: str, *args: str, folder: Path | None = None) -> None:
    """A build that stops with this one error line and leaves the folder exactly as it was."""
    folder = folder or project / "output"
    before = snapshot(folder)
    result = run_cli(project, *BUILD, *args)
    assert result.returncode == 2, result.stderr
    assert the_error(result.stderr) == f"error: {line}"
    assert snapshot(folder) == before


def build_in_process(project: Path, capsys) -> tuple[int, str]:
    """render.py build, in this process, so that a test can fake a fault of the file system."""
    capsys.readouterr()
    status = main(["--root", str(project), *BUILD])
    return status, capsys.readouterr().err


def change_the_french_text(project: Path) -> None:
    """An edit, so that a rebuild has both French PDFs to write."""
    replace_in(project / "data" / "handout.yaml", "Pour favoriser la coopération", "Afin de favoriser la coopération")


# ---------------------------------------------------------------- only files affiche made (4)

def test_a_folder_of_someone_elses_is_refused_and_left_as_it_was(project):
    site = project / "site"
    (site / "thumbnails").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Our holiday</h1>", encoding="utf-8")
    Image.new("RGB", (4, 4), "blue").save(site / "thumbnails" / "holiday.png")
    assert_refused(project, f"site: holds index.html, which affiche did not make ({MOVE_IT})",
                   "--output", str(site), folder=site)


def test_a_file_of_someone_elses_beside_the_outputs_is_neither_deleted_nor_listed(project):
    site = project / "site"
    (site / "thumbnails").mkdir(parents=True)
    Image.new("RGB", (4, 4), "blue").save(site / "thumbnails" / "holiday.png")
    holiday = (site / "thumbnails" / "holiday.png").read_bytes()
    result = run_cli(project, *BUILD, "--output", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "thumbnails" / "holiday.png").read_bytes() == holiday
    assert "holiday" not in (site / "index.html").read_text(encoding="utf-8")
    recorded = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(recorded["site"]) == SITE


def test_outputs_the_manifest_does_not_record_are_not_overwritten(previous):
    """Without its manifest, nothing in the folder can be told for affiche's; the fonts and licences,
    which hold the very bytes affiche would write, are no one's concern and not counted."""
    (previous / "output" / MANIFEST_NAME).unlink()
    assert_refused(previous, "output: holds handout-a4-fr-print.pdf and 5 other files affiche did not make "
                             f"(move them away, or {ELSEWHERE})")


def test_a_page_affiche_made_and_someone_edited_is_written_again(previous, earlier):
    page = previous / "output" / "index.html"
    page.write_text("<p>edited by hand</p>", encoding="utf-8")
    result = run_cli(previous, *BUILD)
    assert result.returncode == 0, result.stderr
    assert page.read_bytes() == (earlier / "output" / "index.html").read_bytes()


def test_a_folder_built_before_the_site_record_is_affiches_own(project):
    """An output/ from before this change: its manifest has format 2 and no site record. The build
    keeps its outputs, deletes the stale thumbnail affiche drew, keeps the picture it did not draw.
    (Built here rather than copied: the inputs' digest holds their paths, so a copy rebuilds.)"""
    output = project / "output"
    build(project, output, ["handout-a4"], ["fr"])
    recorded = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
    (output / MANIFEST_NAME).write_text(json.dumps({"format": 2, "jobs": recorded["jobs"]}, indent=1,
                                                   sort_keys=True), encoding="utf-8")
    shutil.copyfile(output / "thumbnails" / "handout-a4-fr.png", output / "thumbnails" / "old-layout-fr.png")
    Image.new("RGB", (4, 4), "blue").save(output / "thumbnails" / "holiday.png")
    page = (output / "index.html").read_bytes()
    result = run_cli(project, *BUILD, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 files built, 2 unchanged"), result.stdout
    assert sorted(path.name for path in (output / "thumbnails").iterdir()) == [
        "handout-a4-fr-print.png", "handout-a4-fr.png", "holiday.png"]
    assert (output / "index.html").read_bytes() == page
    upgraded = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert upgraded["format"] == FORMAT and sorted(upgraded["site"]) == SITE
    assert upgraded["jobs"] == recorded["jobs"]


def test_a_file_that_appears_while_the_outputs_render_is_not_overwritten(previous, monkeypatch):
    """The page's files are checked again, with their bytes, just before they are written."""
    output = previous / "output"
    stranger = output / "thumbnails" / "handout-a4-en.png"
    page = (output / "index.html").read_bytes()

    def drop_a_stranger(files: int) -> None:  # called once the folder was checked, before rendering
        stranger.write_bytes(b"someone's picture")

    with pytest.raises(AfficheError) as error:
        build(previous, output, ["handout-a4"], ["en"], started=drop_a_stranger)
    assert str(error.value) == f"output: holds thumbnails/handout-a4-en.png, which affiche did not make ({MOVE_IT})"
    assert stranger.read_bytes() == b"someone's picture" and (output / "index.html").read_bytes() == page


# ---------------------------------------------------------------- file-system faults (8)

def refusing_os_open(monkeypatch, folder: Path, fault: int) -> None:
    """os.open creates nothing in the folder, as on a read-only disk, whatever root may do."""
    real = os.open

    def refusing(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).resolve().is_relative_to(folder):
            raise OSError(fault, os.strerror(fault), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


def refusing_mkstemp(monkeypatch, folder: Path, fault: int) -> None:
    """tempfile.mkstemp makes no temporary in the folder; its error names the temporary, as the system's does."""
    real = tempfile.mkstemp

    def refusing(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).resolve().is_relative_to(folder):
            raise OSError(fault, os.strerror(fault), os.path.join(dir, ".handout-a4-fr.pdf.x1y2.tmp"))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refusing)


@pytest.mark.parametrize("refuse, fault, fix", [
    (refusing_os_open, errno.EROFS, f"that disk is read-only: {ELSEWHERE}"),
    (refusing_mkstemp, errno.EACCES, f"make the folder that holds it writable, or {ELSEWHERE}"),
])
def test_a_folder_that_refuses_new_files_names_the_output_not_its_temporary(previous, capsys, monkeypatch,
                                                                            refuse, fault, fix):
    change_the_french_text(previous)
    output = (previous / "output").resolve()
    before = snapshot(output)
    refuse(monkeypatch, output, fault)
    status, stderr = build_in_process(previous, capsys)
    assert status == 2
    assert the_error(stderr) == f"error: output/handout-a4-fr.pdf: cannot be written: " \
                                f"{os.strerror(fault).lower()} ({fix})"
    assert snapshot(output) == before


def test_a_folder_the_system_refuses_even_to_root(project):
    """/sys takes no new folder, whoever asks: the real thing, no fault faked."""
    target = Path("/sys/affiche-output")
    try:
        os.rmdir(tempfile.mkdtemp(dir="/sys"))
    except OSError:
        pass
    else:
        pytest.skip("this system lets /sys take a new folder")
    result = run_cli(project, *BUILD, "--output", str(target))
    assert result.returncode == 2, result.stderr
    assert re.fullmatch(rf"error: {target}: cannot be created: (operation not permitted|permission denied) "
                        rf"\(make the folder that holds it writable, or {ELSEWHERE}\)", the_error(result.stderr))
    assert not target.exists() and not (project / "output").exists()


@pytest.mark.parametrize("output, line", [
    ("output/handout-a4-fr.pdf", "output/handout-a4-fr.pdf: is a file, not a folder (give a folder with --output)"),
    ("output/handout-a4-fr.pdf/more", "output/handout-a4-fr.pdf: is a file, so it cannot hold the output folder "
                                      "output/handout-a4-fr.pdf/more (give a folder with --output)"),
])
def test_an_output_folder_that_is_a_file_or_inside_one(previous, output, line):
    assert_refused(previous, line, "--output", str(previous / output))


@pytest.mark.parametrize("failing, named", [(1, "output/handout-a4-fr.pdf"), (2, f"output/{MANIFEST_NAME}")])
def test_a_full_disk_names_the_file_and_changes_nothing(previous, capsys, monkeypatch, failing, named):
    """The disk fills up at the first file, or at the manifest after the screen PDF was written out
    to a temporary (a variant's files and their record are replaced together): either way no file
    is replaced and no temporary is left."""
    change_the_french_text(previous)
    before = snapshot(previous / "output")
    real_fsync, calls = os.fsync, []

    def fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == failing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    status, stderr = build_in_process(previous, capsys)
    assert status == 2
    assert the_error(stderr) == f"error: {named}: cannot be written: no space left on device " \
                                f"(free some space on that disk, or {ELSEWHERE})"
    assert snapshot(previous / "output") == before


def test_a_folder_where_the_manifest_goes(previous):
    manifest = previous / "output" / MANIFEST_NAME
    manifest.unlink()
    manifest.mkdir()
    assert_refused(previous, f"output/{MANIFEST_NAME}: is a folder, where affiche writes a file ({MOVE_IT})")


def test_a_folder_where_an_output_goes(previous):
    pdf = previous / "output" / "handout-a4-fr.pdf"
    pdf.unlink()
    (pdf / "notes").mkdir(parents=True)
    assert_refused(previous, f"output/handout-a4-fr.pdf: is a folder, where affiche writes a file ({MOVE_IT})")


# ---------------------------------------------------------------- output/thumbnails a file (12)

def test_a_file_where_the_thumbnails_folder_goes(previous):
    thumbnails = previous / "output" / "thumbnails"
    shutil.rmtree(thumbnails)
    thumbnails.write_text("not a folder", encoding="utf-8")
    assert_refused(previous, f"output/thumbnails: is a file, where affiche needs a folder to hold "
                             f"handout-a4-fr.png ({MOVE_IT})")
