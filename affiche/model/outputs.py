"""What a build makes: each file's name, and what it is.

One type formats and parses output names, `<layout>-<edition>[-print].<ext>`: nothing
else in affiche takes a file name apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .languages import LANGUAGES

BILINGUAL_EDITIONS = ("bilingual", "tete-beche")  # both languages in one file: side by side (or stacked), tête-bêche
EDITIONS = LANGUAGES + BILINGUAL_EDITIONS  # what output names carry after the layout's name
VARIANTS = ("screen", "print")
EXTENSIONS = ("pdf", "svg", "png")  # the order of the download links
PRINT_SUFFIX = "-print"


@dataclass(frozen=True)
class OutputName:
    layout: str
    edition: str  # one of EDITIONS
    variant: str  # one of VARIANTS
    extension: str  # one of EXTENSIONS

    def __str__(self) -> str:
        suffix = PRINT_SUFFIX if self.variant == "print" else ""
        return f"{self.layout}-{self.edition}{suffix}.{self.extension}"

    @property
    def stem(self) -> str:
        return str(self).rsplit(".", 1)[0]

    @classmethod
    def parse(cls, name: str) -> OutputName | None:
        """The parts of a name this type formats, or None for any other file name."""
        stem, dot, extension = name.rpartition(".")
        if not dot or extension not in EXTENSIONS:
            return None
        variant = "print" if stem.endswith(PRINT_SUFFIX) else "screen"
        stem = stem.removesuffix(PRINT_SUFFIX) if variant == "print" else stem
        layout, dash, edition = stem.rpartition("-")
        # "tete-beche" holds a hyphen of its own
        if edition == "beche" and layout.endswith("-tete"):
            layout, edition = layout.removesuffix("-tete"), "tete-beche"
        if not dash or not layout or edition not in EDITIONS:
            return None
        return cls(layout, edition, variant, extension)


# (page number, the text, by how many CSS px): a piece of text a handout's layout set wider than
# its column. The build records them, so that `check` of a project just built lays nothing out.
Overflow = tuple[int, str, float]


@dataclass(frozen=True)
class Rendered:
    """One file a writer made, before it is written."""

    extension: str  # pdf | svg | png
    data: bytes
    pages: int
    note: str = ""  # what the build's report line adds, e.g. "2 blank pages added"
    overflows: tuple[Overflow, ...] = ()  # text the layout set past its column, for `check`


@dataclass(frozen=True)
class OutputFile:
    """A file in the output folder as the manifest records it: what it is, not only its name."""

    name: OutputName
    document: str  # handout | poster
    pages: int
    trim_mm: tuple[float, float]  # the finished page, width by height
    bleed_mm: float  # how far the print variant's colour runs past the trim
    sha256: str
    overflows: tuple[Overflow, ...] = ()


@dataclass(frozen=True)
class DocumentInfo:
    """What the Info dictionary and the XMP metadata say about a PDF."""

    title: str
    author: str
    subject: str
    language: str  # BCP 47, e.g. fr-CA
    created: datetime  # timezone-aware
