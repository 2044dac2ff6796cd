"""A poster layout is rows of blocks on a fixed page.

```yaml
rows:
  - {height: 50mm, blocks: [title]}
  - {height: fill, blocks: [map]}
  - {height: 70mm, blocks: [igc, unhcr, rcm]}          # three equal columns
  - {height: 120mm, blocks: [map, [igc, unhcr]], widths: [2, 1]}   # a column may stack blocks
```
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Location
from ..model.content import Content, all_sections
from ..model.layout import SPECIAL_BLOCKS, PosterCell, PosterLayout, PosterRow
from .layout_parts import check_online_block, read_layout_fields
from .reader import Reader, read_flag
from .yamlsrc import KeyPath

POSTER_BLOCKS = ("title",) + SPECIAL_BLOCKS
POSTER_BILINGUAL_FORMATS = ("stacked",)  # each block's text in one language, then in the other
MAX_ROWS = 40


def read_poster_layout(reader: Reader, name: str, root: Path, content: Content) -> PosterLayout:
    spec = reader.mapping((), ("document", "theme", "page", "type", "rows"),
                          ("languages", "row-gap", "column-gap", "map", "preflight", "print", "bilingual", "artwork"))
    fields = read_layout_fields(reader, name, "poster", root, POSTER_BILINGUAL_FORMATS, max_column_gap_mm=100)
    known = POSTER_BLOCKS + tuple(section.id for section in all_sections(content.sections))
    places: dict[str, Location] = {}
    rows = tuple(read_row(reader, ("rows", i), known, places) for i in range(len(reader.sequence(("rows",)))))
    if len(rows) > MAX_ROWS:
        raise reader.error(("rows",), f"{len(rows)} rows, more than {MAX_ROWS}", "merge some rows")
    if sum(row.height_mm is None for row in rows) > 1:
        raise reader.error(("rows",), "more than one row has 'height: fill'", "give all rows but one a height")
    if "map" in spec:
        reader.mapping(("map",), (), ("antarctica",))
    if "online" in places:
        check_online_block(places["online"], content)
    if "footer" in fields["artwork"] and "contact" not in places:
        raise reader.error(("artwork", "footer"), "the footer's artwork goes at the end of the 'contact' block, "
                           "which the layout does not place", "place the contact block, or use 'title-band'")
    return PosterLayout(
        **fields, rows=rows, block_places=places,
        row_gap_mm=reader.length_mm(("row-gap",), 0, 100) if "row-gap" in spec else 5.0,
        antarctica=read_flag(reader, ("map", "antarctica"), default=False) if "map" in spec else False)


def read_row(reader: Reader, path: KeyPath, known: tuple[str, ...], places: dict[str, Location]) -> PosterRow:
    spec = reader.mapping(path, ("height", "blocks"), ("widths",))
    height = None if spec["height"] == "fill" else reader.length_mm(path + ("height",), 1, 3000)
    cells = []
    for i, cell in enumerate(reader.sequence(path + ("blocks",))):
        names = cell if isinstance(cell, list) else [cell]
        for j, block in enumerate(names):
            where = path + ("blocks", i) + ((j,) if isinstance(cell, list) else ())
            if not isinstance(block, str) or block not in known:
                raise reader.error(where, f"unknown block {block!r}", f"blocks are: {', '.join(known)}")
            if block in places:
                raise reader.error(where, f"block '{block}' is placed twice", "keep it in one place")
            places[block] = reader.where(where)
        cells.append(tuple(names))
    widths = spec.get("widths", [1] * len(cells))
    if (not isinstance(widths, list) or len(widths) != len(cells)
            or not all(isinstance(w, (int, float)) and not isinstance(w, bool) and 0 < w <= 100 for w in widths)):
        raise reader.error(path + ("widths",), f"expected {len(cells)} positive numbers, got {widths!r}",
                           "give one share per block column, e.g. [2, 1]")
    return PosterRow(height, tuple(PosterCell(tuple(names), float(w)) for names, w in zip(cells, widths)),
                     reader.where(path))
