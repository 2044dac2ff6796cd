"""WeasyPrint setting HTML and CSS into tagged PDFs, for the handouts and the posters alike,
reading only the project's own fonts/ and svg/ (fetch.py).

WeasyPrint is imported when a page is first set, not with the writers: a build that shares its
jobs out to workers asks the writers how many files each makes and which take longest, and
never sets a page itself."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AfficheError, Location
from ..model.layout import Layout
from ..model.outputs import Rendered
from ..pdf.variant import Variant
from ..pdf.weasyprint_compat import columns_balanced_where_it_shows, install_weasyprint_changes
from .edition import Edition

if TYPE_CHECKING:
    from weasyprint import Document
    from weasyprint.text.fonts import FontConfiguration

# The handout sets into 3 to 8 pages; content at its whole character budget (yamlsrc.CONTENT_BUDGET)
# into about 20 (29 side by side; a tête-bêche booklet renders each language apart). Far more is
# a mistake, not a handout.
MAX_HANDOUT_PAGES = 40


def timestamp(edition: Edition) -> str:
    return edition.created.strftime("%Y-%m-%dT%H:%M:%SZ")


# Balancing columns is most of a handout's layout time (WeasyPrint lays the columns out again for
# every height it tries). It only changes the last run of columns, and only when that run ends
# mid-page: so the columns are filled one after the other, and balanced only when that leaves
# the last column shorter than the first by more than this share of the column height.
COLUMN_CONTAINER = "columns"
UNBALANCED_SHARE = 0.25


def render_pages(html: str, css: str, layout: Layout, root: Path) -> Document:
    """HTML and CSS set into pages by WeasyPrint, with balanced columns where balancing shows."""
    with columns_balanced_where_it_shows(COLUMN_CONTAINER, UNBALANCED_SHARE):
        document = set_pages(html, css, layout, root)
    check_page_count(len(document.pages), layout)
    return document


def set_pages(html: str, css: str, layout: Layout, root: Path) -> Document:
    """HTML and CSS set into pages by WeasyPrint, which may read only the project's fonts/ and svg/."""
    install_weasyprint_changes()
    from weasyprint import CSS, HTML

    from .fetch import ProjectFetcher

    fetcher = ProjectFetcher(root)
    base_url = f"{root.resolve().as_uri()}/"
    fonts = font_configuration(root)
    stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=[stylesheet],
                                                                                 font_config=fonts)
    if fetcher.refused:
        raise AfficheError(Location(layout.source), fetcher.refusal_message(), "remove the address")
    return document


@lru_cache(maxsize=8)
def font_configuration(root: Path) -> FontConfiguration:
    """One font configuration per project and process: each new one registers the theme's font
    files with fontconfig again and starts Pango's caches of shaped glyphs empty. The same PDFs
    come out of a shared one, byte for byte."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def check_page_count(pages: int, layout: Layout) -> None:
    """Stop a runaway handout before its PDF is written."""
    if pages > MAX_HANDOUT_PAGES:
        raise AfficheError(Location(layout.source), f"the handout sets into {pages} pages, more than the "
                                                    f"{MAX_HANDOUT_PAGES} allowed",
                           "shorten the content, or choose larger pages or smaller type")


def tagged_pdf(document: Document, variant: Variant) -> bytes:
    return document.write_pdf(**variant.weasyprint_options())


def finished(data: bytes, pages: int, edition: Edition, variant: Variant, note: str = "") -> Rendered:
    """WeasyPrint's PDF as the variant delivers it (print: PDF/X, boxes and marks)."""
    file_name = str(edition.output_name(variant, "pdf"))
    return Rendered("pdf", variant.finish(data, edition.info, file_name), pages, note)
