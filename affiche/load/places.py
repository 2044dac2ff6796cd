"""data/map.yaml -> the marked places, validated against CLDR's country codes."""
from __future__ import annotations

from pathlib import Path

from ..map.countries import country_name
from ..map.draw import WORLD_FILE
from ..model.content import LEGEND_CATEGORIES
from ..model.places import MapContent, MapEntry, Place
from .files import project_file
from .reader import Reader
from .text import check_unique_keys, read_text
from .yamlsrc import KeyPath, read_yaml

MAP_FILE = Path("data") / "map.yaml"


def load_map_content(root: Path) -> MapContent:
    return read_map_content(Reader(read_yaml(root / MAP_FILE, root)), root)


def read_map_content(reader: Reader, root: Path) -> MapContent:
    reader.mapping((), ("home", "entries"))
    # The map is drawn while the editions render, after the first ones are written: checked now,
    # a world atlas that cannot be read stops the build before it writes anything.
    project_file(root / WORLD_FILE, root)
    home = read_country(reader, ("home",))
    entries = tuple(read_entry(reader, ("entries", i))
                    for i in range(len(reader.sequence(("entries",), allow_empty=True))))
    check_unique_keys(entry.label for entry in entries if entry.label is not None)
    return MapContent(reader.source.path, home, entries)


def read_entry(reader: Reader, path: KeyPath) -> MapEntry:
    spec = reader.mapping(path, ("category", "place", "source"), ("label",))
    category = spec["category"]
    if category not in LEGEND_CATEGORIES or isinstance(category, bool):
        raise reader.error(path + ("category",), f"unknown legend category {category!r}", "use 1, 2 or 3")
    place = read_place(reader, path + ("place",))
    if place.country is None and "label" not in spec:
        raise reader.error(path, "a point needs a label", "add 'label:' with 'fr:' and 'en:'")
    return MapEntry(
        category=category,
        place=place,
        label=read_text(reader, path + ("label",), listed=True) if "label" in spec else None,
        source=" ".join(reader.string(path + ("source",), "the quoted sentence").split()),
        where=reader.where(path),
    )


def read_place(reader: Reader, path: KeyPath) -> Place:
    spec = reader.mapping(path, (), ("country", "point"))
    if len(spec) != 1:
        raise reader.error(path, "a place is either a country or a point",
                           "write 'country: GB' or 'point: {lat: 46.2, lon: 6.1}'")
    if "country" in spec:
        return Place(country=read_country(reader, path + ("country",)))
    point = reader.mapping(path + ("point",), ("lat", "lon"))
    lat = read_degrees(reader, path + ("point", "lat"), point["lat"], 90)
    lon = read_degrees(reader, path + ("point", "lon"), point["lon"], 180)
    return Place(lat=lat, lon=lon)


def read_country(reader: Reader, path: KeyPath) -> str:
    code = reader.string(path, "an ISO 3166 country code")
    try:
        country_name(code, "en")
    except KeyError:
        raise reader.error(path, f"unknown country code '{code}'",
                           "use the two capital letters of ISO 3166-1, e.g. GB for the United Kingdom") from None
    return code


def read_degrees(reader: Reader, path: KeyPath, value: object, limit: int) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not -limit <= value <= limit:
        axis = "latitude" if limit == 90 else "longitude"
        raise reader.error(path, f"{axis} {value!r} is out of range", f"use decimal degrees from -{limit} to {limit}")
    return float(value)
