"""Running render.py the way staff do, against a scratch copy of the project."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """render.py as staff run it, against a scratch project. A build renders in one process unless
    the test asks for workers (the tests of parallel builds give --jobs): the few files most tests
    build are not worth two more processes loading the renderers, on cores the other tests use."""
    if args[:1] == ("build",) and "--jobs" not in args:
        args = (*args, "--jobs", "1")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "--root", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def start_cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """render.py started as from a terminal, in a process group of its own (so that os.killpg can
    send it a Ctrl-C), its output and errors piped as text; `env` adds to its environment."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, str(ROOT / "render.py"), "--root", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path in the folder, with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def is_hidden(name: str) -> bool:
    """A file readers of the folder do not see, as the manifest and write.py's temporaries."""
    return any(part.startswith(".") for part in Path(name).parts)


def readers_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not is_hidden(name)}


def neither_old_nor_new(now: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The files a reader sees now that are neither as they were in `old` nor as they are in `new`
    (a file missing being one of the two states): half-written, or not made by either build."""
    now, old, new = readers_files(now), readers_files(old), readers_files(new)
    return sorted(name for name in now.keys() | old.keys() | new.keys()
                  if now.get(name) not in (old.get(name), new.get(name)))


def replace_in(path: Path, old: str, new: str) -> str:
    """Edit a scratch file: `old` must occur exactly once. Returns the text before the edit."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of a file that holds needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def keep_layouts(project: Path, *names: str) -> None:
    """Leave only these layouts in a scratch project, so that a check or build of it is quick."""
    for layout in (project / "layouts").glob("*.yaml"):
        if layout.stem not in names:
            layout.unlink()


def blank_pdf(path: Path) -> Path:
    """A one-page PDF with nothing on it, which every output check passes: something for
    `render.py check` to inspect when a test is about the inputs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path


def rows(stdout: str, check_name: str) -> list[str]:
    """Each finding of one check as 'where | message | fix', from the table's row and indented lines."""
    lines = stdout.splitlines()
    found = []
    for index, line in enumerate(lines):
        fields = line.split(maxsplit=2)
        if len(fields) == 3 and fields[0] in ("error", "warning") and fields[1] == check_name:
            message, fix = lines[index + 1].strip(), lines[index + 2].strip()
            found.append(f"{fields[0]} {fields[2]} | {message} | {fix}")
    return found


def copy_inputs(project: Path, into: Path) -> Path:
    """A copy of a project's input folders (affiche's own list of them), for a test to edit or break."""
    from affiche.folders import INPUT_FOLDERS

    for folder in INPUT_FOLDERS:
        if (project / folder).is_dir():
            shutil.copytree(project / folder, into / folder)
    return into


def built_folder(built: dict[str, Path]) -> Path:
    """The folder the shared build (conftest.py's `built`) wrote its outputs, record and page into."""
    return next(iter(built.values())).parent


def copy_built(built: dict[str, Path], into: Path) -> Path:
    """A copy of the shared build's output folder, its record included: in a copy of the project's
    inputs, its outputs are up to date (the record names the project's files by their paths in it)."""
    shutil.copytree(built_folder(built), into)
    return into
