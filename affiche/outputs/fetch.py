"""WeasyPrint may read files of the project's own resource folders, and nothing else.

Content comes from staff but is treated as untrusted: no http(s) or other scheme,
no file outside fonts/ and svg/, no `..` escapes, no symbolic link leading out
(paths are resolved before the check), no file on another host. WeasyPrint only
warns when a resource fails, so the fetcher remembers what it refused and the
renderer turns that into an error.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher

from ..folders import RESOURCE_FOLDERS

LOCAL_HOSTS = ("", "localhost")


class ProjectFetcher(URLFetcher):
    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = tuple((root / folder).resolve() for folder in RESOURCE_FOLDERS)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        path = self.project_file(url) if parsed.scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused {url}")
        # Read the checked file itself, not the URL, which may still hold '..' or a link.
        return super().fetch(path.as_uri(), headers)

    def project_file(self, url: str) -> Path | None:
        """The resolved file a file: URL names, if it lies inside an allowed folder."""
        parsed = urlparse(url)
        if parsed.netloc.lower() not in LOCAL_HOSTS:
            return None
        path = Path(unquote(parsed.path)).resolve()
        return path if any(folder in path.parents for folder in self.allowed) else None

    def refusal_message(self) -> str:
        folders = ", ".join(f"{folder}/" for folder in RESOURCE_FOLDERS)
        return f"refused to load {self.refused[0]!r}: only files inside {folders} of the project may be used"
