"""The command line: parse arguments, call the pipeline, print results. Nothing else."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .build import Output, build
from .errors import AfficheError

def parser(default_root: Path) -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="render.py",
        description="Build the bilingual handout PDFs and world-map posters from data/ and layouts/ into output/. "
                    "With no command, builds every layout in every language.")
    main.add_argument("--root", type=Path, default=default_root,
                      help=f"project folder with data/, layouts/ and fonts/ (default: {default_root})")
    commands = main.add_subparsers(dest="command")
    build_command = commands.add_parser("build", help="build outputs (all of them unless narrowed down)")
    build_command.add_argument("--layout", action="append", default=[], metavar="NAME",
                               help="a layout from layouts/, e.g. handout-letter (repeatable; default: all)")
    build_command.add_argument("--lang", action="append", default=[], choices=("fr", "en"),
                               help="a language (repeatable; default: those the layout lists)")
    build_command.add_argument("--output", type=Path, default=None, metavar="DIR",
                               help="where to write (default: output/ in the project)")
    build_command.add_argument("--debug", action="store_true", help="show tracebacks and renderer warnings")
    return main


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    args = parser(default_root or Path.cwd()).parse_args(argv)
    debug = getattr(args, "debug", False)
    # WeasyPrint and fontTools report font-subsetting details that mean nothing to staff.
    logging.basicConfig(level=logging.WARNING if debug else logging.ERROR, format="%(name)s: %(message)s")
    root = args.root.resolve()
    output_dir = (getattr(args, "output", None) or root / "output").resolve()
    try:
        build(root, output_dir, getattr(args, "layout", []), getattr(args, "lang", []),
              report=lambda output: print(describe(output, root)),
              warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except AfficheError as error:
        print(f"error: {error.one_line()}", file=sys.stderr)
        return error.exit_status
    except Exception as error:  # a bug in affiche, not in the user's files
        if debug:
            raise
        print(f"internal error: {type(error).__name__}: {error} (run 'render.py build --debug' for details)",
              file=sys.stderr)
        return 3
    return 0


def describe(output: Output, root: Path) -> str:
    try:
        shown = output.path.relative_to(root)
    except ValueError:
        shown = output.path
    pages = "page" if output.pages == 1 else "pages"
    return f"{shown}  {output.pages} {pages}  {output.size / 1024:.0f} KB"
