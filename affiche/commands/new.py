"""`render.py new NAME`: a new project folder, copied from the current project as a template.

The copy takes the content and map (data/), the layouts and their themes (layouts/),
and the fonts with their licence files (fonts/, and svg/ when there is one). Fonts are
copied rather than referenced: a theme may only name files inside its own project's
fonts/, and the Open Font License asks that the licence travel with the fonts.
The new project starts with every translation accepted (data/translations.lock records
each unit's source text as copied), so that it reports only what its team changes.
The folder is assembled under a temporary name beside its destination and renamed
into place when complete, so a failed copy leaves nothing half made. Nothing outside the
template is read: a link that leads out of it, or anything but a file or folder, is refused.
"""
from __future__ import annotations

import errno
import os
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from fnmatch import fnmatch
from pathlib import Path

from ..errors import AfficheError, Location
from ..names import check_name
from ..translation.accept import accept

REQUIRED_FOLDERS = ("data", "layouts", "fonts")
OPTIONAL_FOLDERS = ("svg",)
# Editor backups, caches and the writer's temporary files are not part of a template.
NOT_COPIED = (".*", "*~", "__pycache__", "*.pyc")

README = """\
# {name}

The bilingual handouts and posters of {name}, built by affiche from the YAML files here.
This folder started as a copy of `{template}`.

| folder | what it holds |
| --- | --- |
| `data/` | every word in French and English (`handout.yaml`), the places the map marks (`map.yaml`), the world map data, and what each translation was made from (`translations.lock`) |
| `layouts/` | one file per output format; `layouts/themes/` has the colours and fonts |
| `fonts/` | the font files the themes name, each with its licence |
| `output/` | what the build makes (not worth keeping in version control) |

Commands, from this folder, with the affiche this project came from:

```sh
python3 {render} --root . build     # every layout in every language, into output/
python3 {render} --root . watch     # rebuild after every saved edit
python3 {render} --root . serve     # the same, with output/ at http://127.0.0.1:8000/
```

The README beside `render.py` explains the content, map and layout files in full.
"""


def scaffold(template: Path, name: str, into: Path, render_script: Path) -> Path:
    """Create into/name from the template project; returns the new folder."""
    check_name(name, "project name", Location("command line", key_path="NAME"))
    template = template.resolve()  # its links are judged by where they really lead
    check_template(template)
    target = (into / name).resolve()
    copied = [folder for folder in REQUIRED_FOLDERS + OPTIONAL_FOLDERS if (template / folder).is_dir()]
    try:
        check_destination(target, template, copied)
        with assembled(target) as staging:
            for folder in copied:
                copy_entry(template / folder, staging / folder, template)
            (staging / "README.md").write_text(
                README.format(name=name, template=template, render=shlex.quote(str(render_script))),
                encoding="utf-8")
            (staging / ".gitignore").write_text("output/\n", encoding="utf-8")
            accept(staging, [])
    except OSError as error:
        raise not_created(error, target) from None
    return target


def check_destination(target: Path, template: Path, copied: list[str]) -> None:
    """Refuse a destination that holds someone's files, sits in a file, or would be copied into itself."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AfficheError(Location(str(target)), "already exists and is not empty",
                           "choose another NAME or --into folder, or empty it first")
    nearest = next(folder for folder in target.parents if folder.exists())  # --into may not exist yet
    if not nearest.is_dir():
        raise AfficheError(Location(str(nearest)), "is a file, not a folder", "give a folder with --into")
    for folder in copied:
        if (template / folder).resolve() in [target, *target.parents]:
            raise AfficheError(Location(str(target)), f"is inside the template's {folder}/ folder",
                               "create the project somewhere else with --into")


@contextmanager
def assembled(target: Path) -> Iterator[Path]:
    """An empty folder beside target, renamed to target when the block completes.

    On any failure it is removed, and so are the folders made to hold it: a failed copy
    leaves nothing half made."""
    made = [folder for folder in target.parents if not folder.exists()]  # deepest first
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            yield staging
            staging.chmod(0o755)  # mkdtemp makes it private; a project folder is shared like any other
            staging.replace(target)  # an empty folder at target is replaced; a non-empty one was refused
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except BaseException:
        for folder in made:
            with suppress(OSError):
                folder.rmdir()
        raise


def copy_entry(source: Path, destination: Path, template: Path) -> None:
    """Copy a file or folder of the template, following the links that stay inside it.

    Unlike shutil.copytree, each entry is checked before it is read, and the first failure
    stops the copy with its own errno, rather than a list of every file that failed after it."""
    refuse_foreign(source, template)
    if source.is_dir():
        destination.mkdir()
        with reading(source):
            entries = sorted(source.iterdir())
        for entry in entries:
            if not any(fnmatch(entry.name, pattern) for pattern in NOT_COPIED):
                copy_entry(entry, destination / entry.name, template)
        shutil.copystat(source, destination)
    else:
        with reading(source):
            shutil.copy2(source, destination)


def refuse_foreign(path: Path, template: Path) -> None:
    """Refuse anything that would copy something other than the template's own files and folders.

    A link out of the project is refused rather than skipped with a warning: the new project
    would lack a font or data file that its layouts name, and fail later, far from the cause."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(template):
            raise AfficheError(Location(str(path)), f"links to {target}, outside the project",
                               "copy what it links to into the project, or remove the link")
        if target in {Path(os.path.realpath(folder)) for folder in path.parents}:
            raise AfficheError(Location(str(path)), f"links to {target}, a folder that holds it, "
                               "so copying it would never end", "remove the link")
    if not (path.is_file() or path.is_dir()):
        raise AfficheError(Location(str(path)), "is neither a file nor a folder",
                           "remove it from the template, or repair the link")


@contextmanager
def reading(source: Path) -> Iterator[None]:
    """Name the template's file, not the new folder, when it is the file that cannot be read."""
    try:
        yield
    except OSError as error:
        if str(error.filename) != str(source):
            raise
        raise AfficheError(Location(str(source)), f"cannot be read: {reason(error)}",
                           "make it readable, or remove it from the template") from None


def not_created(error: OSError, target: Path) -> AfficheError:
    full = error.errno in (errno.ENOSPC, errno.EDQUOT)
    return AfficheError(Location(str(target)), f"cannot be created: {reason(error)}",
                        "free some space on that disk, or create it elsewhere with --into" if full
                        else "create it elsewhere with --into")


def reason(error: OSError) -> str:
    """The system's own words, lower-cased to end a sentence: "no space left on device"."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def check_template(template: Path) -> None:
    for folder in REQUIRED_FOLDERS:
        if not (template / folder).is_dir():
            raise AfficheError(Location(str(template)), f"has no {folder}/ folder to copy",
                               "run 'new' from an affiche project, or point --root at one")


def next_commands(target: Path, render_script: Path) -> list[str]:
    """The commands to run next, with paths as short as they can be from here."""
    project, render = (shlex.quote(shown_from_here(path)) for path in (target, render_script))
    return [f"python3 {render} --root {project} build",
            f"python3 {render} --root {project} watch",
            f"python3 {render} --root {project} serve"]


def shown_from_here(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run(template: Path, name: str, into: Path, render_script: Path) -> int:
    created = scaffold(template, name, into, render_script)
    print(f"created {created} from {template}\nnext:")
    print("\n".join(f"  {command}" for command in next_commands(created, render_script)))
    return 0
