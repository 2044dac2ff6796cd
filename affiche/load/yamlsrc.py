"""Safe YAML reading that remembers where every value stands in its file.

The loader composes PyYAML's node tree (a SafeLoader: no Python object tags) and
converts it to plain values while recording the line and column of each key
path, so that validation errors downstream can point at the exact place.

Files are untrusted: their size is checked before reading, composing stops at
absurd nesting or node counts, and alias expansion ("billion laughs") is capped,
so that a bad file fails in a second with a located error instead of hanging.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import AfficheError, Location

KeyPath = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG_PREFIX}{kind}" for kind in ("map", "seq", "str", "null", "bool", "int", "float", "timestamp")}
_TEXT_TAGS = {f"{_TAG_PREFIX}str", f"{_TAG_PREFIX}timestamp"}
# The real files are under 20 KB, 500 nodes and 10 levels deep: anything far beyond is a mistake.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_NODES = 20_000  # written in the file
MAX_YAML_VALUES = 20_000  # after expanding '*' aliases, which can repeat a node many times over
MAX_YAML_DEPTH = 24


def format_key_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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


def read_yaml(path: Path, display_path: str | None = None) -> SourceFile:
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise AfficheError(Location(shown), f"file is {size} bytes, over the {MAX_YAML_BYTES} byte limit",
                               "split or shorten it")
        if not path.is_file():
            raise AfficheError(Location(shown), "not a regular file", "give the path of a YAML file")
        with path.open("rb") as file:
            data = file.read(MAX_YAML_BYTES + 1)  # never more, even if the file grows meanwhile
    except FileNotFoundError:
        raise AfficheError(Location(shown), "file not found", "check the name and folder") from None
    except OSError as exc:
        raise AfficheError(Location(shown), f"cannot read the file: {exc.strerror}",
                           "check its permissions") from None
    if len(data) > MAX_YAML_BYTES:
        raise AfficheError(Location(shown), f"file is over the {MAX_YAML_BYTES} byte limit", "split or shorten it")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AfficheError(Location(shown), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                           "save the file as UTF-8") from None
    return parse_yaml(text, shown)


class _OverLimit(Exception):
    def __init__(self, mark: yaml.Mark, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.mark, self.problem, self.fix = mark, problem, fix


class LimitedLoader(yaml.SafeLoader):
    """A SafeLoader that stops composing at the node count and nesting limits.

    PyYAML composes recursively: without the depth limit, a few kilobytes of '['
    exhaust Python's stack.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise _OverLimit(mark, f"more than {MAX_YAML_NODES} values in one file", "split or shorten the file")
        if self.depth >= MAX_YAML_DEPTH:
            raise _OverLimit(mark, f"nested more than {MAX_YAML_DEPTH} levels deep", "flatten the structure")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_yaml(text: str, shown: str) -> SourceFile:
    try:
        root = yaml.compose(text, Loader=LimitedLoader)
    except _OverLimit as exc:
        raise AfficheError(Location(shown, exc.mark.line + 1, exc.mark.column + 1), exc.problem, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise AfficheError(Location(shown, line, column), f"YAML syntax error: {problem}",
                           "check indentation, colons and quotes on this line and the one above") from None
    except yaml.YAMLError as exc:
        raise AfficheError(Location(shown), f"YAML error: {exc}") from None
    source = SourceFile(shown, None)
    source.data = _convert(root, (), source) if root is not None else None
    return source


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
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise source.error(path, f"the number {node.value[:20]}… is too long", "write a realistic value") from None
    finally:
        loader.dispose()
