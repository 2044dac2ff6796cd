"""Writing values back into the project's YAML files, changing nothing else.

The XLIFF import writes translations, and the translation commands write unit keys, into files
that people edit by hand: every line they do not change must stay as it was, byte for byte,
with its comments, blank lines, key order, quoting and folding. ruamel.yaml's round trip keeps
all of that (it reads the file into maps and lists that remember their comments and styles, and
writes them back the same way); a value rewritten keeps its own style, and a folded `>-` text
is folded again within the width of the one it replaces.

Two guards make that a promise rather than a hope. The file must come back from ruamel.yaml
unchanged before any edit, or it is not rewritten at all (an indentation ruamel.yaml would
normalise, say). And the new text is read by the project's own loader before anything is
written, each edited value checked to be the one meant: no edit can leave a file that a build
would refuse.
"""
from __future__ import annotations

import difflib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)

from ..errors import AfficheError, Location
from ..pipeline.write import write_atomically
from .content import CONTENT_FILE, read_content
from .files import read_project_file
from .page_words import PAGE_WORDS_FILE, read_page_words
from .places import MAP_FILE, read_map_content
from .reader import Reader
from .yamlsrc import CONTENT_BUDGET, FILE_BUDGET, MAX_YAML_BYTES, Budget, KeyPath, format_key_path, parse_yaml

# The files that hold translatable units, with the budget and the reader each is loaded with.
READERS: dict[Path, tuple[Budget, Callable[[Reader, Path], object]]] = {
    CONTENT_FILE: (CONTENT_BUDGET, lambda reader, root: read_content(reader)),
    MAP_FILE: (FILE_BUDGET, read_map_content),
    PAGE_WORDS_FILE: (FILE_BUDGET, read_page_words),
}
NEVER_REFOLD = 100_000  # the emitter's line width: no line the edit does not touch is folded anew
FOLD_WIDTH = 80  # a rewritten folded text keeps within this, or within the old text's widest line


@dataclass(frozen=True)
class Edit:
    """Set `key` of the mapping at `unit` to `value`; a key not there yet goes right after the last of
    the keys `after` that the mapping has (at its end when it has none)."""

    unit: KeyPath
    key: str
    value: str
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rewrite:
    """A file's text before and after its edits, checked by the loader; nothing written yet."""

    file: Path
    before: str
    after: str

    def diff(self) -> str:
        name = self.file.as_posix()
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True), f"a/{name}", f"b/{name}"))

    def write(self, root: Path) -> None:
        write_atomically(root / self.file, self.after.encode("utf-8"))


def rewrite(root: Path, file: Path, edits: list[Edit]) -> Rewrite:
    """The file with each edit made and every other line as it was, read back by the project's loader."""
    before = read_project_file(root / file, root, MAX_YAML_BYTES).decode("utf-8")
    yaml, document = round_trip(before, file)
    for edit in edits:
        apply(document, edit)
    after = dumped(yaml, document)
    read_back(root, file, after, edits)
    return Rewrite(file, before, after)


def round_trip(text: str, file: Path) -> tuple[YAML, object]:
    """The file as ruamel.yaml reads it, with an emitter set to write it back byte for byte."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = NEVER_REFOLD
    yaml.indent(mapping=2, sequence=4, offset=2)  # the default files' indentation, which the guard below demands
    document = yaml.load(text)
    if dumped(yaml, document) != text:
        raise AfficheError(Location(file.as_posix()), "affiche cannot rewrite this file without changing lines it "
                           "should leave alone (its indentation or spacing is not one it writes back as is)",
                           "indent mappings by 2 spaces and list items by 4 with the dash at 2, as the "
                           "default files do, then run the command again")
    return yaml, document


def dumped(yaml: YAML, document: object) -> str:
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def apply(document: object, edit: Edit) -> None:
    mapping = document
    for part in edit.unit:
        mapping = mapping[part]
    if edit.key in mapping:
        indent = mapping.lc.key(edit.key)[1] + 2  # where ruamel.yaml writes a block text under its key
        mapping[edit.key] = restyled(mapping[edit.key], edit.value, indent)
    else:
        insert(mapping, edit)


def insert(mapping: CommentedMap, edit: Edit) -> None:
    """A new key after the last of `edit.after` there; the comment or blank line that followed that
    key's value now follows the new key's, so that it stays above the line it was above."""
    keys = list(mapping)
    present = [keys.index(key) for key in edit.after if key in mapping]
    position = max(present) + 1 if present else len(keys)
    mapping.insert(position, edit.key, edit.value)
    previous = keys[position - 1] if position else None
    comments = mapping.ca.items
    if previous not in comments or comments[previous][2] is None:
        return
    following = comments[previous][2]
    if isinstance(mapping[previous], (FoldedScalarString, LiteralScalarString)):
        # A block text ends its own line, so what follows it starts on the next; the plain new
        # value's line must be ended by the comment it now carries.
        following.value = "\n" + following.value
    comments[edit.key] = [None, None, following, None]
    comments[previous][2] = None


def restyled(old: object, value: str, indent: int) -> str:
    """value in the style of the text it replaces: folded, literal, double- or single-quoted, or plain."""
    if isinstance(old, FoldedScalarString):
        new = FoldedScalarString(value)
        new.fold_pos = fold_positions(value, indent, max(FOLD_WIDTH, indent + widest_line(old)))
        return new
    for style in (LiteralScalarString, DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, style):
            return style(value)
    return value  # plain, quoted by ruamel.yaml only if the new text cannot stand plain


def widest_line(folded: FoldedScalarString) -> int:
    """The longest line of a folded text as its file has it: the stretches between its folds."""
    ends = [*getattr(folded, "fold_pos", []), len(folded)]
    starts = [0, *(end + 1 for end in ends[:-1])]
    return max(end - start for start, end in zip(starts, ends))


def fold_positions(value: str, indent: int, width: int) -> list[int]:
    """Where to fold value, greedily, so that no line passes `width` columns. Only a single space
    between two words can be a fold: YAML reads any other fold back as a line break."""
    folds, line_start = [], 0
    position = value.find(" ")
    while position >= 0:
        next_space = value.find(" ", position + 1)
        word_end = len(value) if next_space < 0 else next_space
        single = value[position - 1] != " " and value[position + 1:position + 2] not in (" ", "")
        if single and position > line_start and indent + word_end - line_start > width:
            folds.append(position)
            line_start = position + 1
        position = next_space
    return folds


def read_back(root: Path, file: Path, text: str, edits: list[Edit]) -> None:
    """Refuse text that the project's loader would refuse, or that does not hold the edits as meant."""
    budget, read = READERS[file]
    source = parse_yaml(text, file.as_posix(), budget)
    reader = Reader(source)
    read(reader, root)
    for edit in edits:
        written = reader.get(edit.unit + (edit.key,))
        if written != edit.value:
            raise AfficheError(source.at(edit.unit + (edit.key,)), f"would read back as {written!r} rather than "
                               f"what was meant for {format_key_path(edit.unit + (edit.key,))}",
                               "nothing was written; report this to affiche's developers")
