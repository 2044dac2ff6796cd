"""A handout layout: a page of blocks set full width (lead, closing) and in columns (body)."""
from __future__ import annotations

from pathlib import Path

from ..model.content import Content
from ..model.layout import SPECIAL_BLOCKS, HandoutLayout, TypeScale
from ..units import MM_PER_UNIT
from .layout_parts import check_online_block, read_layout_fields
from .reader import Reader, read_flag
from .yamlsrc import KeyPath

HANDOUT_BILINGUAL_FORMATS = ("side-by-side", "tete-beche")
BLOCK_REGIONS = ("lead", "body", "closing")
MIN_EMS_PER_LINE = 12  # in a handout column; 20 or more is usual


def read_handout_layout(reader: Reader, name: str, root: Path, content: Content) -> HandoutLayout:
    spec = reader.mapping((), ("document", "theme", "page", "type", "blocks"),
                          ("columns", "column-gap", "languages", "footer", "preflight", "print", "bilingual",
                           "artwork"))
    fields = read_layout_fields(reader, name, "handout", root, HANDOUT_BILINGUAL_FORMATS, max_column_gap_mm=50)
    bilingual = fields["bilingual"]
    side_by_side = bilingual is not None and bilingual.format == "side-by-side"
    if side_by_side and "columns" in spec:
        raise reader.error(("columns",), "a side-by-side layout sets French and English in its two columns",
                           "remove 'columns:' ('column-gap:' sets the space between the languages)")
    columns = 2 if side_by_side else spec.get("columns", 1)
    if not isinstance(columns, int) or isinstance(columns, bool) or not 1 <= columns <= 4:
        raise reader.error(("columns",), f"columns must be a whole number from 1 to 4, got {columns!r}",
                           "write 1, 2, 3 or 4")
    margins = fields["margins_mm"]
    check_measure(reader, fields["page_width_mm"] - margins[1] - margins[3], columns, fields["column_gap_mm"],
                  fields["type_scale"])
    regions = read_blocks(reader, content)
    return HandoutLayout(**fields, columns=columns, lead=regions["lead"], body=regions["body"],
                         closing=regions["closing"], footer=read_flag(reader, ("footer",), default=True))


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
                raise reader.error(path, f"unknown section '{name}'",
                                   f"sections in {content.source}: {', '.join(known)}")
            if name in placed:
                raise reader.error(path, f"section '{name}' is placed twice", "keep it in one place")
            placed[name] = path
        regions[region] = tuple(names)
    if "online" in placed:
        check_online_block(reader.where(placed["online"]), content)
    if not placed:
        raise reader.error(("blocks",), "the layout places no section", f"list some of: {', '.join(known)}")
    return regions
