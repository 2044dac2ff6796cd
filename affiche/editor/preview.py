"""The preview beside the form: the page of the edited handout where the edit prints, redrawn after each save.

One thread keeps the pipeline warm (WeasyPrint, the fonts and the map stay loaded) and builds as
`render.py watch` does, through pipeline/build.py with the screen PDF first: after a save, the screen
PDF of the preview's layout in the language edited, then its page holding the edited text is drawn
with pdfium, about half a second in all, and that build stops there. A newer save makes an
unfinished build stale, which stops between two files and gives way. Once no save has come for a
while, the same thread builds every output, the print PDFs and the download page among them, so
that the links to the full PDFs and the download page are current.
"""
from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import AfficheError
from ..model.outputs import OutputName
from ..pdf.raster import page_holding, page_png
from ..pipeline.build import Output, Superseded, build, warm_up

PICTURE_WIDTH_PX = 900
QUIET_SECONDS = 8  # without a save, before the other outputs are built
STOP_SECONDS = 10  # the longest a poster takes to render here is about 3 s


@dataclass(frozen=True)
class Wanted:
    lang: str
    text: str  # the edited text as it prints, looked for in the PDF; "" for the first page


@dataclass(frozen=True)
class Picture:
    version: int  # counts the pictures drawn: the page asks for a new one by it
    png: bytes
    file: str  # the output file's name
    page: int  # from 1


class Preview:
    def __init__(self, root: Path, output_dir: Path, layout: str, debug: bool = False) -> None:
        self.root, self.output_dir, self.layout, self.debug = root, output_dir, layout, debug
        self.picture: Picture | None = None
        self.error: str | None = None
        self._wanted: Wanted | None = None
        self._asked = 0  # how many times a preview was asked for: a build for an older one is stale
        self._stopped = False
        self._warm = False  # whether this process has set a PDF yet (pipeline.build.warm_up)
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="affiche-editor-preview", daemon=True)
        self._thread.start()

    def ask(self, lang: str, text: str) -> None:
        with self._changed:
            self._wanted = Wanted(lang, text)
            self._asked += 1
            self._changed.notify_all()

    def stop(self) -> None:
        """Stop building, once the file being drawn is done (within STOP_SECONDS): the process may then
        end without pulling the libraries from under a render."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._thread.join(STOP_SECONDS)

    def state(self) -> dict:
        with self._changed:
            picture = self.picture
            return {"version": picture.version if picture else 0, "file": picture.file if picture else None,
                    "page": picture.page if picture else None, "busy": self._wanted is not None,
                    "error": self.error}

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopped or self._wanted is not None)
                if self._stopped:
                    return
                wanted, asked = self._wanted, self._asked
            self._build(wanted, asked)

    def _build(self, wanted: Wanted, asked: int) -> None:
        """The screen PDF alone, which stops the build once drawn; then, after a pause in the saves,
        every output (the edition's print PDF among them), unless a newer save came meanwhile."""
        screen = str(OutputName(self.layout, wanted.lang, "screen", "pdf"))
        drawn: list[bool] = []  # whether the screen PDF drawn was set by this build

        def newer() -> bool:
            return self._stopped or self._asked != asked

        def draw(output: Output) -> None:
            if output.path.name == screen:
                self._draw(output.path, wanted)
                drawn.append(output.rebuilt)

        if not self._attempt(asked, lambda: build(self.root, self.output_dir, [self.layout], [wanted.lang],
                                                  report=draw, screen_first=True,
                                                  stale=lambda: bool(drawn) or newer())):
            return
        # A first picture of a PDF built earlier leaves the process cold for the first save.
        self._warm = self._warm or any(drawn) or warm_up(self.root, [self.layout], [wanted.lang])
        with self._changed:
            if self._changed.wait_for(newer, QUIET_SECONDS):
                return
        self._attempt(asked, lambda: build(self.root, self.output_dir, stale=newer))

    def _attempt(self, asked: int, building) -> bool:
        """Run a build; False when it failed (its error is kept for the page) or a newer save came."""
        try:
            building()
        except Superseded:
            if self._stopped or self._asked != asked:
                return False
        except AfficheError as error:
            self._done(asked, error.one_line())
            return False
        except Exception as error:  # a bug in affiche: the editor goes on, and says so
            if self.debug:
                traceback.print_exc()
            self._done(asked, f"internal error: {type(error).__name__}: {error}")
            return False
        self._done(asked, None)
        return True

    def _draw(self, pdf_path: Path, wanted: Wanted) -> None:
        pdf = pdf_path.read_bytes()
        index = page_holding(pdf, wanted.text) or 0
        # zlib's fastest level: by default the picture only crosses to a browser on this machine
        png = page_png(pdf, index, PICTURE_WIDTH_PX, level=1)
        with self._changed:
            version = self.picture.version + 1 if self.picture else 1
            self.picture = Picture(version, png, pdf_path.name, index + 1)

    def _done(self, asked: int, error: str | None) -> None:
        with self._changed:
            self.error = error
            if self._asked == asked:
                self._wanted = None
