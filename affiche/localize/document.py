"""localize: one language of the content, with its typography and number formats applied.

Renderers receive these ready-to-print objects and never branch on language.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.content import Bullet, Content, Section, Text
from ..model.languages import LANGUAGE
from . import inline
from .inline import Run
from .money import format_amount
from .typography import RULES

Rich = tuple[Run, ...]


@dataclass(frozen=True)
class LocalBullet:
    text: Rich
    bullets: tuple[LocalBullet, ...]


@dataclass(frozen=True)
class LocalSection:
    id: str
    heading: Rich
    subtitle: Rich | None
    paragraphs: tuple[Rich, ...]
    bullets: tuple[LocalBullet, ...]
    sections: tuple[LocalSection, ...]


@dataclass(frozen=True)
class LocalLegendEntry:
    category: int
    label: Rich


@dataclass(frozen=True)
class LocalDocument:
    lang: str
    language_tag: str  # BCP 47, e.g. fr-CA, for the PDF and HTML lang
    title: str
    author: str
    subject: str
    intro: tuple[Rich, ...]
    sections: dict[str, LocalSection]
    legend_title: str
    legend: tuple[LocalLegendEntry, ...]
    contact: Rich
    labels: dict[str, str]
    online: str | None  # the online version's address, as typed


def localize(content: Content, lang: str) -> LocalDocument:
    return LocalDocument(
        lang=lang,
        language_tag=LANGUAGE[lang].tag,
        title=inline.plain(rich(content.title, lang)),
        author=inline.plain(rich(content.author, lang)),
        subject=inline.plain(rich(content.subject, lang)),
        intro=tuple(rich(text, lang) for text in content.intro),
        sections={section.id: local_section(section, lang) for section in content.sections},
        legend_title=inline.plain(rich(content.legend.title, lang)),
        legend=tuple(LocalLegendEntry(entry.category, rich(entry.label, lang)) for entry in content.legend.entries),
        contact=rich(content.contact, lang),
        labels={key: RULES[lang](text[lang]) for key, text in content.labels.items()},
        online=content.online[lang] if content.online else None,
    )


def rich(text: Text, lang: str) -> Rich:
    """The unit in one language: typography applied, amounts formatted, links made runs."""
    source = RULES[lang](text[lang])
    for name, amount in text.amounts.items():
        source = source.replace("{" + name + "}", format_amount(amount, lang))
    runs: list[Run] = []
    for run in inline.parse_runs(source):
        runs.extend(split_links(run, text.links))
    return tuple(runs)


def split_links(run: Run, links: dict[str, str]) -> list[Run]:
    pieces = inline.PLACEHOLDER.split(run.text)
    runs = []
    # re.split with one group alternates text and placeholder names.
    for index, piece in enumerate(pieces):
        if index % 2:
            runs.append(Run(links[piece], run.bold, run.italic, href=f"mailto:{links[piece]}"))
        elif piece:
            runs.append(Run(piece, run.bold, run.italic))
    return runs


def local_section(section: Section, lang: str) -> LocalSection:
    return LocalSection(
        id=section.id,
        heading=rich(section.heading, lang),
        subtitle=rich(section.subtitle, lang) if section.subtitle else None,
        paragraphs=tuple(rich(text, lang) for text in section.paragraphs),
        bullets=tuple(local_bullet(bullet, lang) for bullet in section.bullets),
        sections=tuple(local_section(child, lang) for child in section.sections),
    )


def local_bullet(bullet: Bullet, lang: str) -> LocalBullet:
    return LocalBullet(rich(bullet.text, lang), tuple(local_bullet(child, lang) for child in bullet.bullets))
