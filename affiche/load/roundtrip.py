"""Writing values back into the project's YAML files, changing nothing else.

The XLIFF import writes translations, the translation commands write unit keys, and the editor
writes texts and amounts and adds, removes and moves list items, into files that people edit by
hand: every line they do not change must stay as it was, byte for byte, with its comments, blank
lines, key order, quoting and folding. ruamel.yaml's round trip keeps
all of that (it reads the file into maps and lists that remember their comments and styles, and
writes them back the same way); a value rewritten keeps its own style, and a folded `>-` text
is folded again within the width of the one it replaces. A new list item is written in the style of
its neighbours (their folding, their flow mappings, the blank lines between them), and a comment
belongs to the line below it: it moves, or goes, with the item it stands above.

Two guards make that a promise rather than a hope. The file must come back from ruamel.yaml
unchanged before any edit, or it is not rewritten at all (an indentation ruamel.yaml would
normalise, say). And the new text is read by the project's own loader before anything is
written, and must read back as exactly the document meant, value for value: no edit can leave a
file that a build would refuse, or that holds anything else than what was meant.
"""
from __future__ import annotations

import datetime
import difflib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)
from ruamel.yaml.tokens import CommentToken

from ..errors import AfficheError, Location
from ..pipeline.write import write_atomically
from .content import CONTENT_FILE, read_content
from .files import read_project_file
from .page_words import PAGE_WORDS_FILE, read_page_words
from .places import MAP_FILE, read_map_content
from .reader import Reader
from .yamlsrc import (CONTENT_BUDGET, FILE_BUDGET, MAX_YAML_BYTES, Budget, KeyPath, format_key_path, parse_key_path,
                      parse_yaml)

# The files that hold translatable units, with the budget and the reader each is loaded with.
READERS: dict[Path, tuple[Budget, Callable[[Reader, Path], object]]] = {
    CONTENT_FILE: (CONTENT_BUDGET, lambda reader, root: read_content(reader)),
    MAP_FILE: (FILE_BUDGET, read_map_content),
    PAGE_WORDS_FILE: (FILE_BUDGET, read_page_words),
}
NEVER_REFOLD = 100_000  # the emitter's line width: no line the edit does not touch is folded anew
FOLD_WIDTH = 80  # a rewritten folded text keeps within this, or within the old text's widest line
BLOCK_TEXTS = (FoldedScalarString, LiteralScalarString)
CONTAINERS = (CommentedMap, CommentedSeq)


@dataclass(frozen=True)
class Edit:
    """Set `key` of the mapping at `unit` to `value`; a key not there yet goes right after the last of
    the keys `after` that the mapping has (at its end when it has none)."""

    unit: KeyPath
    key: str
    value: str | int | float
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Insert:
    """Put `item` (mappings, lists, texts and numbers) at `index` of the list at `items`, written as
    its neighbours are; a list not there yet is made, as the last key of its mapping."""

    items: KeyPath
    index: int
    item: dict


@dataclass(frozen=True)
class Remove:
    """Take out the item at `index` of the list at `items`, with the comment above it."""

    items: KeyPath
    index: int


@dataclass(frozen=True)
class Move:
    """Move the item at `index` of the list at `items` so that it stands at `to`, with the comment above it."""

    items: KeyPath
    index: int
    to: int


AnyEdit = Edit | Insert | Remove | Move


class EditRefused(AfficheError):
    """The loader's refusal of an edited file, told as it tells it, with the edit that it is about:
    `edit`, the index of the edit whose value or list holds the refused key (None if none does), and
    `within`, the refused key's path under that value or list."""

    def __init__(self, refusal: AfficheError, edit: int | None, within: KeyPath) -> None:
        super().__init__(refusal.location, refusal.problem, refusal.fix)
        self.edit = edit
        self.within = within


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


def rewrite(root: Path, file: Path, edits: list[AnyEdit]) -> Rewrite:
    """The file with each edit made and every other line as it was, read back by the project's loader."""
    before = read_project_file(root / file, root, MAX_YAML_BYTES).decode("utf-8")
    return rewritten(root, file, before, edits)


def rewritten(root: Path, file: Path, before: str, edits: list[AnyEdit]) -> Rewrite:
    """`before`, the file's text, with the edits made in their order, read back by the project's loader.

    Every path names a place in the file as it was read, whatever the edits before it moved: the
    edits are placed before the first is made. Only the indexes of list edits follow each other: a
    second edit of one list counts its items as the first left them."""
    yaml, document = round_trip(before, file)
    places = [place(document, edit) for edit in edits]
    for index, (edit, target) in enumerate(zip(edits, places)):
        try:
            places[index] = EDITORS[type(edit)](target, edit, document) or target
        except AfficheError as refusal:
            located = AfficheError(Location(file.as_posix(), key_path=key_path_of(refusal)), refusal.problem,
                                   refusal.fix)
            raise EditRefused(located, index, ()) from None
    after = dumped(yaml, document)
    read_back(root, file, after, document, places)
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


def place(document: object, edit: AnyEdit) -> CommentedMap | CommentedSeq:
    """The mapping an edit sets a key of, or the list it edits (or, for an Insert into a list not
    there yet, the mapping that will hold it)."""
    if isinstance(edit, Edit):
        return node_at(document, edit.unit)
    owner, key = node_at(document, edit.items[:-1]), edit.items[-1]
    if isinstance(edit, Insert) and isinstance(owner, CommentedMap) and key not in owner:
        return owner
    return owner[key]


def node_at(document: object, path: KeyPath) -> object:
    node = document
    for part in path:
        node = node[part]
    return node


def set_key(mapping: CommentedMap, edit: Edit, document: object) -> None:
    if edit.key in mapping:
        indent = mapping.lc.key(edit.key)[1] + 2  # where ruamel.yaml writes a block text under its key
        mapping[edit.key] = restyled(mapping[edit.key], edit.value, indent)
    else:
        insert_key(mapping, edit)


def insert_key(mapping: CommentedMap, edit: Edit) -> None:
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
    if isinstance(mapping[previous], BLOCK_TEXTS):
        # A block text ends its own line, so what follows it starts on the next; the plain new
        # value's line must be ended by the comment it now carries.
        following.value = "\n" + following.value
    comments[edit.key] = [None, None, following, None]
    comments[previous][2] = None


def restyled(old: object, value: str | int | float, indent: int) -> object:
    """value in the style of the text it replaces: folded, literal, double- or single-quoted, or plain."""
    if not isinstance(value, str):
        return value
    if isinstance(old, FoldedScalarString):
        return folded(value, indent, max(FOLD_WIDTH, indent + widest_line(old)))
    for style in (LiteralScalarString, DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, style):
            return style(value)
    return plain(value)


def plain(value: str) -> str:
    """value to be written plain, or double-quoted if the loader would read it plain as something
    else than text (yes, 12, null): ruamel.yaml quotes by YAML 1.2's rules, the loader reads YAML 1.1."""
    tag = pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, value, (True, False))
    return value if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp") else DoubleQuotedScalarString(value)


def folded(value: str, indent: int, width: int) -> FoldedScalarString:
    text = FoldedScalarString(value)
    text.fold_pos = fold_positions(value, indent, width)
    return text


def widest_line(text: FoldedScalarString) -> int:
    """The longest line of a folded text as its file has it: the stretches between its folds."""
    ends = [*getattr(text, "fold_pos", []), len(text)]
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


# ---------------------------------------------------------------- list items

def insert_item(target: CommentedSeq | CommentedMap, edit: Insert, document: object) -> CommentedMap:
    """The item put in the list: the place of what the loader may refuse in it."""
    items, below = list_in(target, edit.items[-1])
    node = built(edit.item, template(items, edit.item), item_column(document, items, edit.items))
    rearranged(items, lambda entries: entries.insert(edit.index, (node, None)))
    put_lines_after(items, below)
    return node


def list_in(target: CommentedSeq | CommentedMap, key: str) -> tuple[CommentedSeq, str | None]:
    """The list to insert into, made as the mapping's last key if it is not there yet, with the
    comment that followed the mapping: it will follow the list's new item."""
    if isinstance(target, CommentedSeq):
        return target, None
    if key in target:  # made by an insert before, in the same rewrite
        return target[key], None
    below = take_lines_after(target)
    target[key] = CommentedSeq()
    return target[key], below


def remove_item(items: CommentedSeq, edit: Remove, document: object) -> None:
    refuse_aliased(document, items[edit.index], edit)
    rearranged(items, lambda entries: entries.pop(edit.index))


def move_item(items: CommentedSeq, edit: Move, document: object) -> None:
    rearranged(items, lambda entries: entries.insert(edit.to, entries.pop(edit.index)))


# Each edit made at its place; an edit that puts a new value in returns it, its place from then on.
EDITORS: dict[type, Callable[[object, AnyEdit, object], object]] = {
    Edit: set_key, Insert: insert_item, Remove: remove_item, Move: move_item}


def item_column(document: object, items: CommentedSeq, path: KeyPath) -> int:
    """The column of the keys of the list's items: after its dashes, or, for a list just made, two
    levels under the keys of its mapping."""
    if items.lc.col is not None:
        return items.lc.col + 2
    return node_at(document, path[:-1]).lc.col + 4


def rearranged(items: CommentedSeq, change: Callable[[list], object]) -> None:
    """Change the list's items, each with the lines above it (its comments, the blank line before it).

    ruamel.yaml keeps a comment with the value before it, often the last value deep inside the
    previous item; the comment belongs to the line below it, so each item's lines above are taken
    out, carried with the item, and put back where its new previous item ends."""
    entries = [(item, lines_above(items, index)) for index, item in enumerate(items)]
    below = take_lines_after(items)
    spaced = blank_lines_between(entries)
    change(entries)
    items.ca.items.clear()
    items[:] = [item for item, _ in entries]
    for index, (item, lines) in enumerate(entries):
        put_lines_above(items, index, spaced_lines(lines, index, spaced))
    put_lines_after(items, below)


def lines_above(items: CommentedSeq, index: int) -> str | None:
    """The comment and blank lines between an item and the one before it, taken out of the document."""
    before = take_lines_after(items[index - 1]) if index else None
    own = items.ca.items.get(index, [None, None])[1]  # what ruamel.yaml keeps before the item itself
    joined = (before or "") + "".join(token.value for token in own or ())
    return joined or None


def blank_lines_between(entries: list[tuple[object, str | None]]) -> bool:
    """Whether most of the list's items stand apart, a blank line above each (the handout's sections)."""
    gaps = [lines for _, lines in entries[1:]]
    return sum(bool(lines and lines.startswith("\n")) for lines in gaps) * 2 > len(gaps) > 0


def spaced_lines(lines: str | None, index: int, spaced: bool) -> str | None:
    """An item's lines above in its new place: none blank first in the list, a blank line where its
    neighbours have one."""
    if index == 0:
        return (lines.lstrip("\n") or None) if lines else None
    if spaced and not lines:
        return "\n"
    return lines


def put_lines_above(items: CommentedSeq, index: int, lines: str | None) -> None:
    if not lines:
        return
    if index and not ends_in_anchor(items[index - 1]):
        put_lines_after(items[index - 1], lines)
    else:  # before the first item, or after an alias, which cannot carry a comment
        items.ca.items[index] = [None, [CommentToken(lines, CommentMark(0))], None, None]


def last_entry(node: object) -> tuple[CommentedMap | CommentedSeq, str | int] | None:
    """The mapping or list that holds the last value written of node, and its key: what carries the
    comment below node."""
    holder = None
    while isinstance(node, CONTAINERS) and node and not node.fa.flow_style():
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        holder, node = (node, key), node[key]
    return holder


def slot(holder: CommentedMap | CommentedSeq) -> int:
    """Where ruamel.yaml keeps the comment after an entry: third for a mapping's key, first for a list's item."""
    return 2 if isinstance(holder, CommentedMap) else 0


def take_lines_after(node: object) -> str | None:
    """The comment and blank lines after node, as whole lines, taken out of the document."""
    found = last_entry(node)
    if found is None:
        return None
    holder, key = found
    comment = holder.ca.items.get(key)
    token = comment[slot(holder)] if comment else None
    if token is None:
        return None
    comment[slot(holder)] = None
    # After a plain value the comment's text starts with the end of the value's own line.
    return token.value if isinstance(holder[key], BLOCK_TEXTS) else token.value[1:] or None


def put_lines_after(node: object, lines: str | None) -> None:
    found = last_entry(node)
    if not lines or found is None:
        return
    holder, key = found
    text = lines if isinstance(holder[key], BLOCK_TEXTS) else "\n" + lines
    comment = holder.ca.items.setdefault(key, [None, None, None, None])
    comment[slot(holder)] = CommentToken(text, CommentMark(0))


def ends_in_anchor(node: object) -> bool:
    found = last_entry(node)
    return found is not None and anchor(found[0][found[1]]) is not None


def anchor(node: object) -> str | None:
    return node.anchor.value if hasattr(node, "anchor") else None


def refuse_aliased(document: object, item: object, edit: Remove) -> None:
    """An item that carries an '&' anchor (its first use) that other items name with '*' cannot go:
    they would lose what they name. An item that only names one can."""
    carried: set[int] = set()
    seen: set[int] = set()
    for node, inside in written_values(document, item):
        if anchor(node) is None:
            continue
        if id(node) not in seen and inside:
            carried.add(id(node))
        elif id(node) in carried and not inside:
            raise AfficheError(Location("", key_path=format_key_path(edit.items + (edit.index,))),
                               f"other items use its text through '*{anchor(node)}'",
                               f"move '&{anchor(node)}' to one of them first")
        seen.add(id(node))


def written_values(node: object, item: object, inside: bool = False) -> Iterator[tuple[object, bool]]:
    """node and every value inside it in the order written, each as often as it is written (an alias
    each time it is used), and whether it is inside `item`."""
    inside = inside or node is item
    yield node, inside
    children = node.values() if isinstance(node, CommentedMap) else node if isinstance(node, CommentedSeq) else ()
    for child in children:
        yield from written_values(child, item, inside)


def built(value: object, like: object, column: int) -> object:
    """value as ruamel.yaml writes it, in the style of `like`, the value that stands in its place in
    a neighbouring item (if any); `column` is where the keys of a mapping value start."""
    if isinstance(value, dict):
        node = CommentedMap()
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            node.fa.set_flow_style()
        for key, child in value.items():
            neighbour = like.get(key) if isinstance(like, CommentedMap) else None
            node[key] = (text_like(child, neighbour, key, column) if isinstance(child, str) else
                         built(child, neighbour, column + (2 if isinstance(child, dict) else 4)))
        return node
    if isinstance(value, list):
        neighbours = like if isinstance(like, CommentedSeq) else []
        return CommentedSeq([built(child, template(neighbours, child), column) for child in value])
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def template(items: list, item: object) -> object:
    """The item of a list that a new one is written like: the one with most of its keys, then the
    longest (whose texts are folded where its neighbours' are); None in an empty list."""
    return max(items, key=lambda other: (len(key_paths(item) & key_paths(other)), len(str(other))), default=None)


def key_paths(value: object, path: KeyPath = ()) -> set[KeyPath]:
    if not isinstance(value, dict):
        return set()
    return {path + (key,) for key in value} | {found for key, child in value.items()
                                                for found in key_paths(child, path + (key,))}


def text_like(value: str, like: object, key: str, column: int) -> str:
    """A new text folded with '>-' when its line would pass the width and its neighbour is folded
    (or it has none), plain otherwise."""
    fits = column + len(key) + 2 + len(value) <= FOLD_WIDTH
    if fits or not (like is None or isinstance(like, FoldedScalarString)):
        return plain(value)
    return folded(value, column + 2, FOLD_WIDTH)


# ---------------------------------------------------------------- reading back

def read_back(root: Path, file: Path, text: str, document: object, places: list[object]) -> None:
    """Refuse text that the project's loader would refuse, or that does not read back as the document
    meant; either refusal names the edit it is about, by the place each edit had."""
    budget, read = READERS[file]
    try:
        source = parse_yaml(text, file.as_posix(), budget)
        read(Reader(source), root)
        different = first_difference(document, source.data, ())
        if different is not None:
            raise source.error(different, f"would read back otherwise than meant for {format_key_path(different)}",
                               "nothing was written; report this to affiche's developers")
    except AfficheError as refusal:
        raise about_edit(refusal, document, places) from None


def first_difference(meant: object, read: object, path: KeyPath) -> KeyPath | None:
    """The first key path where the loader's data is not the document ruamel.yaml wrote."""
    if isinstance(meant, dict):
        if not isinstance(read, dict) or list(meant) != list(read):
            return path
        children = ((key, meant[key], read[key]) for key in meant)
    elif isinstance(meant, list):
        if not isinstance(read, list) or len(meant) != len(read):
            return path
        children = ((index, mine, theirs) for index, (mine, theirs) in enumerate(zip(meant, read)))
    else:
        if isinstance(meant, datetime.date):  # the loader keeps a date as the text typed
            meant = meant.isoformat()
        return None if meant == read and isinstance(meant, bool) is isinstance(read, bool) else path
    return next((found for key, mine, theirs in children
                 if (found := first_difference(mine, theirs, path + (key,))) is not None), None)


def about_edit(refusal: AfficheError, document: object, places: list[object]) -> EditRefused:
    """The refusal, with the edit whose place (found again where the edits left it) holds the refused key."""
    refused = parse_key_path(key_path_of(refusal))
    where = paths(document)
    holding = [(len(path), index) for index, target in enumerate(places)
               if (path := where.get(id(target))) is not None and refused[:len(path)] == path]
    if not holding:
        return EditRefused(refusal, None, refused)
    depth, index = max(holding)
    return EditRefused(refusal, index, refused[depth:])


def key_path_of(refusal: AfficheError) -> str:
    return getattr(refusal.location, "key_path", "")


def paths(document: object, path: KeyPath = ()) -> dict[int, KeyPath]:
    """The key path of every mapping and list of the document, by its identity."""
    found = {id(document): path} if isinstance(document, CONTAINERS) else {}
    children = (document.items() if isinstance(document, CommentedMap) else
                enumerate(document) if isinstance(document, CommentedSeq) else ())
    for key, child in children:
        if id(child) not in found:
            found.update(paths(child, path + (key,)))
    return found
