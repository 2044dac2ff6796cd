"""The download page's own words (data/download-page.yaml), and the theme it takes its colours and fonts from."""
from __future__ import annotations

from dataclasses import dataclass

from .content import Text
from .theme import Theme


@dataclass(frozen=True)
class PageWords:
    source: str
    theme: Theme
    labels: dict[str, Text]
    documents: dict[str, Text]  # document kind -> its name
    sizes: dict[str, Text]  # page size name (units.PAGE_SIZES_MM) -> its name
