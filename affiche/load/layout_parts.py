"""The keys every layout has, handout or poster: page, margins, type scale, languages,
preflight limits, print variant and bilingual edition."""
from __future__ import annotations

from pathlib import Path

from ..errors import AfficheError, Location
from ..model.artwork import HANDOUT_PLACES, POSTER_PLACES, Artwork
from ..model.content import Content
from ..model.languages import LANGUAGES
from ..model.layout import TYPE_KEYS, Bilingual, Preflight, PrintSpec, TypeScale
from ..names import RULE, check_name
from ..units import PAGE_SIZES_MM
from .artwork import read_artwork
from .reader import Reader, describe
from .theme import load_theme

MM_LIMITS = {"page": (50.0, 2000.0)}


def read_layout_fields(reader: Reader, name: str, document: str, root: Path, bilingual_formats: tuple[str, ...],
                       max_column_gap_mm: float) -> dict:
    """The fields of the Layout base type, as keyword arguments for a HandoutLayout or a PosterLayout."""
    width, height = read_page_size(reader)
    bilingual = read_bilingual(reader, bilingual_formats)
    return dict(
        name=name, source=reader.source.path, document=document, page_width_mm=width, page_height_mm=height,
        margins_mm=read_margins(reader, width, height),
        column_gap_mm=reader.length_mm(("column-gap",), 0, max_column_gap_mm)
        if "column-gap" in reader.get(()) else 6.0,
        type_scale=read_type_scale(reader), theme=load_theme(reader, root),
        languages=bilingual.languages if bilingual else read_languages(reader),
        preflight=read_preflight(reader), print_spec=read_print(reader), bilingual=bilingual,
        artwork=read_artwork_places(reader, root, HANDOUT_PLACES if document == "handout" else POSTER_PLACES))


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


def read_artwork_places(reader: Reader, root: Path, places: tuple[str, ...]) -> dict[str, Artwork]:
    """`artwork: {masthead: signature.svg}`: files of svg/ placed in the layout's named places."""
    if "artwork" not in reader.get(()):
        return {}
    found = {}
    for place in reader.mapping(("artwork",), (), places):
        path = ("artwork", place)
        name = reader.string(path, "a file name in svg/")
        check_name(name, "artwork file name", reader.where(path), f"name a file of svg/, e.g. signature.svg ({RULE})")
        if not name.endswith(".svg"):
            raise reader.error(path, f"'{name}' is not an SVG file", "name a .svg file of svg/")
        found[place] = read_artwork(root, name, reader.where(path))
    return found


def check_online_block(where: Location, content: Content) -> None:
    """The `online` block prints the QR code of links.online, which the content must then give."""
    if content.online is None:
        raise AfficheError(where, "the block 'online' prints the QR code of the online version, but "
                           f"{content.source} gives no address",
                           "add 'links: {online: {fr: https://…, en: https://…}}' to it, or remove the block")
