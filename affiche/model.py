"""The typed content and layout objects that every later stage works on.

Nothing downstream of `load` reads YAML: it reads these frozen objects, each of
which remembers where it came from so any later stage can report a located error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .errors import Location

LANGUAGES = ("fr", "en")
BILINGUAL_EDITIONS = ("bilingual", "tete-beche")  # both languages in one file: side by side (or stacked), tête-bêche
EDITIONS = LANGUAGES + BILINGUAL_EDITIONS  # what output names carry after the layout's name


@dataclass(frozen=True)
class Amount:
    """A sum of money kept as a number; its words and symbols come from the locale."""

    value: Decimal
    currency: str
    style: str = "figures"  # "figures": 300 000 $ ; "words": 21 millions de dollars


@dataclass(frozen=True)
class Text:
    """One translatable unit: the same sentence in every language, plus the values it quotes."""

    fr: str
    en: str
    where: Location
    amounts: dict[str, Amount] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # placeholder -> e-mail address

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Bullet:
    text: Text
    bullets: tuple[Bullet, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    where: Location
    subtitle: Text | None = None
    paragraphs: tuple[Text, ...] = ()
    bullets: tuple[Bullet, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class LegendEntry:
    category: int
    label: Text


@dataclass(frozen=True)
class Legend:
    title: Text
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class Content:
    source: str
    date: date  # of this edition: the PDFs' creation date unless SOURCE_DATE_EPOCH says otherwise
    title: Text
    author: Text
    subject: Text
    intro: tuple[Text, ...]
    sections: tuple[Section, ...]
    legend: Legend
    contact: Text
    labels: dict[str, Text]

    def section_ids(self) -> tuple[str, ...]:
        return tuple(section.id for section in self.sections)


@dataclass(frozen=True)
class Colour:
    """A print colour in CMYK percentages with the sRGB value screens show."""

    name: str
    cmyk: tuple[float, float, float, float]
    srgb: str


@dataclass(frozen=True)
class FontFace:
    file: str  # path relative to the project root
    weight: int
    style: str  # normal | italic


@dataclass(frozen=True)
class FontFamily:
    role: str  # body | headings
    family: str
    faces: tuple[FontFace, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    colours: dict[str, Colour]
    fonts: dict[str, FontFamily]


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
        return "tete-beche" if self.format == "tete-beche" else "bilingual"  # one of BILINGUAL_EDITIONS


@dataclass(frozen=True)
class Layout:
    name: str
    source: str
    document: str
    page_width_mm: float
    page_height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    columns: int
    column_gap_mm: float
    type_scale: TypeScale
    theme: Theme
    languages: tuple[str, ...]
    lead: tuple[str, ...]  # blocks set full width under the title
    body: tuple[str, ...]  # blocks set in columns
    closing: tuple[str, ...]  # blocks set full width at the end
    footer: bool
    print_spec: PrintSpec | None = None  # None: no print variant
    preflight: Preflight = Preflight()
    bilingual: Bilingual | None = None  # None: one edition per language


@dataclass(frozen=True)
class Place:
    """A country (ISO 3166 alpha-2) or a named point in degrees."""

    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def key(self) -> str:
        """Entries with the same key share one spot on the map."""
        return self.country or f"{self.lat:.3f},{self.lon:.3f}"


@dataclass(frozen=True)
class MapEntry:
    category: int
    place: Place
    label: Text | None  # None: the country's CLDR name in each language
    source: str  # the sentence of the handout that puts the place on the map
    where: Location


@dataclass(frozen=True)
class MapContent:
    source: str
    home: str
    entries: tuple[MapEntry, ...]


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


@dataclass(frozen=True)
class PosterLayout:
    name: str
    source: str
    document: str
    page_width_mm: float
    page_height_mm: float
    margins_mm: tuple[float, float, float, float]
    type_scale: TypeScale
    theme: Theme
    languages: tuple[str, ...]
    rows: tuple[PosterRow, ...]
    row_gap_mm: float
    column_gap_mm: float
    antarctica: bool
    block_places: dict[str, Location]  # where each block is named, for overflow errors
    print_spec: PrintSpec | None = None  # None: no print variant
    preflight: Preflight = Preflight()
    bilingual: Bilingual | None = None  # None: one edition per language
