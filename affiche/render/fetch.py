"""WeasyPrint may read files of the project's own resource folders, and nothing else.

Content comes from staff but is treated as untrusted: no http(s), no file outside
fonts/ and svg/, no `..` escapes. WeasyPrint only warns when a resource fails, so
the fetcher remembers what it refused and the renderer turns that into an error.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher

ALLOWED_FOLDERS = ("fonts", "svg")


class ProjectFetcher(URLFetcher):
    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = tuple((root / folder).resolve() for folder in ALLOWED_FOLDERS)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "data" and not (parsed.scheme == "file" and self.inside_project(parsed.path)):
            self.refused.append(url)
            raise ValueError(f"refused {url}")
        return super().fetch(url, headers)

    def inside_project(self, url_path: str) -> bool:
        path = Path(unquote(url_path)).resolve()
        return any(folder in path.parents for folder in self.allowed)

    def refusal_message(self) -> str:
        folders = ", ".join(f"{folder}/" for folder in ALLOWED_FOLDERS)
        return f"refused to load {self.refused[0]!r}: only files inside {folders} of the project may be used"
