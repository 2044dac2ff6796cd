"""The SVG master of the world-map poster, in one language.

The page is cut into rows and columns as the poster layout says; each block is
set into its frame with measured line breaks. Text that does not fit is an error
naming the block and by how much. The SVG keeps text as text, holds no external
reference, and carries the poster's language, title and description.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ...errors import AfficheError
from ...localize.document import LocalDocument, LocalSection
from ...localize.inline import Run
from ...localize.places import LocalMap
from ...map.draw import draw_map, map_aspect
from ...model.content import all_sections
from ...model.languages import LANGUAGE
from ...model.layout import PosterLayout
from ...model.places import MapContent
from ...units import MM_PER_UNIT
from ..edition import Edition
from .svgtext import TextColumn, TextStyle
from .text_fit import Typeface

PT_PER_MM = 1 / MM_PER_UNIT["pt"]
MIN_FILL_MM = 20.0


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    width: float
    height: float


@dataclass
class Composer:
    """What every block needs: the layout, the localized texts, the map, and the styles."""

    layout: PosterLayout
    doc: LocalDocument
    world: LocalMap
    places: MapContent
    root: Path
    # None: the first overflow stops the composition; a callback collects every overflow instead.
    report_overflow: Callable[[AfficheError], None] | None = None
    bleed: float = 0.0  # pt beyond each page edge that edge-to-edge backgrounds run into

    def __post_init__(self) -> None:
        fonts, scale = self.layout.theme.fonts, self.layout.type_scale
        self.body = Typeface(fonts["body"], self.root)
        self.headings = Typeface(fonts["headings"], self.root)
        colour = self.colour
        self.styles = {
            "title": TextStyle(self.headings, scale.title, 1.1, "#ffffff", weight=700),
            "department": TextStyle(self.headings, scale.small, 1.3, "#ffffff", weight=700, letter_spacing=0.08),
            "lead": TextStyle(self.body, scale.subheading, 1.4, colour("ink")),
            "heading": TextStyle(self.headings, scale.heading, 1.2, colour("accent"), weight=700),
            "subheading": TextStyle(self.headings, scale.subheading, 1.2, colour("accent"), weight=700),
            "body": TextStyle(self.body, scale.base, scale.leading, colour("ink")),
            "small": TextStyle(self.body, scale.small, 1.35, colour("muted")),
        }

    def colour(self, name: str) -> str:
        return self.layout.theme.colours[name].srgb

    @property
    def text_language(self) -> str:
        """The language of the text set, in an overflow message."""
        return LANGUAGE[self.doc.lang].name

    def overflowed(self, name: str, points: float) -> None:
        error = AfficheError(self.layout.block_places[name],
                             f"the {self.text_language} text of block '{name}' overflows its frame by "
                             f"{points / PT_PER_MM:.1f} mm",
                             "make the row taller or wider, shorten the text, or lower the type sizes")
        if self.report_overflow is None:
            raise error
        self.report_overflow(error)


OverflowSink = Callable[[AfficheError], None]


def compose(edition: Edition, root: Path, bleed_mm: float = 0.0, report_overflow: OverflowSink | None = None) -> str:
    """The poster's SVG; with a bleed, the canvas grows by it on every side (page coordinates stay put)."""
    (side,) = edition.sides
    composer = Composer(edition.layout, side.doc, side.world, edition.places, root, report_overflow,
                        bleed_mm * PT_PER_MM)
    return compose_svg(composer, legend_block, text_block, ((side.doc.language_tag, side.doc.title,
                                                             side.world.description),))


BlockSetter = Callable[[Composer, str, Frame], tuple[str, str]]


def compose_svg(composer: Composer, set_legend: Callable[[Composer, Frame], str], set_text: BlockSetter,
            labels: tuple[tuple[str, str, str], ...]) -> str:
    """The SVG document: each frame of the layout filled by the map, `set_legend` or `set_text`.
    `labels` are (language tag, title, description): the first language is the document's,
    any other gets its own <title> and <desc> marked with its language."""
    layout, bleed = composer.layout, composer.bleed
    bleed_mm = bleed / PT_PER_MM
    width = layout.page_width_mm * PT_PER_MM
    height = layout.page_height_mm * PT_PER_MM
    origin, page_at = (f"{-bleed:.2f} {-bleed:.2f}", f' x="{-bleed:.2f}" y="{-bleed:.2f}"') if bleed else ("0 0", "")
    background, text, map_svg, legend = [], [], "", []
    for name, frame in block_frames(layout):
        if name == "map":
            map_svg = map_block(composer, frame)
        elif name == "legend":
            legend.append(set_legend(composer, frame))
        else:
            back, front = set_text(composer, name, frame)
            background.append(back)
            text.append(front)
    language = labels[0][0]
    titles = "".join(f"<title{_lang(tag, language)}>{escape(title)}</title>" for tag, title, _ in labels)
    descriptions = "".join(f"<desc{_lang(tag, language)}>{escape(description)}</desc>"
                           for tag, _, description in labels)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="{language}" '
        f'width="{layout.page_width_mm + 2 * bleed_mm:g}mm" height="{layout.page_height_mm + 2 * bleed_mm:g}mm" '
        f'viewBox="{origin} {width + 2 * bleed:.2f} {height + 2 * bleed:.2f}">'
        f"{titles}{descriptions}"
        f'<rect id="page"{page_at} width="{width + 2 * bleed:.2f}" height="{height + 2 * bleed:.2f}" fill="#ffffff"/>'
        f'<g id="panels">{"".join(background)}</g>{map_svg}'
        f'<g id="legend">{"".join(legend)}</g><g id="text">{"".join(text)}</g></svg>'
    )


def _lang(tag: str, document_language: str) -> str:
    return "" if tag == document_language else f' xml:lang="{tag}"'


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


def map_block(composer: Composer, frame: Frame) -> str:
    aspect = map_aspect(composer.layout.antarctica)
    width = min(frame.width, frame.height * aspect)
    height = width / aspect
    drawn = draw_map(composer.places, composer.layout.theme, width, height,
                     antarctica=composer.layout.antarctica, root=composer.root,
                     dot_radius=composer.layout.type_scale.base * 0.42)
    x = frame.x + (frame.width - width) / 2
    y = frame.y + (frame.height - height) / 2
    return f'<g id="map" transform="translate({x:.2f} {y:.2f})">{drawn.svg}</g>'


@dataclass(frozen=True)
class Swatch:
    """A legend entry: its colour and shape, and its label in each language shown (tag None: the poster's)."""

    colour: str
    shape: str  # circle | square
    labels: tuple[tuple[tuple[Run, ...], str | None], ...]


def legend_block(composer: Composer, frame: Frame) -> str:
    """The three categories and the home country with their swatches, in two columns when wide."""
    return set_legend(composer, frame, ((composer.doc.legend_title, None),),
                      legend_swatches(composer, ((composer.world, None),)))


def legend_swatches(composer: Composer, worlds: tuple[tuple[LocalMap, str | None], ...]) -> list[Swatch]:
    """One swatch per category and one for the home country, labelled in each (map, language tag)."""
    swatches = [Swatch(composer.colour(f"category-{category.category}"), "circle",
                       tuple((world.categories[index].label, tag) for world, tag in worlds))
                for index, category in enumerate(worlds[0][0].categories)]
    swatches.append(Swatch(composer.colour("home"), "square",
                           tuple(((Run(f"{world.home} — {world.home_note}"),), tag) for world, tag in worlds)))
    return swatches


def set_legend(composer: Composer, frame: Frame, headings: tuple[tuple[str, str | None], ...],
               swatches: list[Swatch]) -> str:
    """The legend's heading, one line per (text, language tag), over its swatches."""
    style = composer.styles["body"]
    heading = TextColumn(frame.x, frame.y, frame.width, frame.height)
    for index, (text, lang) in enumerate(headings):
        space_after = style.size * (0.4 if index == len(headings) - 1 else 0.0)
        heading.paragraph((Run(text),), composer.styles["subheading"], space_after=space_after, lang=lang)
    columns = 2 if frame.width > 400 else 1
    per_column = -(-len(swatches) // columns)
    gutter, swatch_size = style.size * 2, style.size * 0.9
    column_width = (frame.width - (columns - 1) * gutter) / columns
    parts, overflow = [heading.svg()], heading.overflow_y
    for number in range(columns):
        x = frame.x + number * (column_width + gutter)
        column = TextColumn(x + swatch_size * 1.6, frame.y + heading.cursor, column_width - swatch_size * 1.6,
                            frame.height - heading.cursor)
        for swatch in swatches[number * per_column:(number + 1) * per_column]:
            parts.append(_swatch(x + swatch_size / 2, column.y + column.cursor + style.line_height / 2,
                                 swatch_size, swatch.colour, swatch.shape))
            for index, (label, lang) in enumerate(swatch.labels):
                last = index == len(swatch.labels) - 1
                column.paragraph(label, style, space_after=style.size * (0.4 if last else 0.1), lang=lang)
        parts.append(column.svg())
        overflow = max(overflow, column.overflow_y, column.overflow_x)
    if overflow > 0.5:
        composer.overflowed("legend", overflow)
    return "".join(parts)


def _swatch(cx: float, cy: float, size: float, colour: str, shape: str) -> str:
    if shape == "circle":
        return f'<circle class="legend-dot" cx="{cx:.2f}" cy="{cy:.2f}" r="{size / 2:.2f}" fill="{colour}"/>'
    return (f'<rect class="legend-home" x="{cx - size / 2:.2f}" y="{cy - size / 2:.2f}" '
            f'width="{size:.2f}" height="{size:.2f}" fill="{colour}"/>')


def text_block(composer: Composer, name: str, frame: Frame) -> tuple[str, str]:
    """(background, text) of a title, intro, contact or content-section block."""
    background, column = block_frame(composer, name, frame)
    set_block(composer, composer.doc, name, column)
    overflow = max(column.overflow_y, column.overflow_x)
    if overflow > 0.5:
        composer.overflowed(name, overflow)
    return background, column.svg()


def block_frame(composer: Composer, name: str, frame: Frame) -> tuple[str, TextColumn]:
    """A text block's background and the column its text is set in."""
    if name == "title":
        return _title_band(composer, frame), TextColumn(frame.x, frame.y, frame.width, frame.height)
    if name in ("intro", "contact"):
        return "", TextColumn(frame.x, frame.y, frame.width, frame.height)
    return _section_card(composer, frame)


def set_block(composer: Composer, doc: LocalDocument, name: str, column: TextColumn) -> None:
    """The text of a title, intro, contact or content-section block in one language."""
    styles = composer.styles
    if name == "title":
        column.paragraph((Run(doc.author.upper()),), styles["department"], space_after=styles["title"].size * 0.3)
        column.paragraph((Run(doc.title),), styles["title"])
    elif name == "intro":
        for paragraph in doc.intro:
            column.paragraph(paragraph, styles["lead"], space_after=styles["lead"].size * 0.5)
    elif name == "contact":
        column.paragraph((Run(doc.labels["contact"], bold=True),), styles["subheading"],
                         space_after=styles["body"].size * 0.3)
        column.paragraph(doc.contact, styles["body"])
    else:
        set_section(composer, column, find_section(doc, name), level=0)


def _title_band(composer: Composer, frame: Frame) -> str:
    """The title's dark band behind its frame, run out to the page edges that the frame is nearest
    (and on into the bleed)."""
    left, top, right = (composer.layout.margins_mm[i] * PT_PER_MM for i in (3, 0, 1))
    page_width = composer.layout.page_width_mm * PT_PER_MM
    bleed = composer.bleed
    x0 = -bleed if frame.x <= left + 0.01 else frame.x
    x1 = page_width + bleed if frame.x + frame.width >= page_width - right - 0.01 else frame.x + frame.width
    y0 = -bleed if frame.y <= top + 0.01 else frame.y
    y1 = frame.y + frame.height
    rule = composer.layout.type_scale.base * 0.5
    return (f'<rect id="title-band" x="{x0:.2f}" y="{y0:.2f}" width="{x1 - x0:.2f}" height="{y1 - y0:.2f}" '
            f'fill="{composer.colour("accent")}"/>'
            f'<rect x="{x0:.2f}" y="{y1:.2f}" width="{x1 - x0:.2f}" height="{rule:.2f}" fill="{composer.colour("rule")}"/>')


def _section_card(composer: Composer, frame: Frame) -> tuple[str, TextColumn]:
    """A content section's light panel with a coloured edge, and its column padded inside the frame."""
    styles = composer.styles
    pad = styles["body"].size * 1.2
    edge = styles["body"].size * 0.3
    column = TextColumn(frame.x + pad + edge, frame.y + pad, frame.width - 2 * pad - edge, frame.height - 2 * pad)
    background = (f'<rect x="{frame.x:.2f}" y="{frame.y:.2f}" width="{frame.width:.2f}" height="{frame.height:.2f}" '
                  f'fill="{composer.colour("panel")}"/>'
                  f'<rect x="{frame.x:.2f}" y="{frame.y:.2f}" width="{edge:.2f}" height="{frame.height:.2f}" '
                  f'fill="{composer.colour("category-3")}"/>')
    return background, column


def set_section(composer: Composer, column: TextColumn, section: LocalSection, level: int) -> None:
    styles = composer.styles
    body = styles["body"]
    column.paragraph(section.heading, styles["heading" if level == 0 else "subheading"], space_after=body.size * 0.4)
    if section.subtitle:
        column.paragraph(section.subtitle, TextStyle(body.typeface, body.size, body.leading, body.colour, weight=700),
                         space_after=body.size * 0.4)
    for paragraph in section.paragraphs:
        column.paragraph(paragraph, body, space_after=body.size * 0.4)
    set_bullets(composer, column, section.bullets, indent=body.size * 1.1)
    for child in section.sections:
        column.gap(body.size * 0.5)
        set_section(composer, column, child, level + 1)


def set_bullets(composer: Composer, column: TextColumn, bullets, indent: float) -> None:
    body = composer.styles["body"]
    for bullet in bullets:
        column.paragraph(bullet.text, body, indent=indent, marker=composer.colour("rule"),
                         space_after=body.size * 0.3)
        set_bullets(composer, column, bullet.bullets, indent + body.size * 1.1)


def find_section(doc: LocalDocument, name: str) -> LocalSection:
    return next(section for section in all_sections(tuple(doc.sections.values())) if section.id == name)

