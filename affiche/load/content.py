"""data/handout.yaml -> the Content: every printed text in both languages, validated and located."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.content import (LEGEND_CATEGORIES, Address, Bullet, Content, Legend, LegendEntry, Section, Text,
                             all_bullets, all_sections)
from ..model.languages import LANGUAGE, LANGUAGES
from ..model.layout import SPECIAL_BLOCKS
from .reader import Reader
from .text import check_unique_keys, read_text
from .yamlsrc import CONTENT_BUDGET, KeyPath, read_yaml

CONTENT_FILE = Path("data") / "handout.yaml"
MAX_BULLET_DEPTH = 3
LABELS = ("page", "contact", "map", "home", "no-places")
ONLINE_LABEL = "online"  # the heading beside the QR code: needed when the content gives links.online
MAX_ADDRESS_LENGTH = 200  # a QR code of 200 characters still reads at 2 cm on a side


def load_content(path: Path, root: Path) -> Content:
    return read_content(Reader(read_yaml(path, root, CONTENT_BUDGET)))


def read_content(reader: Reader) -> Content:
    spec = reader.mapping((), ("date", "title", "author", "subject", "intro", "sections", "legend", "contact",
                               "labels"), ("links",))
    online = read_links(reader) if "links" in spec else None
    sections = tuple(read_section(reader, ("sections", i), depth=0)
                     for i in range(len(reader.sequence(("sections",)))))
    check_unique_ids(reader, sections)
    labels = {key: read_text(reader, ("labels", key), placeholders=False)
              for key in reader.mapping(("labels",), LABELS, (ONLINE_LABEL,))}
    if online is not None and ONLINE_LABEL not in labels:
        raise reader.error(("labels",), f"missing key '{ONLINE_LABEL}', the heading printed beside the QR code "
                           "of links.online", f"add '{ONLINE_LABEL}:' with 'fr:' and 'en:' under 'labels'")
    content = Content(
        source=reader.source.path,
        date=read_date(reader, ("date",)),
        title=read_text(reader, ("title",)),
        author=read_text(reader, ("author",)),
        subject=read_text(reader, ("subject",)),
        intro=tuple(read_text(reader, ("intro", i), listed=True) for i in range(len(reader.sequence(("intro",))))),
        sections=sections,
        legend=read_legend(reader),
        contact=read_text(reader, ("contact",)),
        labels=labels,
        online=online,
    )
    check_unique_keys((*content.intro, *listed_texts(sections)))
    return content


def read_date(reader: Reader, path: KeyPath) -> date:
    text = str(reader.get(path))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise reader.error(path, f"'{text}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-25") from None


def read_section(reader: Reader, path: KeyPath, depth: int) -> Section:
    optional = ("subtitle", "paragraphs", "bullets") + (("sections",) if depth == 0 else ())
    spec = reader.mapping(path, ("id", "heading"), optional)
    section_id = reader.string(path + ("id",), "a section id")
    if not section_id.replace("-", "").isalnum() or section_id != section_id.lower():
        raise reader.error(path + ("id",), f"section id '{section_id}' is not a lowercase word",
                           "use letters, digits and hyphens, e.g. why-engagement")
    if section_id in SPECIAL_BLOCKS:
        raise reader.error(path + ("id",), f"'{section_id}' is reserved for a built-in block", "choose another id")
    listed = {key: range(len(reader.sequence(path + (key,)))) for key in ("paragraphs", "bullets", "sections")
              if key in spec}
    if not listed:
        raise reader.error(path, "the section has no text", "add 'paragraphs:', 'bullets:' or 'sections:'")
    return Section(
        id=section_id,
        heading=read_text(reader, path + ("heading",)),
        where=reader.where(path),
        subtitle=read_text(reader, path + ("subtitle",)) if "subtitle" in spec else None,
        paragraphs=tuple(read_text(reader, path + ("paragraphs", i), listed=True)
                         for i in listed.get("paragraphs", ())),
        bullets=tuple(read_bullet(reader, path + ("bullets", i), 1) for i in listed.get("bullets", ())),
        sections=tuple(read_section(reader, path + ("sections", i), depth + 1) for i in listed.get("sections", ())),
    )


def read_bullet(reader: Reader, path: KeyPath, depth: int) -> Bullet:
    text = read_text(reader, path, nested=("bullets",), listed=True)
    if "bullets" not in reader.get(path):
        return Bullet(text)
    if depth >= MAX_BULLET_DEPTH:
        raise reader.error(path + ("bullets",), f"bullets nested deeper than {MAX_BULLET_DEPTH} levels",
                           "flatten the list")
    children = reader.sequence(path + ("bullets",))
    return Bullet(text, tuple(read_bullet(reader, path + ("bullets", i), depth + 1) for i in range(len(children))))


def listed_texts(sections: tuple[Section, ...]) -> Iterator[Text]:
    """The texts of every section that stand in a list, and so carry a key: paragraphs and bullets."""
    for section in all_sections(sections):
        yield from section.paragraphs
        yield from (bullet.text for bullet in all_bullets(section.bullets))


def check_unique_ids(reader: Reader, sections: tuple[Section, ...]) -> None:
    seen: dict[str, Location] = {}
    for section in all_sections(sections):
        if section.id in seen:
            raise AfficheError(section.where, f"section id '{section.id}' is used twice (first at line "
                               f"{seen[section.id].line})", "give each section its own id")
        seen[section.id] = section.where


def read_legend(reader: Reader) -> Legend:
    reader.mapping(("legend",), ("title", "entries"))
    entries = []
    for i in range(len(reader.sequence(("legend", "entries")))):
        path = ("legend", "entries", i)
        spec = reader.mapping(path, ("category", "label"))
        if spec["category"] not in LEGEND_CATEGORIES or isinstance(spec["category"], bool):
            raise reader.error(path + ("category",), f"unknown legend category {spec['category']!r}",
                               "use 1, 2 or 3")
        entries.append(LegendEntry(spec["category"], read_text(reader, path + ("label",))))
    categories = [entry.category for entry in entries]
    if sorted(categories) != list(LEGEND_CATEGORIES):
        raise reader.error(("legend", "entries"), f"legend categories are {categories}",
                           "list categories 1, 2 and 3 once each")
    return Legend(read_text(reader, ("legend", "title")), tuple(entries))


def read_links(reader: Reader) -> Address | None:
    """`links: {online: {fr: https://…, en: https://…}}`: the online version, in each language."""
    spec = reader.mapping(("links",), (), ("online",))
    if "online" not in spec:
        return None
    reader.mapping(("links", "online"), LANGUAGES)
    addresses = {lang: read_address(reader, ("links", "online", lang)) for lang in LANGUAGES}
    return Address(addresses["fr"], addresses["en"], reader.where(("links", "online")))


def read_address(reader: Reader, path: KeyPath) -> str:
    """An https address: printed as typed and encoded in a QR code, so bounded and plain."""
    address = reader.string(path, f"the {LANGUAGE[path[-1]].name} address")
    if not address.startswith("https://") or len(address) <= len("https://"):
        raise reader.error(path, f"'{address[:60]}' is not an https address",
                           "write the whole address, starting with https://")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise reader.error(path, f"the address is {len(address)} characters, more than {MAX_ADDRESS_LENGTH}",
                           "use the page's shorter address")
    if any(not char.isprintable() or char.isspace() or char in "<>\"'`\\" or ord(char) > 126 for char in address):
        raise reader.error(path, "the address holds a space, a quote or a character outside ASCII",
                           "write it percent-encoded, as a browser's address bar copies it")
    return address
