"""The output folder: affiche writes, overwrites and deletes only files it made.

--output may name a folder of someone's own, and anyone may keep a file in output/. So before
its first write a build checks every path it may write, the outputs' and the download page's
alike, and stops with one line, having written nothing, when:
 - the output folder is a file, or inside one;
 - a file is to go where a folder is (output/handout-a4-fr.pdf a folder), or into a folder that
   is a file (output/thumbnails a file);
 - a file at one of those paths is not affiche's: the manifest records neither an output nor a
   download page file of that name, and it does not already hold the very bytes affiche would
   write there (a font's licence, when the project folder itself is the output), which the
   build then leaves alone.
A file affiche recorded and someone then edited by hand is still affiche's: it is written again,
as any changed output always was (manifest.py). Of the stale thumbnails, only those the manifest
records are deleted: thumbnails/holiday.png is someone's. Once the guard passed, a file that
cannot be written is still one line (write.py), naming it.

Folders built before the download page's files were recorded (manifest format 1 or 2), or
whose manifest cannot be read: the manifest shows that affiche built into the folder, and every
build of it wrote the pages, fonts and licences at these very paths, so the files at the paths
a build writes are taken for affiche's, as that earlier affiche took them. The pages hold no
mark of their own to recognise them by, and refusing would stop every project built before this
change until its owner cleared output/ by hand. A stale thumbnail, which is deleted rather than
written and whose name anyone may give a picture, must prove itself: affiche writes the text
chunk 'affiche-source' into every thumbnail it draws. The first download page published
records every file of the page, and from then on only the record counts; unless the folder
still holds files named like outputs that no edition's record names (a format 1 or damaged
manifest lost them): a record then would make strangers of them, so the folder keeps the
earlier terms until they are built again, or deleted as the page's warning asks.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import AfficheError
from ..load.reader import relative_name
from ..model.outputs import EXTENSIONS, OutputName
from ..outputs.download_page.publish import drawn_by_affiche, font_files, site_names
from ..outputs.edition import Edition
from ..pdf.variant import variants
from ..project import Project
from .manifest import MANIFEST_NAME, Manifest
from .write import ELSEWHERE, NotWritten

MOVE_IT = f"move it away, or {ELSEWHERE}"


def guard_output_folder(project: Project, output_dir: Path, manifest: Manifest, editions: list[Edition]) -> None:
    """Refuse, before anything is written, a folder where building these editions, and then the
    download page, would write over or into what is not affiche's."""
    check_folder(output_dir, project.root)
    outputs = [name for edition in editions for name in possible_names(edition)]
    pdfs = {name.removesuffix(".pdf") for name in outputs + [str(file.name) for file in manifest.all_files()]
            if name.endswith(".pdf")}
    names = outputs + site_names(project.page_words, sorted(pdfs))
    check_places(output_dir, [MANIFEST_NAME, *names], project.root)
    refuse_foreign(output_dir, unrecorded(output_dir, manifest, names),
                   lambda: font_files(project.root, output_dir, project.page_words), project.root)
    check_writable(output_dir, project.root)


def site_files_to_write(root: Path, output_dir: Path, manifest: Manifest, files: dict[str, bytes]) -> dict[str, bytes]:
    """The download page's files that are affiche's to write and record. Checked again with their
    bytes: a file may have appeared while the outputs rendered, and the page is also published alone."""
    check_places(output_dir, list(files), root)
    strangers = unrecorded(output_dir, manifest, files)
    refuse_foreign(output_dir, strangers, lambda: files, root)
    return {name: data for name, data in files.items() if name not in strangers}


def deletable(output_dir: Path, manifest: Manifest, names: Iterable[str]) -> list[str]:
    """The stale thumbnails affiche may delete: those it recorded; in a folder whose manifest
    cannot tell, those it drew."""
    return [name for name in names if manifest.made(name) or (
        not manifest.accounts_for_its_files and drawn_by_affiche(output_dir / name))]


def record_site_files(output_dir: Path, manifest: Manifest, files: dict[str, bytes]) -> None:
    """Record the page's files as affiche's, once the folder holds no output the record would make
    a stranger of (see the module's docstring)."""
    if manifest.accounts_for_its_files or not unrecorded_outputs(output_dir, manifest):
        manifest.record_site(files)


def unrecorded_outputs(output_dir: Path, manifest: Manifest) -> list[str]:
    paths = sorted(output_dir.iterdir()) if output_dir.is_dir() else []
    return [path.name for path in paths
            if path.is_file() and OutputName.parse(path.name) and not manifest.made(path.name)]


def possible_names(edition: Edition) -> list[str]:
    """Every name the edition's files may take. Its writer tells which it makes only once it has
    rendered them; a file at any such name is affiche's concern anyway, as the download page
    lists or warns about every file of output/ named like an output."""
    return [str(edition.output_name(variant, extension))
            for variant in variants(edition.layout) for extension in EXTENSIONS]


def check_folder(output_dir: Path, root: Path) -> None:
    shown = relative_name(output_dir, root)
    if output_dir.exists() and not output_dir.is_dir():
        raise AfficheError(shown, "is a file, not a folder", "give a folder with --output")
    holder = nearest_existing(output_dir)
    if not holder.is_dir():
        raise AfficheError(relative_name(holder, root), f"is a file, so it cannot hold the output folder {shown}",
                           "give a folder with --output")


def check_writable(output_dir: Path, root: Path) -> None:
    """A read-only disk, or a folder the system refuses even to root, is told before the outputs
    render rather than after: a folder is made and removed again where the output folder is, or
    where it is to be created."""
    existing = nearest_existing(output_dir)
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".affiche-probe.", dir=existing))
    except OSError as error:
        if existing == output_dir:
            raise NotWritten(output_dir, error, "written to", "it").seen_from(root) from None
        raise NotWritten(output_dir, error, "created").seen_from(root) from None


def nearest_existing(output_dir: Path) -> Path:
    """The output folder, or the folder it is to be created in: --output may not exist yet."""
    return next(folder for folder in (output_dir, *output_dir.parents) if folder.exists())


def check_places(output_dir: Path, names: Iterable[str], root: Path) -> None:
    """A folder where a file goes, or a file where a folder goes, would stop the build halfway.

    output/thumbnails as a file, say, is an error before anything is written rather than a
    warning and a page without thumbnails: the file is not affiche's to move, a page with every
    picture missing would look like a fault of the PDFs, and the one thing to do fits one line."""
    for name in names:
        path = output_dir / name
        for folder in folders_between(output_dir, name):
            if folder.exists() and not folder.is_dir():
                raise AfficheError(relative_name(folder, root),
                                   f"is a file, where affiche needs a folder to hold {path.name}", MOVE_IT)
        if path.exists() and not path.is_file():
            kind = "a folder" if path.is_dir() else "not a plain file"
            raise AfficheError(relative_name(path, root), f"is {kind}, where affiche writes a file", MOVE_IT)


def folders_between(output_dir: Path, name: str) -> list[Path]:
    """The folders inside output/ that hold the file: fonts/lato/LICENSE.txt -> fonts, fonts/lato."""
    return [output_dir.joinpath(*Path(name).parts[:depth]) for depth in range(1, len(Path(name).parts))]


def unrecorded(output_dir: Path, manifest: Manifest, names: Iterable[str]) -> list[str]:
    """The files already at these paths that the manifest does not record as affiche's; none
    when the manifest cannot tell (see the module's docstring)."""
    if not manifest.accounts_for_its_files:
        return []
    return [name for name in names if (output_dir / name).is_file() and not manifest.made(name)]


def refuse_foreign(output_dir: Path, strangers: list[str], expected: Callable[[], dict[str, bytes]],
                   root: Path) -> None:
    """Refuse the files among strangers that do not already hold what affiche would write there.

    `expected` gives the bytes affiche would write at each name it knows them for; it is only
    called when there are strangers, since making the web fonts takes a moment."""
    if not strangers:
        return
    known = expected()
    foreign = sorted(name for name in strangers if known.get(name) != (output_dir / name).read_bytes())
    if len(foreign) == 1:
        raise AfficheError(relative_name(output_dir, root), f"holds {foreign[0]}, which affiche did not make",
                           MOVE_IT)
    if foreign:
        others = "1 other file" if len(foreign) == 2 else f"{len(foreign) - 1} other files"
        raise AfficheError(relative_name(output_dir, root), f"holds {foreign[0]} and {others} affiche did not make",
                           f"move them away, or {ELSEWHERE}")
