"""What a build shows while it runs and when it ends.

On a terminal: a progress bar while outputs render, then a summary table, with
colour. Anywhere else (a pipe, a CI log, NO_COLOR set): plain lines, one per output,
and a one-line summary, printed without rich, which a build then never imports (a few
hundredths of a second of each run in a script or a test). `--quiet` leaves only warnings,
errors and the summary.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.build import Output

if TYPE_CHECKING:
    from rich.progress import Progress
    from rich.table import Table


class BuildConsole:
    def __init__(self, root: Path, quiet: bool = False) -> None:
        self.root = root
        self.quiet = quiet
        self.terminal = None  # rich's console, on a terminal
        if colour_terminal() and not os.environ.get("CI"):
            from rich.console import Console

            self.terminal = Console(highlight=False, soft_wrap=True)
        self.outputs: list[Output] = []
        self.progress: Progress | None = None
        self.task = None
        self.began = time.monotonic()

    def started(self, files: int) -> None:
        """The build knows how many files it will render: show a bar when there are some."""
        self.began = time.monotonic()
        self.outputs = []
        if self.terminal is not None and files:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"), TimeElapsedColumn(),
                                     console=self.terminal, transient=True)
            self.task = self.progress.add_task("", total=files)
            self.progress.start()

    def report(self, output: Output) -> None:
        self.outputs.append(output)
        if self.progress is not None:
            if output.rebuilt:
                self.progress.update(self.task, description=output.path.name, advance=1)
            return
        if not self.quiet:
            self.line(describe(output, self.root))

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr, flush=True)

    def line(self, text: str) -> None:
        """A line as it is, on the terminal or down a pipe (flushed: watch's readers wait for each)."""
        if self.terminal is not None:
            self.terminal.print(text, markup=False, emoji=False)
        else:
            print(text, flush=True)

    def finished(self) -> None:
        self.stop_progress()
        seconds = time.monotonic() - self.began
        built = sum(output.rebuilt for output in self.outputs)
        kept = len(self.outputs) - built
        summary = f"{built} file{'s' if built != 1 else ''} built, {kept} unchanged, in {seconds:.1f} s"
        if self.terminal is not None and not self.quiet:
            self.terminal.print(self.summary_table())
        self.line(summary)

    def stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary_table(self) -> Table:
        from rich.table import Table

        table = Table(box=None, header_style="bold", pad_edge=False)
        for heading, justify in (("output", "left"), ("pages", "right"), ("size", "right"), ("", "left")):
            table.add_column(heading, justify=justify)
        for output in self.outputs:
            table.add_row(shown_path(output.path, self.root), str(output.pages), f"{output.size / 1024:.0f} KB",
                          ("built" + (f", {output.note}" if output.note else "")) if output.rebuilt
                          else "[dim]unchanged[/dim]")
        return table


def colour_terminal() -> bool:
    """Standard output is a terminal that may show colour (NO_COLOR unset)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def describe(output: Output, root: Path) -> str:
    """One output on one line: `output/handout-a4-fr.pdf  3 pages  84 KB`, marked when kept."""
    pages = "page" if output.pages == 1 else "pages"
    line = f"{shown_path(output.path, root)}  {output.pages} {pages}  {output.size / 1024:.0f} KB"
    if output.note:
        line += f"  {output.note}"
    return line if output.rebuilt else f"{line}  (unchanged)"
