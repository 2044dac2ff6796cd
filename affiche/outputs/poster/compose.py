"""The world-map poster composed once, in one language: what goes where, for the SVG and the PDF.

The page is cut into rows and columns as the poster layout says; each block is set into its
frame with measured line breaks (setting.py). The composition holds the backgrounds, the map,
the artwork and QR code, and every block's text as a tree of elements in reading order (title,
intro, map, legend, the sections, contact, the online version); svg.py draws it as the SVG
master, html.py as the HTML WeasyPrint sets into the tagged PDF. Text that does not fit is an
error naming the block and by how much.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import AfficheError
from ...localize.document import LocalDocument, LocalSection
from ...localize.inline import Run
from ...localize.places import LocalMap
from ...map.draw import draw_map, map_aspect
from ...model.artwork import Artwork
from ...model.content import all_sections
from ...model.languages import LANGUAGE
from ...model.layout import PosterLayout
from ...model.places import MapContent
from ...units import MM_PER_UNIT
from ..edition import Edition
from ..qr import qr_code
from .setting import LIST_MARKER, Marker, Node, TextColumn, TextStyle
from .text_fit import Typeface

PT_PER_MM = 1 / MM_PER_UNIT["pt"]
MIN_FILL_MM = 20.0
MAX_DOT_SHARE = 0.005  # of the map's width: a dot's radius at most
LEGEND_MARKER = "\u25cf"  # the legend's dots, as the handout's legend has them
HOME_MARKER = "\u25aa"
MARKER_SCALE = {LEGEND_MARKER: 1.5, HOME_MARKER: 2.0}  # the legend's markers, times the label size
READING_ORDER = ("title", "intro", "map", "legend", "sections", "contact", "online")
OverflowSink = Callable[[AfficheError], None]


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Rect:
    """A flat background: the title band, a section's panel, a rule."""

    x: float
    y: float
    width: float
    height: float
    colour: str  # sRGB


@dataclass(frozen=True)
class Picture:
    """Artwork or a QR code: SVG shapes in their own viewBox, drawn into a frame. Decorative:
    the department's name is printed beside its signature and the address beside its code."""

    kind: str  # artwork | qr
    frame: Frame
    view_box: tuple[float, float, float, float]
    svg: str


@dataclass(frozen=True)
class MapFigure:
    frame: Frame
    svg: str  # the map's layers, in points from the frame's corner
    description: str  # its alternative text, in words


@dataclass
class Block:
    name: str
    node: Node
    layer: str = "text"  # legend | text: the SVG group it is drawn in


@dataclass
class Poster:
    """The composition: the page, what is drawn behind the text, and the text in reading order."""

    width: float  # pt, the page as cut
    height: float
    bleed: float  # pt beyond each page edge that edge-to-edge backgrounds run into
    labels: tuple[tuple[str, str, str], ...]  # (language tag, title, description): the poster's first
    panels: list[Rect] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    reading: list[Block | MapFigure] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.labels[0][0]


@dataclass
class Composer:
    """What every block needs: the layout, the localized texts, the map, and the styles."""

    layout: PosterLayout
    doc: LocalDocument
    world: LocalMap
    places: MapContent
    root: Path
    # None: the first overflow stops the composition; a callback collects every overflow instead.
    report_overflow: OverflowSink | None = None
    bleed: float = 0.0

    def __post_init__(self) -> None:
        fonts, scale = self.layout.theme.fonts, self.layout.type_scale
        self.body = Typeface(fonts["body"], self.root)
        self.headings = Typeface(fonts["headings"], self.root)
        colour = self.colour
        self.styles = {
            "title": TextStyle(self.headings, scale.title, 1.1, "#ffffff", weight=700, ragged_breaks=False),
            "department": TextStyle(self.headings, scale.small, 1.3, "#ffffff", weight=700, letter_spacing=0.08),
            "band": TextStyle(self.headings, scale.heading, 1.2, "#ffffff", weight=700, ragged_breaks=False),
            "lead": TextStyle(self.body, scale.subheading, 1.4, colour("ink")),
            "heading": TextStyle(self.headings, scale.heading, 1.2, colour("accent"), weight=700,
                                 ragged_breaks=False),
            "subheading": TextStyle(self.headings, scale.subheading, 1.2, colour("accent"), weight=700,
                                    ragged_breaks=False),
            "body": TextStyle(self.body, scale.base, scale.leading, colour("ink")),
            "subtitle": TextStyle(self.body, scale.base, scale.leading, colour("accent"), weight=700),
            "small": TextStyle(self.body, scale.small, 1.35, colour("muted")),
        }

    def colour(self, name: str) -> str:
        return self.layout.theme.colours[name].srgb

    def marker(self, glyph: str, colour: str, size: float) -> Marker:
        return Marker(glyph, TextStyle(self.headings, size, 1.0, colour))

    @property
    def text_language(self) -> str:
        """The language of the text set, in an overflow message."""
        return LANGUAGE[self.doc.lang].name

    @property
    def map_description(self) -> str:
        """The map's alternative text: the places each legend category marks, in words."""
        return self.world.description

    def column(self, frame: Frame) -> TextColumn:
        return TextColumn(frame.x, frame.y, frame.width, frame.height, self.doc.language_tag)

    def overflowed(self, name: str, points: float) -> None:
        error = AfficheError(self.layout.block_places[name],
                             f"the {self.text_language} text of block '{name}' overflows its frame by "
                             f"{points / PT_PER_MM:.1f} mm",
                             "make the row taller or wider, shorten the text, or lower the type sizes")
        if self.report_overflow is None:
            raise error
        self.report_overflow(error)

    def check_fit(self, name: str, *columns: TextColumn) -> None:
        overflow = max(column.overflow for column in columns)
        if overflow > 0.5:
            self.overflowed(name, overflow)


# A block setter: (composer, block name, frame, poster) -> the block, its backgrounds and pictures
# added to the poster. The stacked bilingual poster has its own (stacked.py).
BlockSetter = Callable[[Composer, str, Frame, Poster], Block]


def compose(edition: Edition, root: Path, bleed_mm: float = 0.0, report_overflow: OverflowSink | None = None
            ) -> Poster:
    """The poster in its one language; with a bleed, backgrounds at the page edges run into it."""
    (side,) = edition.sides
    composer = Composer(edition.layout, side.doc, side.world, edition.places, root, report_overflow,
                        bleed_mm * PT_PER_MM)
    return compose_poster(composer, set_one_language, ((side.doc.language_tag, side.doc.title,
                                                        side.world.description),))


def compose_poster(composer: Composer, set_block: BlockSetter, labels: tuple[tuple[str, str, str], ...]) -> Poster:
    """Each frame of the layout filled by the map or `set_block`, the blocks put in reading order.
    `labels` are (language tag, title, description): the first language is the poster's."""
    layout = composer.layout
    poster = Poster(layout.page_width_mm * PT_PER_MM, layout.page_height_mm * PT_PER_MM, composer.bleed, labels)
    placed: list[tuple[int, Block | MapFigure]] = []
    for name, frame in block_frames(layout):
        entry = map_block(composer, frame) if name == "map" else set_block(composer, name, frame, poster)
        placed.append((reading_rank(name), entry))
    poster.reading = [entry for _, entry in sorted(placed, key=lambda pair: pair[0])]
    return poster


def reading_rank(name: str) -> int:
    return READING_ORDER.index(name if name in READING_ORDER else "sections")


def set_one_language(composer: Composer, name: str, frame: Frame, poster: Poster) -> Block:
    column = block_column(composer, name, frame, poster)
    set_block(composer, composer.doc, name, column, poster)
    composer.check_fit(name, column)
    return Block(name, column.root, "legend" if name == "legend" else "text")


def block_frames(layout: PosterLayout) -> list[tuple[str, Frame]]:
    """Every block with its frame in points, rows top to bottom, columns left to right."""
    top, right, bottom, left = (m * PT_PER_MM for m in layout.margins_mm)
    row_gap, column_gap = layout.row_gap_mm * PT_PER_MM, layout.column_gap_mm * PT_PER_MM
    inner_width = layout.page_width_mm * PT_PER_MM - left - right
    inner_height = layout.page_height_mm * PT_PER_MM - top - bottom
    fixed = sum(row.height_mm * PT_PER_MM for row in layout.rows if row.height_mm is not None)
    fill = inner_height - fixed - row_gap * (len(layout.rows) - 1)
    needs_fill = any(row.height_mm is None for row in layout.rows)
    if fill < (MIN_FILL_MM * PT_PER_MM if needs_fill else -0.01):
        short = ((MIN_FILL_MM * PT_PER_MM if needs_fill else 0) - fill) / PT_PER_MM
        raise AfficheError(layout.rows[0].where, f"the rows are {short:.1f} mm taller than the page allows",
                           "lower some row heights or the row gap")
    frames, y = [], top
    for row in layout.rows:
        row_height = fill if row.height_mm is None else row.height_mm * PT_PER_MM
        shares = sum(cell.width for cell in row.cells)
        free = inner_width - column_gap * (len(row.cells) - 1)
        x = left
        for cell in row.cells:
            cell_width = free * cell.width / shares
            stack = len(cell.blocks)
            block_height = (row_height - row_gap * (stack - 1)) / stack
            for index, name in enumerate(cell.blocks):
                frames.append((name, Frame(x, y + index * (block_height + row_gap), cell_width, block_height)))
            x += cell_width + column_gap
        y += row_height + row_gap
    return frames


def map_block(composer: Composer, frame: Frame) -> MapFigure:
    aspect = map_aspect(composer.layout.antarctica)
    width = min(frame.width, frame.height * aspect)
    height = width / aspect
    # Dots scale with the text, but stay small enough on a small map to sit on small countries
    # (Ireland beside the United Kingdom's two dots).
    radius = min(composer.layout.type_scale.base * 0.42, width * MAX_DOT_SHARE)
    drawn = draw_map(composer.places, composer.layout.theme, width, height,
                     antarctica=composer.layout.antarctica, root=composer.root, dot_radius=radius)
    placed = Frame(frame.x + (frame.width - width) / 2, frame.y + (frame.height - height) / 2, width, height)
    return MapFigure(placed, drawn.svg, composer.map_description)


# ---------------------------------------------------------------- frames and their backgrounds

def block_column(composer: Composer, name: str, frame: Frame, poster: Poster) -> TextColumn:
    """The column a block's text is set in, its backgrounds and pictures added to the poster."""
    if name == "title":
        return title_band(composer, frame, poster)
    if name == "contact":
        return footer(composer, frame, poster)
    if name == "online":
        return online_frame(composer, frame, poster)
    if name in ("intro", "legend"):
        return composer.column(frame)
    if group_heading_only(composer, name):
        return section_band(composer, frame, poster)
    return section_card(composer, frame, poster)


def title_band(composer: Composer, frame: Frame, poster: Poster) -> TextColumn:
    """The title's dark band behind its frame, run out to the page edges that the frame is nearest
    (and on into the bleed), with the layout's title-band artwork at its right end."""
    left, top, right = (composer.layout.margins_mm[i] * PT_PER_MM for i in (3, 0, 1))
    bleed = composer.bleed
    x0 = -bleed if frame.x <= left + 0.01 else frame.x
    x1 = poster.width + bleed if frame.x + frame.width >= poster.width - right - 0.01 else frame.x + frame.width
    y0 = -bleed if frame.y <= top + 0.01 else frame.y
    y1 = frame.y + frame.height
    poster.panels.append(Rect(x0, y0, x1 - x0, y1 - y0, composer.colour("accent")))
    poster.panels.append(Rect(x0, y1, x1 - x0, composer.layout.type_scale.base * 0.5, composer.colour("rule")))
    return composer.column(with_artwork(composer, "title-band", frame, 0.62, poster))


def footer(composer: Composer, frame: Frame, poster: Poster) -> TextColumn:
    return composer.column(with_artwork(composer, "footer", frame, 0.8, poster))


def with_artwork(composer: Composer, place: str, frame: Frame, share: float, poster: Poster) -> Frame:
    """The frame less the layout's artwork for `place`, drawn at its right end `share` of its height
    tall and centred on it; the whole frame when the layout puts no artwork there."""
    artwork: Artwork | None = composer.layout.artwork.get(place)
    if artwork is None:
        return frame
    height = frame.height * share
    width = height * artwork.aspect
    gap = composer.styles["body"].size * 2
    poster.pictures.append(Picture("artwork", Frame(frame.x + frame.width - width, frame.y + (frame.height - height) / 2,
                                                    width, height), artwork.view_box, artwork.svg))
    return Frame(frame.x, frame.y, max(frame.width - width - gap, 0.0), frame.height)


def online_frame(composer: Composer, frame: Frame, poster: Poster) -> TextColumn:
    """The QR code of the online version at the left of its frame, the column for its address beside."""
    code = qr_code(composer.doc.online)  # the layout's loader made sure there is one
    side = min(frame.height, frame.width * 0.45)
    poster.pictures.append(Picture("qr", Frame(frame.x, frame.y, side, side), code.view_box, code.svg))
    gap = composer.styles["body"].size
    return composer.column(Frame(frame.x + side + gap, frame.y, frame.width - side - gap, frame.height))


def section_card(composer: Composer, frame: Frame, poster: Poster) -> TextColumn:
    """A content section's light panel with a coloured edge, and its column padded inside the frame."""
    size = composer.styles["body"].size
    pad, edge = size * 1.2, size * 0.3
    poster.panels.append(Rect(frame.x, frame.y, frame.width, frame.height, composer.colour("panel")))
    poster.panels.append(Rect(frame.x, frame.y, edge, frame.height, composer.colour("category-3")))
    return composer.column(Frame(frame.x + pad + edge, frame.y + pad, frame.width - 2 * pad - edge,
                                 frame.height - 2 * pad))


def section_band(composer: Composer, frame: Frame, poster: Poster) -> TextColumn:
    """A group's heading over its cards, on a dark band as the handout's."""
    pad = composer.styles["band"].size * 0.25
    poster.panels.append(Rect(frame.x, frame.y, frame.width, frame.height, composer.colour("accent")))
    return composer.column(Frame(frame.x + pad * 1.5, frame.y + pad, frame.width - pad * 3, frame.height - pad * 2))


# ---------------------------------------------------------------- the text of a block

def set_block(composer: Composer, doc: LocalDocument, name: str, column: TextColumn, poster: Poster) -> None:
    """The text of a block in one language, as an element tree in `column`."""
    styles = composer.styles
    if name == "title":
        column.paragraph((Run(doc.author.upper()),), styles["department"], space_after=styles["title"].size * 0.3,
                         classes=("department",))
        column.paragraph((Run(doc.title),), styles["title"], tag="h1")
    elif name == "intro":
        with column.element("section", classes=("intro",)):
            for paragraph in doc.intro:
                column.paragraph(paragraph, styles["lead"], space_after=styles["lead"].size * 0.5)
    elif name == "legend":
        set_legend(composer, column, ((doc.legend_title, None),), legend_items(composer, ((composer.world, None),)))
    elif name == "contact":
        with column.element("section", classes=("contact",)):
            column.paragraph((Run(doc.labels["contact"]),), styles["subheading"], tag="h2",
                             space_after=styles["body"].size * 0.3)
            column.paragraph(doc.contact, styles["body"])
    elif name == "online":
        with column.element("section", classes=("online",)):
            column.paragraph((Run(doc.labels["online"]),), styles["subheading"], tag="h2",
                             space_after=styles["body"].size * 0.3)
            column.paragraph((Run(doc.online, href=doc.online),), styles["body"])
    elif group_heading_only(composer, name):
        with column.element("section", classes=("group",)):
            column.paragraph(find_section(doc, name).heading, styles["band"], tag="h2")
    else:
        set_section(composer, column, find_section(doc, name), heading_level(composer, name))


def group_heading_only(composer: Composer, name: str) -> bool:
    """A group whose cards the layout places on their own: its block is its heading."""
    section = find_section(composer.doc, name) if name in composer.doc.sections else None
    return section is not None and any(child.id in composer.layout.block_places for child in section.sections)


def heading_level(composer: Composer, name: str) -> int:
    """2, or 3 for a card whose group heading the poster sets before it."""
    parents = {child.id: section.id for section in composer.doc.sections.values() for child in section.sections}
    return 3 if parents.get(name) in composer.layout.block_places else 2


def set_section(composer: Composer, column: TextColumn, section: LocalSection, level: int) -> None:
    styles = composer.styles
    body = styles["body"]
    with column.element("section", classes=("topic",)):
        column.paragraph(section.heading, styles["heading" if level == 2 else "subheading"], tag=f"h{level}",
                         space_after=body.size * 0.4)
        if section.subtitle:
            column.paragraph(section.subtitle, styles["subtitle"], space_after=body.size * 0.4,
                             classes=("subtitle",))
        for paragraph in section.paragraphs:
            column.paragraph(paragraph, body, space_after=body.size * 0.4)
        set_bullets(composer, column, section.bullets, indent=body.size * 1.1)
        for child in section.sections:
            column.gap(body.size * 0.5)
            set_section(composer, column, child, min(level + 1, 3))


def set_bullets(composer: Composer, column: TextColumn, bullets, indent: float) -> None:
    if not bullets:
        return
    body = composer.styles["body"]
    marker = composer.marker(LIST_MARKER, composer.colour("rule"), body.size)
    with column.element("ul"):
        for bullet in bullets:
            item = column.paragraph(bullet.text, body, tag="li", indent=indent, marker=marker,
                                    space_after=body.size * 0.3)
            with column.inside(item):
                set_bullets(composer, column, bullet.bullets, indent + body.size * 1.1)


def find_section(doc: LocalDocument, name: str) -> LocalSection:
    return next(section for section in all_sections(tuple(doc.sections.values())) if section.id == name)


# ---------------------------------------------------------------- the legend

@dataclass(frozen=True)
class LegendItem:
    """A legend entry: its marker, and its label in each language shown (tag None: the poster's)."""

    glyph: str
    colour: str
    labels: tuple[tuple[tuple[Run, ...], str | None], ...]


def legend_items(composer: Composer, worlds: tuple[tuple[LocalMap, str | None], ...]) -> list[LegendItem]:
    """One item per category and one for the home country, labelled in each (map, language tag)."""
    items = [LegendItem(LEGEND_MARKER, composer.colour(f"category-{category.category}"),
                        tuple((world.categories[index].label, tag) for world, tag in worlds))
             for index, category in enumerate(worlds[0][0].categories)]
    items.append(LegendItem(HOME_MARKER, composer.colour("home"),
                            tuple(((Run(f"{world.home} — {world.home_note}"),), tag) for world, tag in worlds)))
    return items


def set_legend(composer: Composer, column: TextColumn, headings: tuple[tuple[str, str | None], ...],
               items: list[LegendItem]) -> None:
    """The legend's heading, one per (text, language tag), over its items, in two columns when wide."""
    style = composer.styles["body"]
    with column.element("section", classes=("legend",)):
        for index, (text, lang) in enumerate(headings):
            space_after = style.size * (0.4 if index == len(headings) - 1 else 0.0)
            column.paragraph((Run(text),), composer.styles["subheading"], tag="h2", space_after=space_after,
                             lang=lang)
        columns = 2 if column.width > 400 else 1
        per_column = -(-len(items) // columns)
        gutter = style.size * 2
        column_width = (column.width - (columns - 1) * gutter) / columns
        top = lowest = column.cursor
        with column.element("ul"):
            for number in range(columns):
                column.cursor = top
                for item in items[number * per_column:(number + 1) * per_column]:
                    set_legend_item(composer, column, item, number * (column_width + gutter), column_width)
                lowest = max(lowest, column.cursor)
        column.cursor = lowest


def set_legend_item(composer: Composer, column: TextColumn, item: LegendItem, offset: float, width: float) -> None:
    """One legend item `offset` from the legend's left, `width` wide: its first label with the marker,
    the others under it in their languages."""
    style = composer.styles["body"]
    marker = composer.marker(item.glyph, item.colour, style.size * MARKER_SCALE[item.glyph])
    indent = offset + style.size * 1.6
    full_width, column.width = column.width, offset + width  # the item's own column of the legend
    (first, lang), *others = item.labels
    node = column.paragraph(first, style, tag="li", indent=indent, marker=marker, lang=lang,
                            space_after=style.size * (0.1 if others else 0.4))
    with column.inside(node):
        for index, (label, tag) in enumerate(others):
            column.paragraph(label, style, indent=indent, lang=tag,
                             space_after=style.size * (0.4 if index == len(others) - 1 else 0.1))
    column.width = full_width
