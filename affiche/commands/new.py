"""`render.py new NAME`: a new project folder, copied from the current project as a template.

The copy takes the content and map (data/), the layouts and their themes (layouts/),
and the fonts with their licence files (fonts/, and svg/ when there is one). Fonts are
copied rather than referenced: a theme may only name files inside its own project's
fonts/, and the Open Font License asks that the licence travel with the fonts.
The folder is assembled under a temporary name beside its destination and renamed
into place when complete, so a failed copy leaves nothing half made.
"""
from __future__ import annotations

import shlex
import shutil
import tempfile
from pathlib import Path

from ..errors import AfficheError, Location

REQUIRED_FOLDERS = ("data", "layouts", "fonts")
OPTIONAL_FOLDERS = ("svg",)
# Editor backups, caches and the writer's temporary files are not part of a template.
NOT_COPIED = shutil.ignore_patterns(".*", "*~", "__pycache__", "*.pyc")

README = """\
# {name}

The bilingual handouts and posters of {name}, built by affiche from the YAML files here.
This folder started as a copy of `{template}`.

| folder | what it holds |
| --- | --- |
| `data/` | every word in French and English (`handout.yaml`), the places the map marks (`map.yaml`) and the world map data |
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
    check_name(name)
    check_template(template)
    target = (into / name).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AfficheError(Location(str(target)), "already exists and is not empty",
                           "choose another NAME or --into folder, or empty it first")
    copied = [folder for folder in REQUIRED_FOLDERS + OPTIONAL_FOLDERS if (template / folder).is_dir()]
    for folder in copied:
        if (template / folder).resolve() in [target, *target.parents]:
            raise AfficheError(Location(str(target)), f"is inside the template's {folder}/ folder",
                               "create the project somewhere else with --into")
    into.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=target.parent))
    try:
        for folder in copied:
            shutil.copytree(template / folder, staging / folder, ignore=NOT_COPIED)
        (staging / "README.md").write_text(
            README.format(name=name, template=template, render=shlex.quote(str(render_script))), encoding="utf-8")
        (staging / ".gitignore").write_text("output/\n", encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp makes it private; a project folder is shared like any other
        staging.replace(target)  # an empty folder at target is replaced; a non-empty one was refused above
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def check_name(name: str) -> None:
    if not name or name in (".", "..") or "/" in name or "\\" in name or name.startswith("."):
        raise AfficheError(Location("command line", key_path="NAME"), f"'{name}' is not a folder name",
                           "give a plain name such as handout-2025, and the parent folder with --into")


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
