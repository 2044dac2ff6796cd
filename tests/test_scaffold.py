"""`render.py new NAME`: a new project that builds straight away, and the cases it refuses."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from affiche.errors import AfficheError
from affiche.commands.new import scaffold
from pdfread import embedded_fonts
from scratch import ROOT, run_cli


def run_new(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`render.py new` from the real project, as staff run it (no --root: the project is the template)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "new", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_a_new_project_has_the_inputs_fonts_and_licences_and_builds(tmp_path):
    result = run_new("team-x", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "team-x"
    assert result.stdout.splitlines() == [
        f"created {created} from {ROOT}",
        "next:",
        f"  python3 {ROOT / 'render.py'} --root team-x build",
        f"  python3 {ROOT / 'render.py'} --root team-x watch",
        f"  python3 {ROOT / 'render.py'} --root team-x serve",
    ]
    for folder in ("data", "layouts", "layouts/themes", "fonts"):
        copied = sorted(path.relative_to(created / folder) for path in (created / folder).rglob("*")
                        if not path.name.startswith("."))
        original = sorted(path.relative_to(ROOT / folder) for path in (ROOT / folder).rglob("*")
                          if not path.name.startswith(".") and "__pycache__" not in path.parts)
        assert copied == original, folder
    assert (created / "fonts" / "lato" / "LICENSE.txt").read_bytes() == (ROOT / "fonts/lato/LICENSE.txt").read_bytes()
    assert (created / "data" / "handout.yaml").read_bytes() == (ROOT / "data" / "handout.yaml").read_bytes()
    readme = (created / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# team-x\n") and f"python3 {ROOT / 'render.py'} --root . watch" in readme
    assert not (created / "output").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["team-x"]  # no staging folder left behind

    build = run_cli(created, "build", "--layout", "handout-a4", "--lang", "fr")
    assert build.returncode == 0, build.stderr
    pdf = created / "output" / "handout-a4-fr.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    fonts = " ".join(embedded_fonts(pdf))
    assert "+Noto-Sans" in fonts and "+Lato" in fonts


def test_an_existing_folder_that_is_not_empty_is_left_alone(tmp_path):
    (tmp_path / "team-x").mkdir()
    (tmp_path / "team-x" / "notes.txt").write_text("ours")
    result = run_new("team-x", "--into", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"error: {tmp_path / 'team-x'}: already exists and is not empty "
                             "(choose another NAME or --into folder, or empty it first)\n")
    assert [path.name for path in (tmp_path / "team-x").iterdir()] == ["notes.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["team-x"]


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "team-x").mkdir()
    created = scaffold(ROOT, "team-x", tmp_path, ROOT / "render.py")
    assert created == tmp_path / "team-x"
    assert (created / "layouts" / "themes" / "ircc.yaml").is_file()
    assert oct(created.stat().st_mode & 0o777) == "0o755"


@pytest.mark.parametrize("name", ["", ".", "..", "../escape", "a/b", ".hidden"])
def test_a_name_must_be_a_plain_folder_name(tmp_path, name):
    with pytest.raises(AfficheError, match="is not a safe name"):
        scaffold(ROOT, name, tmp_path, ROOT / "render.py")
    assert list(tmp_path.iterdir()) == []


def test_the_template_must_be_a_project(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(AfficheError, match="has no data/ folder to copy"):
        scaffold(tmp_path / "empty", "team-x", tmp_path, ROOT / "render.py")
    assert not (tmp_path / "team-x").exists()


def test_a_project_is_not_created_inside_what_it_copies(project):
    with pytest.raises(AfficheError, match="is inside the template's layouts/ folder"):
        scaffold(project, "team-x", project / "layouts" / "drafts", ROOT / "render.py")
    assert not (project / "layouts" / "drafts").exists()
