"""Layouts: what a document looks like on its paper. One base type for what every layout has
(page, type, theme, languages, print and bilingual editions); a handout adds its columns and
block regions, a poster its rows of blocks."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Location
from .artwork import Artwork
from .languages import LANGUAGES
from .theme import Theme

TYPE_KEYS = ("base", "leading", "title", "heading", "subheading", "small")
DOCUMENTS = ("handout", "poster")  # the kinds of document, in the order the download page lists them
SPECIAL_BLOCKS = ("intro", "map", "legend", "contact", "online")  # blocks that are not content sections
SINGLE = "single"  # the edition format of a layout without `bilingual:`: one edition per language


@dataclass(frozen=True)
class TypeScale:
    base: float  # pt
    leading: float  # multiple of the size
    title: float
    heading: float
    subheading: float
    small: float


@dataclass(frozen=True)
class Preflight:
    """What `render.py check` and the build hold a layout's outputs to (its `preflight:` key)."""

    min_text_size: float = 6.0  # pt: no smaller text in the type scale or in the PDFs


@dataclass(frozen=True)
class PrintSpec:
    """What a print shop needs beyond the screen PDF: bleed, crop marks and the PDF/X flavour."""

    bleed_mm: float
    marks: str  # crop | none
    pdf: str  # pdf/x-4
    where: Location


@dataclass(frozen=True)
class Bilingual:
    """A layout's bilingual edition: both languages in one document, `first` leading (its `bilingual:` key)."""

    format: str  # side-by-side | tete-beche (handouts); stacked (posters)
    first: str  # fr | en: the left column, the front cover, the upper text
    where: Location

    @property
    def languages(self) -> tuple[str, str]:
        return self.first, next(lang for lang in LANGUAGES if lang != self.first)

    @property
    def edition(self) -> str:
        """What the output names put where a single-language edition puts its language."""
        return "tete-beche" if self.format == "tete-beche" else "bilingual"


@dataclass(frozen=True, kw_only=True)
class Layout:
    name: str
    source: str
    document: str  # handout | poster: with the edition format, picks the writer (outputs/registry.py)
    page_width_mm: float
    page_height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    column_gap_mm: float
    type_scale: TypeScale
    theme: Theme
    languages: tuple[str, ...]
    print_spec: PrintSpec | None = None  # None: no print variant
    preflight: Preflight = Preflight()
    bilingual: Bilingual | None = None  # None: one edition per language
    artwork: dict[str, Artwork] = field(default_factory=dict)  # place -> what the layout puts there

    @property
    def edition_format(self) -> str:
        return self.bilingual.format if self.bilingual else SINGLE

    def editions(self, wanted: tuple[str, ...] = ()) -> tuple[tuple[str, ...], ...]:
        """The languages of each edition to build: one each, or both in one bilingual edition
        (built whatever languages are asked for)."""
        if self.bilingual:
            return (self.bilingual.languages,)
        return tuple((lang,) for lang in self.languages if not wanted or lang in wanted)


@dataclass(frozen=True, kw_only=True)
class HandoutLayout(Layout):
    columns: int
    lead: tuple[str, ...]  # blocks set full width under the title
    body: tuple[str, ...]  # blocks set in columns
    closing: tuple[str, ...]  # blocks set full width at the end
    footer: bool

    @property
    def blocks(self) -> tuple[str, ...]:
        return self.lead + self.body + self.closing


@dataclass(frozen=True)
class PosterCell:
    """One column of a poster row: blocks stacked top to bottom, sharing its height equally."""

    blocks: tuple[str, ...]
    width: float  # share of the row's width


@dataclass(frozen=True)
class PosterRow:
    height_mm: float | None  # None: the row takes the height the other rows leave
    cells: tuple[PosterCell, ...]
    where: Location


@dataclass(frozen=True, kw_only=True)
class PosterLayout(Layout):
    rows: tuple[PosterRow, ...]
    row_gap_mm: float
    antarctica: bool
    block_places: dict[str, Location]  # where each block is named, for overflow errors
