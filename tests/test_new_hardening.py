"""`render.py new` against hostile templates, names and disks: one line, exit status 2, nothing left behind.

Tests run as root, which ignores file permissions, so read-only and full disks are simulated
by making one file-system call fail with the errno a real one gives."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from affiche.cli import main
from affiche.errors import AfficheError
from affiche.names import RULE, check_name
from affiche.commands.new import scaffold
from scratch import ROOT, run_cli

SECRET = "outside-the-template-7f3a"


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The single line a refused command prints: exit status 2, no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def run_in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """render.py in this process, so that a test can make the file system fail under it."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def fails_after(real, calls: int, error_number: int):
    """`real`, which works `calls` times and then fails as a full or read-only disk makes it fail."""
    left = iter(range(calls))

    def call(*args, **kwargs):
        if next(left, None) is None:
            raise OSError(error_number, os.strerror(error_number))
        return real(*args, **kwargs)
    return call


# ---------------------------------------------------------------- 1. links out of the template

@pytest.mark.parametrize("link, to", [
    ("fonts/Extra-Regular.ttf", "secret.txt"),
    ("data/notes.yaml", "secret.txt"),
    ("layouts/shared", "."),  # a folder of someone else's files
    ("svg", "."),  # the optional folder itself
])
def test_a_link_out_of_the_template_is_refused_and_what_it_leads_to_is_not_read(project, tmp_path_factory, link, to):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text(SECRET)
    if (project / link).is_dir() and not (project / link).is_symlink():
        shutil.rmtree(project / link)  # the project's own svg/: the link takes its place
    (project / link).symlink_to(outside / to)
    into = tmp_path_factory.mktemp("into")
    result = run_cli(project, "new", "team-x", "--into", str(into))
    line = one_error_line(result)
    assert line == (f"error: {project / link}: links to {(outside / to).resolve()}, outside the project "
                    "(copy what it links to into the project, or remove the link)")
    assert SECRET not in result.stdout + result.stderr
    assert list(into.iterdir()) == []


def test_a_link_inside_the_template_is_copied_as_what_it_leads_to(project, tmp_path_factory):
    (project / "data" / "same-handout.yaml").symlink_to("handout.yaml")
    (project / "layouts" / "drafts").symlink_to("themes")
    created = scaffold(project, "team-x", tmp_path_factory.mktemp("into"), ROOT / "render.py")
    copy = created / "data" / "same-handout.yaml"
    assert not copy.is_symlink() and copy.read_bytes() == (project / "data" / "handout.yaml").read_bytes()
    drafts = created / "layouts" / "drafts"
    assert not drafts.is_symlink() and (drafts / "ircc.yaml").read_bytes() == (
        project / "layouts" / "themes" / "ircc.yaml").read_bytes()


@pytest.mark.parametrize("make, problem", [
    (lambda path: path.symlink_to("."), "a folder that holds it, so copying it would never end"),
    (lambda path: path.symlink_to("missing.yaml"), "is neither a file nor a folder"),
    (os.mkfifo, "is neither a file nor a folder"),  # reading a pipe would wait forever
])
def test_a_loop_a_broken_link_or_a_pipe_in_the_template_is_refused(project, tmp_path_factory, make, problem):
    make(project / "layouts" / "odd")
    into = tmp_path_factory.mktemp("into")
    with pytest.raises(AfficheError, match=problem) as refused:
        scaffold(project, "team-x", into, ROOT / "render.py")
    assert str(refused.value).startswith(f"{project / 'layouts' / 'odd'}: ")
    assert list(into.iterdir()) == []


# ---------------------------------------------------------------- 2. destinations that cannot be written

@pytest.mark.parametrize("into", ["a-file", "a-file/sub"])
def test_new_into_a_file_is_refused(tmp_path, into):
    (tmp_path / "a-file").write_text("ours")
    line = one_error_line(run_cli(ROOT, "new", "team-x", "--into", str(tmp_path / into)))
    assert line == f"error: {tmp_path / 'a-file'}: is a file, not a folder (give a folder with --into)"
    assert [path.name for path in tmp_path.iterdir()] == ["a-file"]
    assert (tmp_path / "a-file").read_text() == "ours"


def test_a_300_character_name_is_refused_on_one_short_line(tmp_path):
    line = one_error_line(run_cli(ROOT, "new", "n" * 300, "--into", str(tmp_path)))
    assert line == (f"error: command line: NAME: project name '{'n' * 64}'… (300 characters) "
                    f"is not a safe name ({RULE})")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("module, function, calls, error_number, fix", [
    (shutil, "copy2", 5, errno.ENOSPC, "free some space on that disk, or create it elsewhere with --into"),
    (Path, "write_text", 0, errno.ENOSPC, "free some space on that disk, or create it elsewhere with --into"),
    (tempfile, "mkdtemp", 0, errno.EROFS, "create it elsewhere with --into"),
    (shutil, "copy2", 0, errno.EROFS, "create it elsewhere with --into"),
], ids=["disk-full-mid-copy", "disk-full-at-readme", "read-only-folder", "read-only-files"])
def test_a_full_or_read_only_disk_is_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch,
                                                                module, function, calls, error_number, fix):
    into = tmp_path / "new" / "deeper"  # folders `new` makes for the project go too
    monkeypatch.setattr(module, function, fails_after(getattr(module, function), calls, error_number))
    line = one_error_line(run_in_process(capsys, "--root", str(ROOT), "new", "team-x", "--into", str(into)))
    reason = os.strerror(error_number)
    assert line == f"error: {into / 'team-x'}: cannot be created: {reason[0].lower()}{reason[1:]} ({fix})"
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_template_file_is_named_rather_than_the_new_folder(tmp_path, monkeypatch):
    real_copy = shutil.copy2

    def copy(source, destination):
        if Path(source).name == "handout.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(source))
        return real_copy(source, destination)
    monkeypatch.setattr(shutil, "copy2", copy)
    with pytest.raises(AfficheError) as refused:
        scaffold(ROOT, "team-x", tmp_path, ROOT / "render.py")
    assert str(refused.value) == (f"{ROOT / 'data' / 'handout.yaml'}: cannot be read: permission denied "
                                  "(make it readable, or remove it from the template)")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 3. one rule for names

def test_a_name_with_a_newline_is_refused_on_one_line(tmp_path):
    line = one_error_line(run_cli(ROOT, "new", "bad\nname", "--into", str(tmp_path)))
    assert line == f"error: command line: NAME: project name 'bad\\nname' is not a safe name ({RULE})"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["bad\nname", "tab\there", "esc\x1b[31m", "nul\x00", "a/b", "a\\b", "evil:x",
                                  ".hidden", "..", "-rf", " padded", "padded ", "équipe", "x" * 65, ""])
def test_an_unsafe_project_name_is_refused(tmp_path, name):
    with pytest.raises(AfficheError) as refused:
        scaffold(ROOT, name, tmp_path, ROOT / "render.py")
    message = str(refused.value)
    assert message.startswith("command line: NAME: project name ") and "is not a safe name" in message
    assert message.isprintable()  # no control character reaches the terminal
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["handout-2025", "team_x", "v1.2", "A", "_draft", "x" * 64])
def test_a_safe_name_is_accepted(name):
    assert check_name(name, "project name", "command line") == name


def test_a_layout_name_with_a_newline_is_refused_on_one_line(project):
    line = one_error_line(run_cli(project, "build", "--layout", "bad\nname"))
    assert "'bad\\nname' is not a safe name" in line
    assert not (project / "output").exists()


def test_a_layout_file_with_an_unsafe_name_is_refused_by_a_full_build(project):
    # Its name is refused before it is read, so a layout that would fail later keeps the test quick.
    (project / "layouts" / "evil:x.yaml").write_text("document: handout\n", encoding="utf-8")
    line = one_error_line(run_cli(project, "build"))
    assert "'evil:x' is not a safe name" in line
    assert not (project / "output").exists()
