"""What an editor page was built from, small enough for a hidden form field.

A save must not undo what someone else saved after the page was opened, nor write a text into a
bullet that moved in the meantime. So the page carries, for each of the three content files, the
SHA-256 of its bytes, a short digest of each unit's texts (a mapping with `fr` or `en`: its texts,
amounts, links and key, not the bullets nested in it) by key path, and each list's items by their
identity (a unit's `key`, a section's `id`, or a digest of the item for the rest). That is enough
to tell whether a unit changed on disk, where it went if its list changed around it, and whether a
list was reordered, without the texts themselves: a token of a few kilobytes.

The token is signed with HMAC-SHA256 under a secret drawn when the process starts, and checked
before anything else is read from it: a token the editor did not make (garbage, a hand-edited
digest that would hide a conflict) is refused in one comparison, and no decompression or parsing
ever runs on one. A structure check alone would accept any well-formed forgery. The cost: a page
opened before the editor restarted must be reloaded, and several processes serving one project
must share one editor process for saving.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AfficheError
from ..load.content import CONTENT_FILE
from ..load.files import read_project_file
from ..load.page_words import PAGE_WORDS_FILE
from ..load.places import MAP_FILE
from ..load.roundtrip import READERS
from ..load.yamlsrc import MAX_YAML_BYTES, KeyPath, parse_yaml
from .problems import ChangeRefused, refused

EDITABLE = (CONTENT_FILE, MAP_FILE, PAGE_WORDS_FILE)  # the only files the editor writes
SECRET = secrets.token_bytes(32)
SIGNATURE_BYTES = 16
MAX_TOKEN_CHARS = 64_000  # the project's token is about 2 KB
MAX_TOKEN_JSON = 1_000_000
DIGEST_CHARS = 12  # 48 bits: two versions of one unit are told apart but once in 10^14


@dataclass(frozen=True)
class FileState:
    """One file as a page saw it: its bytes' SHA-256, each unit's digest, each list's item identities."""

    digest: str
    units: dict[KeyPath, str]
    lists: dict[KeyPath, tuple[str, ...]]
    data: object = field(default=None, compare=False, repr=False)  # its values, for names and keys; never in a token


@dataclass(frozen=True)
class Snapshot:
    """What a page was built from: each editable file's state, by its project-relative path."""

    files: dict[Path, FileState]

    def encode(self) -> str:
        states = {file.as_posix(): [state.digest, [[list(path), digest] for path, digest in state.units.items()],
                                    [[list(path), list(items)] for path, items in state.lists.items()]]
                  for file, state in self.files.items()}
        packed = zlib.compress(json.dumps(states, separators=(",", ":")).encode("utf-8"), 9)
        return base64.urlsafe_b64encode(signature(packed) + packed).decode("ascii").rstrip("=")

    @staticmethod
    def decode(text: str) -> Snapshot:
        """The snapshot a token holds; ChangeRefused if this process did not make it."""
        if not isinstance(text, str) or len(text) > MAX_TOKEN_CHARS:
            raise expired()
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            raise expired() from None
        mark, packed = raw[:SIGNATURE_BYTES], raw[SIGNATURE_BYTES:]
        if not hmac.compare_digest(mark, signature(packed)):
            raise expired()
        states = json.loads(zlib.decompressobj().decompress(packed, MAX_TOKEN_JSON))
        return Snapshot({Path(file): FileState(digest, {tuple(path): unit for path, unit in units},
                                               {tuple(path): tuple(items) for path, items in lists})
                         for file, (digest, units, lists) in states.items()})


def expired() -> ChangeRefused:
    return refused("", "La page a expiré ou a été modifiée : rechargez-la, puis refaites vos modifications.",
                   "The page has expired or was altered: reload it, then make your changes again.")


def signature(packed: bytes) -> bytes:
    return hmac.new(SECRET, packed, hashlib.sha256).digest()[:SIGNATURE_BYTES]


def read_states(root: Path) -> tuple[dict[Path, FileState], dict[Path, str]]:
    """Each editable file's state as it is on disk now, and its text."""
    texts = {file: read_text(root, file) for file in EDITABLE}
    return {file: file_state(file, text) for file, text in texts.items()}, texts


def read_text(root: Path, file: Path) -> str:
    data = read_project_file(root / file, root, MAX_YAML_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise AfficheError(file.as_posix(), "not UTF-8 text", "save the file as UTF-8") from None


def file_state(file: Path, text: str) -> FileState:
    data = parse_yaml(text, file.as_posix(), READERS[file][0]).data
    units: dict[KeyPath, str] = {}
    lists: dict[KeyPath, tuple[str, ...]] = {}
    record(data, (), units, lists)
    return FileState(hashlib.sha256(text.encode("utf-8")).hexdigest(), units, lists, data)


def record(value: object, path: KeyPath, units: dict, lists: dict) -> None:
    """Every unit's digest and every list's identities under value, by key path."""
    if isinstance(value, dict):
        if "fr" in value or "en" in value:
            units[path] = digest({key: child for key, child in value.items() if not isinstance(child, list)})
        for key, child in value.items():
            record(child, path + (key,), units, lists)
    elif isinstance(value, list):
        lists[path] = tuple(identity(item) for item in value)
        for index, item in enumerate(value):
            record(item, path + (index,), units, lists)


def identity(item: object) -> str:
    """What tells a list item from the others wherever it moves, whatever its texts become: its unit
    key, its section id, its label's key (a map entry), or else its values (a map entry without a label)."""
    for holder in (item, item.get("label")) if isinstance(item, dict) else ():
        for name in ("key", "id"):
            if isinstance(holder, dict) and isinstance(holder.get(name), str):
                return f"{name}:{holder[name]}"
    return digest(item)


def digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def relocated(path: KeyPath, then: FileState, now: FileState) -> KeyPath | None:
    """Where the value at `path` of the file as the page saw it stands now: each list index followed
    to its item's new place; None if an item on the way is gone (or is not one item any more)."""
    if then.digest == now.digest:
        return path
    moved: KeyPath = ()
    for position, part in enumerate(path):
        if isinstance(part, int):
            before, after = then.lists.get(path[:position]), now.lists.get(moved)
            if before is None or after is None or not 0 <= part < len(before) or after.count(before[part]) != 1:
                return None
            part = after.index(before[part])
        moved += (part,)
    return moved
