"""Safe YAML reading that remembers where every value stands in its file.

The loader composes PyYAML's node tree (a SafeLoader: no Python object tags) and
converts it to plain values while recording the line and column of each key
path, so that validation errors downstream can point at the exact place.

Files are untrusted: they are read by the rule of files.py (regular files inside the
project), their size is checked before reading, composing stops at
absurd nesting or node counts, and alias expansion ("billion laughs") is capped,
so that a bad file fails in a second with a located error instead of hanging.
Each file also has a budget of text and list items, counted with every '*' alias
in full: a small file must not be able to ask for hours of typesetting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.cyaml

from ..errors import AfficheError, Location
from .files import read_project_file, shown_name

KeyPath = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG_PREFIX}{kind}" for kind in ("map", "seq", "str", "null", "bool", "int", "float", "timestamp")}
_TEXT_TAGS = {f"{_TAG_PREFIX}str", f"{_TAG_PREFIX}timestamp"}
# The real files are under 20 KB, 500 nodes and 10 levels deep: anything far beyond is a mistake.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_NODES = 20_000  # written in the file
MAX_YAML_VALUES = 20_000  # after expanding '*' aliases, which can repeat a node many times over
MAX_YAML_DEPTH = 24


@dataclass(frozen=True)
class Budget:
    """The most one file may ask for, counted after '*' aliases are expanded.

    An alias repeats its whole node each time it is used: 15 KB holding one 4 900-character
    paragraph and 499 aliases of it asked WeasyPrint for 533 pages, two minutes of work."""

    text_chars: int  # in all values together; keys are never printed, so they do not count
    list_items: int  # in all lists together


# data/handout.yaml holds about 12 700 characters in both languages and 39 list items.
# Fifteen times that text leaves room for a much longer edition and still typesets in
# seconds: about 20 pages a language on Letter (29 side by side), 5 s for one language's
# screen and print PDFs.
CONTENT_BUDGET = Budget(text_chars=200_000, list_items=2_000)
# Layouts, themes, the map's places and the download page: the largest, data/map.yaml,
# holds about 2 500 characters and 14 entries.
FILE_BUDGET = Budget(text_chars=100_000, list_items=2_000)


def format_key_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_key_path(text: str) -> KeyPath:
    """The key path format_key_path wrote (of keys that hold no '.' nor '[', as the project's do)."""
    return tuple(int(part[:-1]) if part.endswith("]") else part
                 for part in re.split(r"\.|\[", text) if part)


@dataclass
class SourceFile:
    """A parsed YAML file: its plain data and the position of every key path."""

    path: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def at(self, key_path: KeyPath) -> Location:
        """The location of key_path, or of its nearest ancestor that exists."""
        probe = tuple(key_path)
        while probe not in self.positions and probe:
            probe = probe[:-1]
        line, column = self.positions.get(probe, (0, 0))
        return Location(self.path, line, column, format_key_path(key_path))

    def error(self, key_path: KeyPath, problem: str, fix: str = "") -> AfficheError:
        return AfficheError(self.at(key_path), problem, fix)


def read_yaml(path: Path, root: Path, budget: Budget = FILE_BUDGET) -> SourceFile:
    """A YAML file of the project, read by the rule of files.py, parsed with every value located."""
    data = read_project_file(path, root, MAX_YAML_BYTES)
    shown = shown_name(path, root)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AfficheError(Location(shown), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                           "save the file as UTF-8") from None
    return parse_yaml(text, shown, budget)


class _OverLimit(Exception):
    def __init__(self, mark: yaml.Mark, problem: str, fix: str, key_path: KeyPath = ()) -> None:
        super().__init__(problem)
        self.mark, self.problem, self.fix, self.key_path = mark, problem, fix, key_path


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own event parser, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


_EventParser = yaml.cyaml.CParser if yaml.__with_libyaml__ else _PythonParser


class LimitedLoader(yaml.composer.Composer, _EventParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """A safe loader that stops composing at the node count and nesting limits, and when the
    file's text or list items, '*' aliases counted in full, go over its budget.

    PyYAML composes recursively: without the depth limit, a few kilobytes of '['
    exhaust Python's stack. The budget is counted here, not after conversion, so that an
    over-budget alias is refused before it is expanded, at its own line and key path.
    The events come from libyaml's parser (ten times faster than PyYAML's own, the most of a
    build with nothing to do); composing them stays in Python, where these limits are kept.
    """

    def __init__(self, stream: str, budget: Budget) -> None:
        _EventParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0
        self.nodes = 0
        self.budget = budget
        self.key_path: KeyPath = ()
        self.text_chars = 0
        self.list_items = 0
        self.anchored: dict[yaml.Node, tuple[int, int]] = {}  # an '&' node's text characters and list items

    def compose_node(self, parent, index):
        event = self.peek_event()
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise _OverLimit(event.start_mark, f"more than {MAX_YAML_NODES} values in one file",
                             "split or shorten the file")
        if self.depth >= MAX_YAML_DEPTH:
            raise _OverLimit(event.start_mark, f"nested more than {MAX_YAML_DEPTH} levels deep",
                             "flatten the structure")
        if parent is not None and index is None:  # a mapping key: never printed, so not counted
            return self._compose_nested(parent, index)
        outer = self.key_path
        if parent is not None:
            self.key_path = outer + (_path_part(index),)
        try:
            return self._compose_counted(parent, index, event)
        finally:
            self.key_path = outer

    def _compose_nested(self, parent, index):
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _compose_counted(self, parent, index, event: yaml.Event) -> yaml.Node:
        if isinstance(parent, yaml.SequenceNode):
            self._spend(event.start_mark, items=1)
        chars_before, items_before = self.text_chars, self.list_items
        node = self._compose_nested(parent, index)
        if isinstance(event, yaml.AliasEvent):
            # Not yet known for an anchor that contains its own alias: converting refuses that loop.
            chars, items = self.anchored.get(node, (0, 0))
            self._spend(event.start_mark, chars, items)
            return node
        if isinstance(node, yaml.ScalarNode):
            self._spend(event.start_mark, chars=len(node.value))
        if event.anchor is not None:
            self.anchored[node] = (self.text_chars - chars_before, self.list_items - items_before)
        return node

    def _spend(self, mark: yaml.Mark, chars: int = 0, items: int = 0) -> None:
        self.text_chars += chars
        self.list_items += items
        if self.text_chars > self.budget.text_chars:
            raise _OverLimit(mark, f"the file's text passes {self.budget.text_chars} characters here, "
                                   "counting each '*' alias in full", "shorten it, or use fewer '*' aliases",
                             self.key_path)
        if self.list_items > self.budget.list_items:
            raise _OverLimit(mark, f"the file's lists pass {self.budget.list_items} items here, "
                                   "counting each '*' alias in full", "shorten them, or use fewer '*' aliases",
                             self.key_path)


def _path_part(index: int | yaml.Node) -> str | int:
    """A sequence item's index, or the key a mapping value stands under."""
    if isinstance(index, int):
        return index
    return index.value if isinstance(index, yaml.ScalarNode) else "?"  # a non-text key, refused when converted


def parse_yaml(text: str, shown: str, budget: Budget = FILE_BUDGET) -> SourceFile:
    refuse_unprintable(text, shown)
    loader = LimitedLoader(text, budget)
    try:
        root = loader.get_single_node()
    except _OverLimit as exc:
        raise AfficheError(Location(shown, exc.mark.line + 1, exc.mark.column + 1, format_key_path(exc.key_path)),
                           exc.problem, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise AfficheError(Location(shown, line, column), f"YAML syntax error: {problem}",
                           "check indentation, colons and quotes on this line and the one above") from None
    except yaml.YAMLError as exc:
        raise AfficheError(Location(shown), f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    source = SourceFile(shown, None)
    source.data = _convert(root, (), source) if root is not None else None
    return source


# What YAML 1.1 lets a file hold (its 'printable' set); the parser's own refusal gives a character
# index on a second line, this one gives the line and column.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def refuse_unprintable(text: str, shown: str) -> None:
    found = _UNPRINTABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise AfficheError(Location(shown, line, column), f"character U+{ord(found.group()):04X} is not allowed in YAML",
                       "remove it: a NUL or control character means the file is damaged or not text")


def _convert(node: yaml.Node, path: KeyPath, source: SourceFile) -> Any:
    # The composer already capped the nodes written and their nesting, so going past
    # either here means '*' aliases repeat nodes, or an anchor contains its own alias.
    if len(source.positions) >= MAX_YAML_VALUES:
        raise source.error(path, f"'*' aliases expand to more than {MAX_YAML_VALUES} values",
                           "write the values out instead of using '&' anchors and '*' aliases")
    if len(path) > MAX_YAML_DEPTH:
        raise source.error(path, f"'*' aliases nest deeper than {MAX_YAML_DEPTH} levels "
                                 "(does an '&' anchor contain its own alias?)", "write the values out instead")
    source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace(_TAG_PREFIX, "!!", 1) if node.tag.startswith(_TAG_PREFIX) else node.tag
        raise source.error(path, f"unsupported YAML tag '{tag}' (affiche reads only text, numbers, "
                                 "yes/no, lists and mappings)", "remove the tag")
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, source)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), source) for index, item in enumerate(node.value)]
    if node.tag in _TEXT_TAGS:
        return node.value  # keep "no", "on", "1.0", "2026-11-25" as the text the author typed
    return _builtin_scalar(node, path, source)


def _convert_mapping(node: yaml.MappingNode, path: KeyPath, source: SourceFile) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise source.error(path, "a key must be plain text", "remove the brackets or braces around the key")
        key = key_node.value
        child = path + (key,)
        if key in result:
            raise AfficheError(Location(source.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        format_key_path(child)),
                               f"key '{key}' appears twice", "keep one of them")
        result[key] = _convert(value_node, child, source)
        source.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return result


def _builtin_scalar(node: yaml.ScalarNode, path: KeyPath, source: SourceFile) -> Any:
    """A number, yes/no or null as PyYAML's safe constructor reads it (a scalar holds nothing
    another node could share, so a fresh constructor each time costs nothing)."""
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise source.error(path, f"the number {node.value[:20]}… is too long", "write a realistic value") from None
