"""The document as the editor's form shows it: groups in reading order, each a list of rows.

A row is one unit (a French and an English field), the heading of a subsection, a place on the
map, or a form to add a bullet, a section or a place. The rows are made from the same units that
`check`, the translation state and the XLIFF exchange walk (model/text_units.py), in the same
order, so that every unit the project holds is on the page once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..load.content import CONTENT_FILE
from ..load.page_words import PAGE_WORDS_FILE
from ..load.places import MAP_FILE
from ..model.places import MapEntry
from ..model.text_units import KeyPath, Unit
from ..project import Project


@dataclass(frozen=True)
class Item:
    """Where a unit or a section stands in the list that holds it, for the buttons that move it."""

    list_path: KeyPath
    index: int
    count: int  # items in the list

    @property
    def first(self) -> bool:
        return self.index == 0

    @property
    def last(self) -> bool:
        return self.index == self.count - 1


@dataclass(frozen=True)
class Row:
    kind: str  # "unit", "section", "place", "add-text" (a bullet or a paragraph), "add-section", "add-place"
    file: Path
    path: KeyPath  # the unit's mapping, the section's, the place's, or the list to add to
    role: str = ""  # what the unit is: "title", "bullet", "heading", … (messages.py names it)
    unit: Unit | None = None
    item: Item | None = None  # for what can be moved or removed
    depth: int = 0  # bullets within bullets, sections within sections
    entry: MapEntry | None = None
    heading: Unit | None = None  # a subsection's, which names it


@dataclass
class Group:
    """A part of the form with its own heading and Save button: a section, the legend, the map…"""

    id: str
    role: str  # "document", "intro", "section", "legend", "contact", "labels", "map", "download-page"
    title: Unit | None = None  # a section's heading, which names the group
    item: Item | None = None  # a section, which can be moved or removed
    rows: list[Row] = field(default_factory=list)
    file: Path = CONTENT_FILE

    def units(self) -> list[Unit]:
        return [row.unit for row in self.rows if row.unit is not None]


def document_groups(project: Project) -> list[Group]:
    units = project.units()
    counts = Counter(unit.key_path[:-1] for unit in units if unit.listed)  # the items of each list
    groups: dict[str, Group] = {}
    for unit in units:
        if unit.file == str(MAP_FILE):
            continue  # the map's labels go with their places, below
        group = group_of(unit, project, groups)
        group.rows += unit_rows(unit, counts)
    add_rows(groups)
    order = list(groups)
    order.insert(order.index("labels") + 1, "map")  # where the map's labels stand among the units
    groups["map"] = map_group(project, {unit.key_path: unit for unit in units if unit.file == str(MAP_FILE)})
    return [groups[key] for key in order]


GROUP_OF_KEY = {"title": "document", "author": "document", "subject": "document", "intro": "intro",
                "legend": "legend", "contact": "contact", "labels": "labels"}


def group_of(unit: Unit, project: Project, groups: dict[str, Group]) -> Group:
    if unit.file == str(PAGE_WORDS_FILE):
        key, role = "download-page", "download-page"
        groups.setdefault(key, Group(key, role, file=PAGE_WORDS_FILE))
    elif unit.key_path[0] == "sections":
        key, role = f"section-{unit.sections[0].id}", "section"
    else:
        key = role = GROUP_OF_KEY[unit.key_path[0]]
    if key not in groups:
        groups[key] = Group(key, role)
        if role == "section":
            index = unit.key_path[1]
            groups[key].title = unit
            groups[key].item = Item(("sections",), index, len(project.content.sections))
    return groups[key]


def unit_rows(unit: Unit, counts: Counter) -> list[Row]:
    file, path = Path(unit.file), unit.key_path
    if path[0] == "sections":
        return section_unit_rows(unit, counts)
    if unit.listed:
        return [Row("unit", file, path, "paragraph", unit, Item(path[:-1], path[-1], counts[path[:-1]]))]
    if file == PAGE_WORDS_FILE or path[0] == "labels":
        role = "label"
    elif path[0] == "legend":
        role = "legend-title" if path[-1] == "title" else "legend-entry"
    else:
        role = path[0]  # title, author, subject, contact
    return [Row("unit", file, path, role, unit)]


def section_unit_rows(unit: Unit, counts: Counter) -> list[Row]:
    """A unit of a section; a subsection's heading opens the subsection with a row of its own."""
    file, path = Path(unit.file), unit.key_path
    depth = len(unit.sections) - 1
    if path[-1] == "heading":
        rows = [Row("unit", file, path, "heading", unit, depth=depth)]
        if depth:
            section_path = path[:-1]
            item = Item(section_path[:-1], section_path[-1], len(unit.sections[-2].sections))
            rows.insert(0, Row("section", file, section_path, "subsection", item=item, depth=depth, heading=unit))
        return rows
    if path[-1] == "subtitle":
        return [Row("unit", file, path, "subtitle", unit, depth=depth)]
    role = "bullet" if path[-2] == "bullets" else "paragraph"
    bullet_depth = sum(part == "bullets" for part in path) - 1
    return [Row("unit", file, path, role, unit, Item(path[:-1], path[-1], counts[path[:-1]]),
                depth + bullet_depth)]


def add_rows(groups: dict[str, Group]) -> None:
    """After each list of bullets or paragraphs its form to add one, and after each list of sections
    its form to add a section."""
    for group in groups.values():
        lists = {row.item.list_path: row for row in group.rows if row.kind == "unit" and row.item is not None}
        ends = {list_path: 1 + max(position for position, row in enumerate(group.rows)
                                   if row.path[:len(list_path)] == list_path)
                for list_path in lists}  # the row after the list's last item and all it holds
        for list_path, position in sorted(ends.items(), key=lambda pair: -pair[1]):
            group.rows.insert(position, adding("add-text", lists[list_path]))
        subsections = [row for row in group.rows if row.kind == "section"]
        if subsections:
            group.rows.append(adding("add-section", subsections[0]))
    sections = [group for group in groups.values() if group.role == "section"]
    sections[-1].rows.append(adding("add-section", Row("section", CONTENT_FILE, (), item=sections[-1].item)))


def adding(kind: str, sibling: Row) -> Row:
    """The form to add an item at the end of the list that holds `sibling`: its index will be the count."""
    item = Item(sibling.item.list_path, sibling.item.count, sibling.item.count)
    return Row(kind, sibling.file, item.list_path, sibling.role, item=item, depth=sibling.depth)


def map_group(project: Project, labels: dict[KeyPath, Unit]) -> Group:
    """Each place with its legend category, then its label when it has one."""
    entries = project.places.entries
    group = Group("map", "map", file=MAP_FILE)
    for index, entry in enumerate(entries):
        path = ("entries", index)
        item = Item(("entries",), index, len(entries))
        group.rows.append(Row("place", MAP_FILE, path, "place", item=item, entry=entry))
        if entry.label is not None:
            group.rows.append(Row("unit", MAP_FILE, path + ("label",), "place-label", labels[path + ("label",)],
                                  depth=1))
    group.rows.append(Row("add-place", MAP_FILE, ("entries",), item=Item(("entries",), len(entries), len(entries))))
    return group
