"""`render.py check` with nothing to inspect: no output folder, a file given as the folder, or a
folder with no PDF is one error line and exit status 2, before any check runs, rather than a
check that passes having read no PDF."""
from __future__ import annotations

from pathlib import Path

from scratch import blank_pdf, run_cli

GIVE_THE_FOLDER = "give the folder the build wrote to with --output, or run 'render.py build' first"


def assert_refused(project: Path, line: str, *args: str) -> None:
    result = run_cli(project, "check", *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"error: {line}\n"), result.stderr


def test_an_output_folder_that_does_not_exist(project):
    assert_refused(project, f"/nonexistent: no such folder: there are no PDFs to check ({GIVE_THE_FOLDER})",
                   "--output", "/nonexistent")


def test_a_project_never_built(project):
    assert_refused(project, f"output: no such folder: there are no PDFs to check ({GIVE_THE_FOLDER})")


def test_a_file_given_as_the_output_folder(project):
    blank_pdf(project / "output" / "blank.pdf")
    assert_refused(project, f"output/blank.pdf: not a folder: --output takes the folder of the PDFs to check "
                            f"({GIVE_THE_FOLDER})", "--output", str(project / "output" / "blank.pdf"))


def test_a_folder_with_no_pdf(project):
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert_refused(project, "output: no PDF in this folder to check (run 'render.py build' first, or give the "
                            "folder the build wrote to with --output)")
