"""Saving what staff change in the editor: texts, amounts, and list items added, removed or moved.

The page is built from a snapshot of the three content files (snapshot.py), which it sends back
with the changes. A save then:

1. checks the changes themselves (which files, which languages, sizes, characters), before
   reading anything, so that a bad request costs nothing;
2. reads the files, under a lock that serialises saves, and places each change in them as they are
   now: a unit whose list changed around it is followed to its new place; a unit whose text changed
   since the snapshot, or a list that was reordered, is a Conflict, named in words; a file that
   changed elsewhere takes the change on top of the other edit;
3. rewrites each file through the one YAML writer (load/roundtrip.py), which keeps every other line
   and reads the result back with the project's loader; a refusal is mapped to the form field it
   belongs to, in words for staff (words.py);
4. only when every file has passed, writes them all together (pipeline/write.py write_together,
   write_atomically's two steps for several files): each is staged whole beside its path before
   the first is renamed, so a full disk or a refused folder writes none. Between two renames the
   first file is new and the second still old; only a rename failing there (next to a temporary
   just written in the same folder) would leave it so, each file whole.

Paths name places in the page as the snapshot saw them. A list's `index` and `to` count its items
as the changes before, in the same call, left the list: two AddItem at index 0 put the second first.
"""
from __future__ import annotations

import fcntl
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import AfficheError
from ..load.content import CONTENT_FILE
from ..load.page_words import PAGE_WORDS_FILE
from ..load.places import MAP_FILE
from ..load.reader import MAX_TEXT_CHARS
from ..load.roundtrip import AnyEdit, Edit, EditRefused, Insert, Move, Remove, Rewrite, node_at, rewritten
from ..load.text import MAX_AMOUNT
from ..load.yamlsrc import CONTENT_BUDGET, MAX_YAML_DEPTH, KeyPath
from ..model.languages import LANGUAGES
from ..pipeline.write import NotWritten, write_together
from ..translation.keys import KEY_AFTER, new_key
from . import words as told
from .problems import ChangeRefused, Conflict, FieldProblem, problem, refused
from .snapshot import EDITABLE, FileState, Snapshot, file_state, read_states, relocated

MAX_CHANGES = 500  # a page of the handout holds about 100 fields
MAX_ITEM_VALUES = 1_000  # in one new item: a section with its bullets
MAX_SLUG = 40
FILE_NAMES = {CONTENT_FILE: "handout", MAP_FILE: "map", PAGE_WORDS_FILE: "page"}  # in field ids


# ---------------------------------------------------------------- the changes

@dataclass(frozen=True)
class SetText:
    """One language of a unit's text."""

    file: Path
    path: KeyPath
    lang: str
    value: str


@dataclass(frozen=True)
class SetAmount:
    """An amount a unit's {placeholder} names (its style, figures or words, is kept)."""

    file: Path
    path: KeyPath
    name: str
    value: Decimal | int
    currency: str


@dataclass(frozen=True)
class AddItem:
    """A new item in a list: {"fr", "en"} for a bullet or paragraph; {"heading": {"fr", "en"},
    "bullets": [...]} for a section (its id is made from its English heading); for a map entry
    {"category", "place": {"country": "PE"} or {"point": {"lat", "lon"}}, "label"?, "source"}.
    Keys are drawn here for every unit in it; a list not there yet (a bullet's first nested bullet)
    is made."""

    file: Path
    list_path: KeyPath
    index: int
    item: dict


@dataclass(frozen=True)
class RemoveItem:
    file: Path
    list_path: KeyPath
    index: int


@dataclass(frozen=True)
class MoveItem:
    """Move one item within its list so that it stands at `to` (up is index - 1, down index + 1)."""

    file: Path
    list_path: KeyPath
    index: int
    to: int


Change = SetText | SetAmount | AddItem | RemoveItem | MoveItem
ListChange = AddItem | RemoveItem | MoveItem


@dataclass(frozen=True)
class Saved:
    files: list[Path]  # written (empty if the changes changed nothing)
    snapshot: Snapshot  # the new snapshot after writing
    diff: str  # unified diff of what was written


# ---------------------------------------------------------------- field ids

def field_id(file: Path, path: KeyPath, part: str) -> str:
    """The id of one form field, made of letters, digits, '-' and '_' only: f-handout-sections-2-bullets-0-fr.
    Each key but for its letters and digits is escaped as _<hex>_ (page-title: page_2d_title), so
    that field_place reads the id back."""
    return "-".join(["f", FILE_NAMES[Path(file)], *(id_part(part) for part in (*path, part))])


def field_place(text: str) -> tuple[Path, KeyPath, str]:
    """The file, key path and part a field id names (the inverse of field_id); ValueError if none."""
    parts = text.split("-")
    files = {name: file for file, name in FILE_NAMES.items()}
    if len(parts) < 3 or parts[0] != "f" or parts[1] not in files:
        raise ValueError(f"not a field id: {text[:80]!r}")
    path = tuple(int(part) if part.isdigit() else re.sub(r"_([0-9a-f]{1,6})_", lambda m: chr(int(m[1], 16)), part)
                 for part in parts[2:])
    return files[parts[1]], path[:-1], str(path[-1])


def id_part(part: str | int) -> str:
    if isinstance(part, int):
        return str(part)
    # A digit first would read back as a list index.
    return "".join(char if char.isascii() and (char.isalpha() or char.isdigit() and index) else f"_{ord(char):x}_"
                   for index, char in enumerate(part))


# ---------------------------------------------------------------- snapshots

def snapshot(root: Path) -> Snapshot:
    """The three files as they are now: digests of their bytes, units and lists."""
    return Snapshot(states_now(root)[0])


def states_now(root: Path) -> tuple[dict[Path, FileState], dict[Path, str]]:
    """Each editable file's state and text; refused in words if one cannot be read (a hand edit broke it)."""
    try:
        return read_states(root)
    except AfficheError as error:
        raise refused("", f"affiche ne peut pas lire les textes : {error.problem}.",
                      f"affiche cannot read the texts: {error.problem}.") from None


# ---------------------------------------------------------------- saving

def apply_changes(root: Path, since: Snapshot | str, changes: list[Change]) -> Saved:
    """Make the changes in the files, all or none (see the module's docstring); ChangeRefused,
    or its Conflict, with nothing written, when any one cannot be made."""
    since = Snapshot.decode(since) if isinstance(since, str) else since
    check_changes(changes)
    with one_save_at_a_time(root):
        states, texts = states_now(root)
        plans = Planner(since, states).planned(changes)
        rewrites = [rewrite_or_refuse(root, file, texts[file], plan) for file, plan in plans.items()]
        written = [made for made in rewrites if made.after != made.before]
        write_all(root, written)
    after = {**texts, **{made.file: made.after for made in written}}
    return Saved([made.file for made in written], Snapshot({file: file_state(file, text) for file, text in
                                                            after.items()}), "".join(made.diff() for made in written))


def write_all(root: Path, written: list[Rewrite]) -> None:
    try:
        write_together({root / made.file: made.after.encode("utf-8") for made in written})
    except NotWritten as error:  # raised while staging, before any file was renamed
        raise refused("", f"Les fichiers n'ont pas pu être enregistrés ({error.problem}) : rien n'a été modifié. "
                      "Réessayez plus tard, ou prévenez l'équipe technique.",
                      f"The files could not be saved ({error.problem}): nothing was changed. Try again later, or "
                      "tell the technical team.") from None


@contextmanager
def one_save_at_a_time(root: Path) -> Iterator[None]:
    """A lock on the data folder between reading the files and writing them, so that two saves (two
    threads or processes) never write over each other unseen."""
    handle = os.open(root / CONTENT_FILE.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def rewrite_or_refuse(root: Path, file: Path, text: str, plan: Plan) -> Rewrite:
    try:
        return rewritten(root, file, text, plan.edits)
    except EditRefused as error:
        field_name = plan.fields[error.edit](error.within) if error.edit is not None else ""
        raise ChangeRefused([FieldProblem(field_name, told.refusal(error.problem, error.fix))]) from None
    except AfficheError as error:  # the file is not one the writer can rewrite line for line
        raise ChangeRefused([FieldProblem("", told.refusal(error.problem, error.fix))]) from None


# ---------------------------------------------------------------- the changes checked alone

def check_changes(changes: list[Change]) -> None:
    """Refuse, before reading any file, what no file could take."""
    if not isinstance(changes, (list, tuple)) or len(changes) > MAX_CHANGES:
        raise refused("", f"Enregistrez au plus {MAX_CHANGES} modifications à la fois.",
                      f"Save at most {MAX_CHANGES} changes at a time.")
    problems = [problem for change in changes for problem in change_problems(change)]
    if sum(len(text) for change in changes for text in texts_of(change)) > CONTENT_BUDGET.text_chars:
        problems.append(problem("", "Ces modifications dépassent ce que le document peut contenir : "
                                "enregistrez-en moins à la fois.",
                                "These changes are more than the document can hold: save fewer at a time."))
    if problems:
        raise ChangeRefused(problems)


def change_problems(change: object) -> list[FieldProblem]:
    if not isinstance(change, (SetText, SetAmount, AddItem, RemoveItem, MoveItem)):
        return [problem("", "Cette modification n'est pas de celles que l'éditeur connaît.",
                        "This change is not one the editor knows.")]
    path = change.list_path if isinstance(change, (AddItem, RemoveItem, MoveItem)) else change.path
    if not isinstance(change.file, (str, Path)) or Path(change.file) not in EDITABLE:
        return [problem("", "L'éditeur ne modifie que les textes du document, de la carte et de la page de "
                        "téléchargement.", "The editor only changes the texts of the document, the map and the "
                        "download page.")]
    if not is_key_path(path):
        return [problem("", "Ce texte n'est pas sur la page : rechargez-la.",
                        "This text is not on the page: reload it.")]
    return CHECKS[type(change)](change)


def is_key_path(path: object) -> bool:
    return (isinstance(path, tuple) and len(path) <= MAX_YAML_DEPTH and
            all(isinstance(part, str) or isinstance(part, int) and not isinstance(part, bool) for part in path))


def text_problems(value: object, field_name: str) -> list[FieldProblem]:
    if not isinstance(value, str):
        return [problem(field_name, "Écrivez un texte.", "Write a text.")]
    if len(value) > MAX_TEXT_CHARS:
        return [problem(field_name, *told.TOO_LONG)]
    if any(unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff" for char in value):
        return [problem(field_name, "Le texte contient un retour à la ligne, une tabulation ou un autre caractère "
                        "de contrôle : écrivez-le sur une seule ligne, sans ces caractères.",
                        "The text holds a line break, a tab or another control character: write it on one line, "
                        "without them.")]
    return []


def set_text_problems(change: SetText) -> list[FieldProblem]:
    if change.lang not in LANGUAGES:
        return [problem("", "Les textes sont en français (fr) ou en anglais (en).",
                        "Texts are in French (fr) or in English (en).")]
    return text_problems(change.value, field_id(change.file, change.path, change.lang))


def set_amount_problems(change: SetAmount) -> list[FieldProblem]:
    here = field_id(change.file, change.path, change.name if isinstance(change.name, str) else "")
    number = change.value
    if (not isinstance(number, (int, Decimal)) or isinstance(number, bool) or not Decimal(number).is_finite()
            or not 0 <= number < MAX_AMOUNT):
        return [problem(here, *told.AMOUNT)]
    if not isinstance(change.currency, str) or not isinstance(change.name, str):
        return [problem(here, *told.CURRENCY)]
    return []


def add_item_problems(change: AddItem) -> list[FieldProblem]:
    here = field_id(change.file, change.list_path, "")
    if type(change.index) is not int or not isinstance(change.item, dict):
        return [problem(here, "Le nouvel élément est incomplet.", "The new item is incomplete.")]
    values = list(item_values(change.item, change.list_path + (change.index,)))
    if len(values) > MAX_ITEM_VALUES or any(value is None for _, _, value in values):
        return [problem(here, "Le nouvel élément est trop grand ou mal formé.",
                        "The new item is too large or malformed.")]
    return [found for path, key, value in values if isinstance(value, str)
            for found in text_problems(value, field_id(change.file, path, key))]


def index_problems(change: RemoveItem | MoveItem) -> list[FieldProblem]:
    indexes = (change.index, change.to) if isinstance(change, MoveItem) else (change.index,)
    if all(isinstance(index, int) and not isinstance(index, bool) for index in indexes):
        return []
    return [problem("", "Cet élément n'est pas dans la liste.", "This item is not in the list.")]


CHECKS: dict[type, Callable[[Change], list[FieldProblem]]] = {
    SetText: set_text_problems, SetAmount: set_amount_problems, AddItem: add_item_problems,
    RemoveItem: index_problems, MoveItem: index_problems}


def item_values(value: object, path: KeyPath, depth: int = 0) -> Iterator[tuple[KeyPath, str, object]]:
    """Each key of a new item with its value, None for one that no file may hold (a key that is no
    name, a value of another kind, nesting too deep)."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        fits = depth < MAX_YAML_DEPTH // 2 and (isinstance(key, int) or isinstance(key, str) and key.isprintable())
        plain = isinstance(child, (dict, list, str, Decimal, float)) or type(child) is int
        yield path, str(key), child if fits and plain else None
        if fits and isinstance(child, (dict, list)):
            yield from item_values(child, path + (key,), depth + 1)


def texts_of(change: object) -> Iterator[str]:
    if isinstance(change, SetText) and isinstance(change.value, str):
        yield change.value
    elif isinstance(change, AddItem) and isinstance(change.item, dict):
        yield from (value for _, _, value in item_values(change.item, ()) if isinstance(value, str))


# ---------------------------------------------------------------- the changes placed in the files

@dataclass
class Plan:
    """One file's edits, each with the field a refusal of it belongs to (from the refused key's
    path under the edit's place)."""

    edits: list[AnyEdit] = field(default_factory=list)
    fields: list[Callable[[KeyPath], str]] = field(default_factory=list)

    def add(self, edit: AnyEdit, field_of: Callable[[KeyPath], str]) -> None:
        self.edits.append(edit)
        self.fields.append(field_of)


class Planner:
    """Places changes made on a snapshot in the files as they are now."""

    def __init__(self, since: Snapshot, states: dict[Path, FileState]) -> None:
        self.since = since
        self.states = states
        self.plans: dict[Path, Plan] = {}
        self.lengths: dict[tuple[Path, KeyPath], int] = {}  # each list edited, as the changes so far left it
        self.taken = {key for state in states.values() for key in unit_keys(state.data)}

    def planned(self, changes: list[Change]) -> dict[Path, Plan]:
        for change in changes:
            file = Path(change.file)
            if file not in self.since.files:
                raise refused("", "La page a expiré : rechargez-la, puis refaites vos modifications.",
                              "The page has expired: reload it, then make your changes again.")
            PLANNERS[type(change)](self, file, change)
        return self.plans

    def plan(self, file: Path) -> Plan:
        return self.plans.setdefault(file, Plan())

    def unit_now(self, file: Path, path: KeyPath, part: str) -> KeyPath:
        """Where the unit at path on the page stands now; Conflict if it changed since."""
        then, now = self.since.files[file], self.states[file]
        if path not in then.units:
            raise refused(field_id(file, path, part), "Ce texte n'est pas sur la page : rechargez-la.",
                          "This text is not on the page: reload it.")
        moved = relocated(path, then, now)
        if moved is None or now.units.get(moved) != then.units[path]:
            raise conflict(file, now, moved, field_id(file, path, part))
        return moved

    def list_now(self, file: Path, change: ListChange) -> KeyPath:
        """Where the list at list_path on the page stands now; Conflict if its items changed since. A
        list not there yet may be made under a unit (a bullet's first nested bullets)."""
        then, now, path = self.since.files[file], self.states[file], change.list_path
        if path not in then.lists:
            if isinstance(change, AddItem) and path[-1:] == ("bullets",) and path[:-1] in then.units:
                made = self.unit_now(file, path[:-1], "") + ("bullets",)
                if made in now.lists:  # someone else made it since
                    raise conflict(file, now, made, "")
                return made
            raise refused("", "Cette liste n'est pas sur la page : rechargez-la.",
                          "This list is not on the page: reload it.")
        moved = relocated(path, then, now)
        if moved is None or now.lists.get(moved) != then.lists[path]:
            raise conflict(file, now, moved, "")
        return moved

    def set_text(self, file: Path, change: SetText) -> None:
        unit = self.unit_now(file, change.path, change.lang)
        self.plan(file).add(Edit(unit, change.lang, change.value), lambda within: field_id(
            file, change.path, within[0] if within[:1] and within[0] in LANGUAGES else change.lang))

    def set_amount(self, file: Path, change: SetAmount) -> None:
        unit = self.unit_now(file, change.path, change.name)
        here = field_id(file, change.path, change.name)
        amounts = node_at(self.states[file].data, unit).get("amounts")
        if not isinstance(amounts, dict) or change.name not in amounts:
            raise refused(here, "Ce texte n'a pas ce montant.", "This text has no such amount.")
        for key, new in (("value", as_number(Decimal(change.value))), ("currency", change.currency)):
            self.plan(file).add(Edit(unit + ("amounts", change.name), key, new), lambda within: here)

    def add_item(self, file: Path, change: AddItem) -> None:
        items = self.list_now(file, change)
        self.check_index(file, items, change.index, extra=1)
        item = with_keys(change.item, True, file == MAP_FILE, self.taken)
        if file == CONTENT_FILE and change.list_path[-1] == "sections":
            item = self.with_section_id(file, change, item)
        new = change.list_path + (change.index,)
        self.plan(file).add(Insert(items, change.index, item), lambda within: field_id(
            file, new + within[:-1], str(within[-1]) if within else ""))
        self.lengths[(file, items)] += 1

    def remove_item(self, file: Path, change: RemoveItem) -> None:
        items = self.list_now(file, change)
        self.check_index(file, items, change.index)
        self.plan(file).add(Remove(items, change.index), lambda within: "")
        self.lengths[(file, items)] -= 1

    def move_item(self, file: Path, change: MoveItem) -> None:
        items = self.list_now(file, change)
        self.check_index(file, items, change.index)
        self.check_index(file, items, change.to)
        if change.to != change.index:
            self.plan(file).add(Move(items, change.index, change.to), lambda within: "")

    def check_index(self, file: Path, items: KeyPath, index: int, extra: int = 0) -> None:
        """An index of the list as the changes so far left it (one more place to add an item at its end)."""
        length = self.lengths.setdefault((file, items), len(self.states[file].lists.get(items, ())))
        if not 0 <= index < length + extra:
            raise refused("", "Cet élément n'est pas dans la liste : rechargez la page.",
                          "This item is not in the list: reload the page.")

    def with_section_id(self, file: Path, change: AddItem, item: dict) -> dict:
        """A new section with the id its English heading makes, unless another section has it."""
        heading = item.get("heading")
        english = heading.get("en") if isinstance(heading, dict) else None
        if "id" in item or not isinstance(english, str):
            return item
        section_id = slug(english)
        if section_id in section_ids(self.states[file].data):
            raise refused(field_id(file, change.list_path + (change.index, "heading"), "en"),
                          f"Une autre section a déjà un titre anglais qui donne l'identifiant « {section_id} » : "
                          "choisissez un autre titre.",
                          f"Another section already has an English heading that makes the id \"{section_id}\": "
                          "choose another heading.")
        return {"id": section_id, **item}


PLANNERS: dict[type, Callable[[Planner, Path, Change], None]] = {
    SetText: Planner.set_text, SetAmount: Planner.set_amount, AddItem: Planner.add_item,
    RemoveItem: Planner.remove_item, MoveItem: Planner.move_item}


def conflict(file: Path, now: FileState, path: KeyPath | None, field_name: str) -> Conflict:
    """The unit or list at path now (None: gone since) changed since the page was built."""
    names = (told.unit_name(file, now.data, path) if path is not None else
             told.name_words("un texte que vous avez modifié", "a text you changed"))
    message = told.words(
        f"Quelqu'un d'autre a enregistré une modification à cet endroit depuis l'ouverture de la page : "
        f"« {told.capitalised(names['fr'])} ». Rechargez la page pour voir la nouvelle version, puis refaites votre "
        "modification.",
        f"Someone else saved a change to {names['en']} since you opened the page: reload the page to see the new "
        "version, then make your change again.")
    return Conflict(FieldProblem(field_name, message), {lang: told.capitalised(name) for lang, name in names.items()})


def with_keys(value: object, listed: bool, labels_listed: bool, taken: set[str]) -> object:
    """The new item with a key drawn for each unit that stands in a list (and for a map entry's label),
    unlike every key taken: keys are affiche's to draw, so any given is replaced."""
    if isinstance(value, list):
        return [with_keys(item, True, labels_listed, taken) for item in value]
    if not isinstance(value, dict):
        return value
    copy = {key: with_keys(child, labels_listed and key == "label", False, taken)
            for key, child in value.items() if key != "key"}
    if not listed or not {"fr", "en"} & set(copy):
        return copy
    key = new_key(taken)
    taken.add(key)
    entries = list(copy.items())
    position = max((index + 1 for index, (name, _) in enumerate(entries) if name in KEY_AFTER), default=len(entries))
    return dict([*entries[:position], ("key", key), *entries[position:]])


def slug(heading: str) -> str:
    """A section id from its heading: its words in lower-case ASCII, joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", heading.replace("*", "")).encode("ascii", "ignore").decode()
    made = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        if len(made) + len(word) + 1 > MAX_SLUG:
            break
        made = f"{made}-{word}" if made else word
    return made


def section_ids(data: object) -> set[str]:
    sections = data.get("sections") if isinstance(data, dict) else None
    return {section["id"] for section in sections or () if isinstance(section, dict) and "id" in section} | {
        found for section in sections or () if isinstance(section, dict) for found in section_ids(section)}


def unit_keys(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get("key"), str):
            yield data["key"]
        for child in data.values():
            yield from unit_keys(child)
    elif isinstance(data, list):
        for child in data:
            yield from unit_keys(child)


def as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
