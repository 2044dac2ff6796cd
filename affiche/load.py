"""load: YAML files -> validated, typed model objects, with located errors.

Every problem is reported as file:line:column, the key path, what was expected
and how to fix it. Limits keep absurd input from turning into a hang.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import is_currency

from . import inline
from .errors import AfficheError, Location
from .model import (LANGUAGES, Amount, Bilingual, Bullet, Colour, Content, FontFace, FontFamily, Layout, Legend,
                    LegendEntry, PosterLayout, Preflight, PrintSpec, Section, Text, Theme, TypeScale)
from .units import MM_PER_UNIT, PAGE_SIZES_MM, parse_length_mm, parse_points
from .yamlsrc import CONTENT_BUDGET, KeyPath, SourceFile, read_yaml

MAX_TEXT_CHARS = 5_000
MAX_ITEMS = 500  # bullets, paragraphs or sections in one list
MAX_BULLET_DEPTH = 3
LEGEND_CATEGORIES = (1, 2, 3)
SPECIAL_BLOCKS = ("intro", "map", "legend", "contact")
LABELS = ("page", "contact", "map", "home", "no-places")
THEME_COLOURS = ("ink", "accent", "muted", "rule", "panel", "category-1", "category-2", "category-3",
                 "home", "ocean", "land", "border")
FACE_STYLES = {"regular": (400, "normal"), "italic": (400, "italic"), "bold": (700, "normal"),
               "bold-italic": (700, "italic"), "black": (900, "normal")}
MM_LIMITS = {"page": (50.0, 2000.0)}
POINT_LIMITS = (4.0, 300.0)
MIN_EMS_PER_LINE = 12  # in a handout column; 20 or more is usual
# Theme strings that reach the handout's CSS: no quotes, parentheses or backslashes to break out of it.
FAMILY_NAME = re.compile(r"\w[\w .-]*")
FONT_FILE_NAME = re.compile(r"/?[\w .+-]+(/[\w .+-]+)*")  # a leading / fails as outside fonts/
WEB_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


class Reader:
    """Typed accessors over one SourceFile that fail with located, fixable messages."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def error(self, path: KeyPath, problem: str, fix: str = "") -> AfficheError:
        return self.source.error(path, problem, fix)

    def get(self, path: KeyPath) -> Any:
        value = self.source.data
        for part in path:
            value = value[part]
        return value

    def mapping(self, path: KeyPath, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        value = self.get(path)
        what = format_what(path)
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping of keys for {what}, got {describe(value)}",
                             f"write it as 'key: value' lines; keys: {', '.join(required + optional)}")
        allowed = required + optional
        for key in value:
            if key not in allowed:
                raise self.error(path + (key,), f"unknown key '{key}'", f"valid keys here: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                raise self.error(path, f"missing key '{key}'", f"add '{key}:' under {what}")
        return value

    def sequence(self, path: KeyPath, *, allow_empty: bool = False) -> list:
        value = self.get(path)
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, got {describe(value)}", "start each item with '- '")
        if not value and not allow_empty:
            raise self.error(path, "the list is empty", "add at least one item or remove the key")
        if len(value) > MAX_ITEMS:
            raise self.error(path, f"{len(value)} items, more than the {MAX_ITEMS} allowed",
                             "split the content into shorter lists")
        return value

    def string(self, path: KeyPath, what: str = "text") -> str:
        value = self.get(path)
        if not isinstance(value, str):
            raise self.error(path, f"expected {what}, got {describe(value)}", "put the value in quotes")
        if not value.strip():
            raise self.error(path, f"{what} is empty", "write the text or remove the key")
        if len(value) > MAX_TEXT_CHARS:
            raise self.error(path, f"{len(value)} characters, more than the {MAX_TEXT_CHARS} allowed",
                             "split it into several paragraphs or bullets")
        return value

    def length_mm(self, path: KeyPath, low: float, high: float) -> float:
        try:
            value = parse_length_mm(self.get(path))
        except ValueError as exc:
            raise self.error(path, str(exc), "write a number followed by mm, cm, in or pt") from None
        if not low <= value <= high:
            raise self.error(path, f"{value:.1f} mm is outside {low:g}–{high:g} mm", "use a realistic size")
        return value

    def points(self, path: KeyPath) -> float:
        try:
            value = parse_points(self.get(path))
        except ValueError as exc:
            raise self.error(path, str(exc), "write a size such as 9.5pt") from None
        low, high = POINT_LIMITS
        if not low <= value <= high:
            raise self.error(path, f"{value:g} pt is outside {low:g}–{high:g} pt", "use a realistic type size")
        return value

    def where(self, path: KeyPath) -> Location:
        return self.source.at(path)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no value {value!r} (YAML reads yes, no, on, off as booleans)"
    kinds = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}
    return f"{kinds.get(type(value), type(value).__name__)} {value!r}"[:80]


def format_what(path: KeyPath) -> str:
    return f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this item"


# ---------------------------------------------------------------- content

def load_content(path: Path, root: Path) -> Content:
    reader = Reader(read_yaml(path, relative_name(path, root), CONTENT_BUDGET))
    reader.mapping((), ("date", "title", "author", "subject", "intro", "sections", "legend", "contact", "labels"))
    sections = tuple(read_section(reader, ("sections", i), depth=0)
                     for i in range(len(reader.sequence(("sections",)))))
    check_unique_ids(reader, sections)
    labels = {key: read_text(reader, ("labels", key), placeholders=False)
              for key in reader.mapping(("labels",), LABELS)}
    return Content(
        source=reader.source.path,
        date=read_date(reader, ("date",)),
        title=read_text(reader, ("title",)),
        author=read_text(reader, ("author",)),
        subject=read_text(reader, ("subject",)),
        intro=tuple(read_text(reader, ("intro", i)) for i in range(len(reader.sequence(("intro",))))),
        sections=sections,
        legend=read_legend(reader),
        contact=read_text(reader, ("contact",)),
        labels=labels,
    )


def read_date(reader: Reader, path: KeyPath) -> date:
    text = str(reader.get(path))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise reader.error(path, f"'{text}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-25") from None


def relative_name(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_text(reader: Reader, path: KeyPath, *, placeholders: bool = True, nested: tuple[str, ...] = ()) -> Text:
    """A bilingual unit: {fr, en} plus the amounts and links its placeholders name."""
    unit = reader.get(path)
    if isinstance(unit, str):
        raise reader.error(path, "expected a French and an English version, got a single text",
                           "write it as 'fr: …' and 'en: …' on two indented lines")
    extra = ("amounts", "links") if placeholders else ()
    reader.mapping(path, LANGUAGES, extra + nested)
    texts = {lang: reader.string(path + (lang,), f"the {'French' if lang == 'fr' else 'English'} text")
             for lang in LANGUAGES}
    for lang, value in texts.items():
        try:
            inline.parse_runs(value)
        except inline.MarkupError as exc:
            raise reader.error(path + (lang,), str(exc), exc.fix) from None
    amounts = read_amounts(reader, path + ("amounts",)) if "amounts" in unit else {}
    links = read_links(reader, path + ("links",)) if "links" in unit else {}
    if placeholders:
        check_placeholders(reader, path, texts, set(amounts) | set(links))
    return Text(texts["fr"], texts["en"], reader.where(path), amounts, links)


def check_placeholders(reader: Reader, path: KeyPath, texts: dict[str, str], defined: set[str]) -> None:
    for lang, value in texts.items():
        used = inline.placeholders(value)
        for name in sorted(used - defined):
            raise reader.error(path + (lang,), f"{{{name}}} is not defined",
                               "add it under 'amounts:' or 'links:' of this unit, or remove the braces")
        for name in sorted(defined - used):
            raise reader.error(path + (lang,), f"{{{name}}} is defined but this text does not use it",
                               f"write {{{name}}} where the value belongs")


def read_amounts(reader: Reader, path: KeyPath) -> dict:
    amounts = {}
    for name in reader.mapping(path, (), tuple(reader.get(path) or ())):
        here = path + (name,)
        spec = reader.mapping(here, ("value", "currency"), ("style",))
        try:
            value = Decimal(str(spec["value"]))
        except InvalidOperation:
            raise reader.error(here + ("value",), "expected a number", "write digits only, e.g. 300000") from None
        if isinstance(spec["value"], bool) or not 0 <= value < Decimal(10) ** 15:
            raise reader.error(here + ("value",), f"amount {spec['value']!r} is out of range",
                               "write a positive number of dollars, digits only")
        currency = reader.string(here + ("currency",), "a currency code")
        if not is_currency(currency):
            raise reader.error(here + ("currency",), f"unknown currency code '{currency}'",
                               "use an ISO 4217 code such as CAD, USD or EUR")
        style = spec.get("style", "figures")
        if style not in ("figures", "words"):
            raise reader.error(here + ("style",), f"unknown amount style '{style}'",
                               "use 'figures' (300 000 $) or 'words' (21 millions de dollars)")
        amounts[name] = Amount(value, currency, style)
    return amounts


def read_links(reader: Reader, path: KeyPath) -> dict:
    links = {}
    for name in reader.mapping(path, (), tuple(reader.get(path) or ())):
        address = reader.string(path + (name,), "an e-mail address")
        if "@" not in address or any(not char.isprintable() or char.isspace() or char in "<>\"'"
                                     for char in address):
            raise reader.error(path + (name,), f"'{address}' is not an e-mail address",
                               "write it as name@domain, without spaces or quotes")
        links[name] = address
    return links


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
        paragraphs=tuple(read_text(reader, path + ("paragraphs", i)) for i in listed.get("paragraphs", ())),
        bullets=tuple(read_bullet(reader, path + ("bullets", i), 1) for i in listed.get("bullets", ())),
        sections=tuple(read_section(reader, path + ("sections", i), depth + 1) for i in listed.get("sections", ())),
    )


def read_bullet(reader: Reader, path: KeyPath, depth: int) -> Bullet:
    text = read_text(reader, path, nested=("bullets",))
    if "bullets" not in reader.get(path):
        return Bullet(text)
    if depth >= MAX_BULLET_DEPTH:
        raise reader.error(path + ("bullets",), f"bullets nested deeper than {MAX_BULLET_DEPTH} levels",
                           "flatten the list")
    children = reader.sequence(path + ("bullets",))
    return Bullet(text, tuple(read_bullet(reader, path + ("bullets", i), depth + 1) for i in range(len(children))))


def check_unique_ids(reader: Reader, sections: tuple[Section, ...]) -> None:
    seen: dict[str, Location] = {}
    for section in all_sections(sections):
        if section.id in seen:
            raise AfficheError(section.where, f"section id '{section.id}' is used twice (first at line "
                               f"{seen[section.id].line})", "give each section its own id")
        seen[section.id] = section.where


def all_sections(sections: tuple[Section, ...]):
    for section in sections:
        yield section
        yield from all_sections(section.sections)


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


# ---------------------------------------------------------------- layouts and themes

TYPE_KEYS = ("base", "leading", "title", "heading", "subheading", "small")
BLOCK_REGIONS = ("lead", "body", "closing")


def layout_names(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "layouts").glob("*.yaml"))


def load_layout(name: str, root: Path, content: Content) -> Layout | PosterLayout:
    if Path(name).name != name or name.startswith("."):  # its name also names the outputs
        raise AfficheError(Location("command line"), f"layout name '{name}' is not a plain name",
                           "give the name of a file in layouts/ without folder or '.yaml', e.g. handout-letter")
    path = root / "layouts" / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(layout_names(root)) or "none"
        raise AfficheError(Location(f"layouts/{name}.yaml"), f"no layout named '{name}'", f"known layouts: {known}")
    reader = Reader(read_yaml(path, relative_name(path, root)))
    if not isinstance(reader.get(()), dict) or "document" not in reader.get(()):
        raise reader.error((), "missing key 'document'", "start the layout with 'document: handout' or 'poster'")
    document = reader.string(("document",), "a document kind")
    if document == "poster":
        from .load_poster import read_poster_layout  # it builds on this module's readers
        return read_poster_layout(reader, name, root, content)
    if document != "handout":
        raise reader.error(("document",), f"unknown document kind '{document}'", "use 'handout' or 'poster'")
    return read_handout_layout(reader, name, root, content)


def read_handout_layout(reader: Reader, name: str, root: Path, content: Content) -> Layout:
    spec = reader.mapping((), ("document", "theme", "page", "type", "blocks"),
                          ("columns", "column-gap", "languages", "footer", "preflight", "print", "bilingual"))
    width, height = read_page_size(reader)
    margins = read_margins(reader, width, height)
    bilingual = read_bilingual(reader, HANDOUT_BILINGUAL_FORMATS)
    side_by_side = bilingual is not None and bilingual.format == "side-by-side"
    if side_by_side and "columns" in spec:
        raise reader.error(("columns",), "a side-by-side layout sets French and English in its two columns",
                           "remove 'columns:' ('column-gap:' sets the space between the languages)")
    columns = 2 if side_by_side else spec.get("columns", 1)
    if not isinstance(columns, int) or isinstance(columns, bool) or not 1 <= columns <= 4:
        raise reader.error(("columns",), f"columns must be a whole number from 1 to 4, got {columns!r}",
                           "write 1, 2, 3 or 4")
    column_gap = reader.length_mm(("column-gap",), 0, 50) if "column-gap" in spec else 6.0
    type_scale = read_type_scale(reader)
    check_measure(reader, width - margins[1] - margins[3], columns, column_gap, type_scale)
    regions = read_blocks(reader, content)
    return Layout(
        name=name,
        source=reader.source.path,
        document="handout",
        page_width_mm=width,
        page_height_mm=height,
        margins_mm=margins,
        columns=columns,
        column_gap_mm=column_gap,
        type_scale=type_scale,
        theme=load_theme(reader, root),
        languages=bilingual.languages if bilingual else read_languages(reader),
        lead=regions["lead"],
        body=regions["body"],
        closing=regions["closing"],
        footer=read_flag(reader, ("footer",), default=True),
        preflight=read_preflight(reader),
        print_spec=read_print(reader),
        bilingual=bilingual,
    )


def check_measure(reader: Reader, text_width_mm: float, columns: int, gap_mm: float, scale: TypeScale) -> None:
    """Every type size must fit MIN_EMS_PER_LINE ems on a line: WeasyPrint takes minutes to set
    a word or two per line over hundreds of pages, which no one means to print."""
    column_mm = (text_width_mm - gap_mm * (columns - 1)) / columns
    if column_mm <= 0:
        raise reader.error(("column-gap",), f"{columns} columns with {gap_mm:g} mm gaps do not fit in the "
                           f"{text_width_mm:.0f} mm between the margins", "use fewer columns or a smaller gap")
    for key in ("title", "heading", "subheading", "base", "small"):
        measure_mm = text_width_mm if key == "title" else column_mm
        size = getattr(scale, key)
        ems = measure_mm / (size * MM_PER_UNIT["pt"])
        if ems < MIN_EMS_PER_LINE:
            raise reader.error(("type", key), f"{size:g} pt fits only {ems:.1f} ems on a {measure_mm:.0f} mm line "
                               f"(at least {MIN_EMS_PER_LINE} are needed)",
                               "lower the type size, or use fewer columns or narrower margins")


def read_page_size(reader: Reader) -> tuple[float, float]:
    page = reader.mapping(("page",), ("size",), ("margins", "orientation"))
    size = page["size"]
    low, high = MM_LIMITS["page"]
    if isinstance(size, str):
        if size.lower() not in PAGE_SIZES_MM:
            raise reader.error(("page", "size"), f"unknown page size '{size}'",
                               f"use one of {', '.join(PAGE_SIZES_MM)} or [width, height] such as [210mm, 297mm]")
        width, height = PAGE_SIZES_MM[size.lower()]
    elif isinstance(size, list) and len(size) == 2:
        width, height = (reader.length_mm(("page", "size", i), low, high) for i in range(2))
    else:
        raise reader.error(("page", "size"), f"expected a page size name or [width, height], got {describe(size)}",
                           "write e.g. 'size: letter' or 'size: [210mm, 297mm]'")
    orientation = page.get("orientation", "portrait")
    if orientation not in ("portrait", "landscape"):
        raise reader.error(("page", "orientation"), f"unknown orientation '{orientation}'",
                           "use portrait or landscape")
    if (orientation == "landscape") != (width > height):
        width, height = height, width
    return width, height


def read_margins(reader: Reader, width: float, height: float) -> tuple[float, float, float, float]:
    if "margins" not in reader.get(("page",)):
        return (18.0, 16.0, 18.0, 16.0)
    path = ("page", "margins")
    values = reader.get(path)
    if not isinstance(values, list) or len(values) != 4:
        raise reader.error(path, f"expected four margins, got {describe(values)}",
                           "write [top, right, bottom, left] such as [18mm, 16mm, 20mm, 16mm]")
    top, right, bottom, left = (reader.length_mm(path + (i,), 0, min(width, height) / 3) for i in range(4))
    return top, right, bottom, left


def read_type_scale(reader: Reader) -> TypeScale:
    spec = reader.mapping(("type",), TYPE_KEYS)
    leading = spec["leading"]
    if not isinstance(leading, (int, float)) or isinstance(leading, bool) or not 1.0 <= leading <= 3.0:
        raise reader.error(("type", "leading"), f"leading must be a number from 1.0 to 3.0, got {leading!r}",
                           "write e.g. 1.35 (times the type size)")
    sizes = {key: reader.points(("type", key)) for key in TYPE_KEYS if key != "leading"}
    return TypeScale(leading=float(leading), **sizes)


def read_languages(reader: Reader) -> tuple[str, ...]:
    if "languages" not in reader.get(()):
        return LANGUAGES
    values = reader.sequence(("languages",))
    for i, lang in enumerate(values):
        if lang not in LANGUAGES:
            raise reader.error(("languages", i), f"unknown language {lang!r}", "use fr and/or en")
    return tuple(dict.fromkeys(values))


def read_preflight(reader: Reader) -> Preflight:
    """`preflight: {min-text-size: 7pt}`: the layout's own limits for `render.py check`."""
    if "preflight" not in reader.get(()):
        return Preflight()
    spec = reader.mapping(("preflight",), (), ("min-text-size",))
    if "min-text-size" not in spec:
        return Preflight()
    return Preflight(min_text_size=reader.points(("preflight", "min-text-size")))


PRINT_MARKS = ("crop", "none")
PRINT_PDF_VARIANTS = ("pdf/x-4",)
MAX_BLEED_MM = 25.0


def read_print(reader: Reader) -> PrintSpec | None:
    """`print: {bleed: 3mm, marks: crop, pdf: pdf/x-4}`: also build a print-shop PDF."""
    if "print" not in reader.get(()):
        return None
    spec = reader.mapping(("print",), ("bleed",), ("marks", "pdf"))
    marks = spec.get("marks", "crop")
    if marks not in PRINT_MARKS:
        raise reader.error(("print", "marks"), f"marks must be {' or '.join(PRINT_MARKS)}, got {describe(marks)}",
                           "write 'marks: crop' for crop marks outside the bleed, or 'marks: none'")
    variant = spec.get("pdf", "pdf/x-4")
    if not isinstance(variant, str) or variant.lower() not in PRINT_PDF_VARIANTS:
        raise reader.error(("print", "pdf"), f"unsupported print PDF flavour, got {describe(variant)}",
                           f"use one of: {', '.join(PRINT_PDF_VARIANTS)}")
    return PrintSpec(bleed_mm=reader.length_mm(("print", "bleed"), 0, MAX_BLEED_MM), marks=marks,
                     pdf=variant.lower(), where=reader.where(("print",)))


HANDOUT_BILINGUAL_FORMATS = ("side-by-side", "tete-beche")


def read_bilingual(reader: Reader, formats: tuple[str, ...]) -> Bilingual | None:
    """`bilingual: {format: side-by-side, first: fr}`: build one edition holding both languages
    instead of one edition per language."""
    if "bilingual" not in reader.get(()):
        return None
    spec = reader.mapping(("bilingual",), ("format", "first"))
    if spec["format"] not in formats:
        raise reader.error(("bilingual", "format"), f"unknown bilingual format {spec['format']!r}",
                           f"use one of: {', '.join(formats)}")
    if spec["first"] not in LANGUAGES:
        raise reader.error(("bilingual", "first"), f"unknown language {spec['first']!r}",
                           "write fr or en: the language read first")
    if "languages" in reader.get(()):
        raise reader.error(("languages",), "a bilingual layout always holds both languages",
                           "remove 'languages:' (or 'bilingual:' for one edition per language)")
    return Bilingual(spec["format"], spec["first"], reader.where(("bilingual",)))


def read_flag(reader: Reader, path: KeyPath, default: bool) -> bool:
    if path[-1] not in reader.get(path[:-1]):
        return default
    value = reader.get(path)
    if not isinstance(value, bool):
        raise reader.error(path, f"expected true or false, got {describe(value)}", "write true or false")
    return value


def read_blocks(reader: Reader, content: Content) -> dict[str, tuple[str, ...]]:
    spec = reader.mapping(("blocks",), (), BLOCK_REGIONS)
    known = SPECIAL_BLOCKS + content.section_ids()
    placed: dict[str, KeyPath] = {}
    regions = {}
    for region in BLOCK_REGIONS:
        names = reader.sequence(("blocks", region)) if region in spec else []
        for i, name in enumerate(names):
            path = ("blocks", region, i)
            if name not in known:
                raise reader.error(path, f"unknown section '{name}'", f"sections in {content.source}: {', '.join(known)}")
            if name in placed:
                raise reader.error(path, f"section '{name}' is placed twice", "keep it in one place")
            placed[name] = path
        regions[region] = tuple(names)
    if not placed:
        raise reader.error(("blocks",), "the layout places no section", f"list some of: {', '.join(known)}")
    return regions


def load_theme(layout_reader: Reader, root: Path) -> Theme:
    name = layout_reader.string(("theme",), "a theme name")
    if not name.replace("-", "").isalnum():
        raise layout_reader.error(("theme",), f"theme name '{name}' is not a plain name",
                                  "give the name of a file in layouts/themes/ without folder or '.yaml', e.g. ircc")
    path = root / "layouts" / "themes" / f"{name}.yaml"
    if not path.is_file():
        raise layout_reader.error(("theme",), f"no theme named '{name}' in layouts/themes/",
                                  "create layouts/themes/<name>.yaml or fix the name")
    reader = Reader(read_yaml(path, relative_name(path, root)))
    reader.mapping((), ("colours", "fonts"))
    colours = {key: read_colour(reader, ("colours", key)) for key in reader.mapping(
        ("colours",), THEME_COLOURS)}
    fonts = {role: read_font_family(reader, ("fonts", role), root) for role in reader.mapping(
        ("fonts",), ("body", "headings"))}
    return Theme(name, colours, fonts)


def read_colour(reader: Reader, path: KeyPath) -> Colour:
    spec = reader.mapping(path, ("cmyk", "srgb"))
    cmyk = spec["cmyk"]
    if (not isinstance(cmyk, list) or len(cmyk) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in cmyk)):
        raise reader.error(path + ("cmyk",), f"expected four percentages, got {describe(cmyk)}",
                           "write [cyan, magenta, yellow, black], each 0 to 100")
    srgb = reader.string(path + ("srgb",), "an sRGB colour")
    if len(srgb) != 7 or srgb[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in srgb[1:]):
        raise reader.error(path + ("srgb",), f"'{srgb}' is not an sRGB colour", "write it as #RRGGBB")
    return Colour(str(path[-1]), tuple(float(v) for v in cmyk), srgb.lower())


def read_font_family(reader: Reader, path: KeyPath, root: Path) -> FontFamily:
    reader.mapping(path, ("family", "faces"))  # only these two keys
    family = reader.string(path + ("family",), "a font family name")
    if not FAMILY_NAME.fullmatch(family):
        raise reader.error(path + ("family",), f"font family name '{family}' has characters other than letters, "
                           "digits, spaces, '.' and '-'", "write the family name as the font names it, e.g. Noto Sans")
    faces = []
    for style in reader.mapping(path + ("faces",), (), tuple(FACE_STYLES)):
        here = path + ("faces", style)
        file = reader.string(here, "a font file")
        if WEB_ADDRESS.match(file):
            raise reader.error(here, f"font '{file}' is a web address: fonts are read only from the project's "
                               "fonts/ folder, never downloaded",
                               "save the font file in fonts/ and give its path there")
        if not FONT_FILE_NAME.fullmatch(file):
            raise reader.error(here, f"font file name '{file}' has characters other than letters, digits, "
                               "spaces and . _ - + /", "rename the file")
        font_path = (root / "fonts" / file).resolve()
        if (root / "fonts").resolve() not in font_path.parents:
            raise reader.error(here, f"font '{file}' is outside fonts/", "put the font file in fonts/")
        if not font_path.is_file():
            raise reader.error(here, f"font file fonts/{file} not found",
                               "add the file to fonts/ (with its licence) or fix the name")
        weight, slant = FACE_STYLES[style]
        faces.append(FontFace(f"fonts/{file}", weight, slant))
    if not faces:
        raise reader.error(path + ("faces",), "no font faces listed", f"add some of: {', '.join(FACE_STYLES)}")
    return FontFamily(str(path[-1]), family, tuple(faces))
