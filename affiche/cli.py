"""The command line: parse arguments, call the pipeline, print results. Nothing else."""
from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from .errors import AfficheError
from .model.languages import LANGUAGES
from .pipeline.stop import Terminated, note_stop_signals

def parser(default_root: Path) -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="render.py",
        description="Build the bilingual handout PDFs and world-map posters from data/ and layouts/ into output/. "
                    "With no command, builds every layout in every language.")
    main.add_argument("--root", type=Path, default=default_root,
                      help=f"project folder with data/, layouts/ and fonts/ (default: {default_root})")
    commands = main.add_subparsers(dest="command")
    build_command = commands.add_parser("build", help="build outputs (all of them unless narrowed down); "
                                                      "outputs whose inputs did not change are kept")
    add_build_choices(build_command)
    build_command.add_argument("--force", action="store_true", help="rebuild every output, changed or not")
    build_command.add_argument("--jobs", type=positive, default=os.cpu_count() or 1, metavar="N",
                               help="render in N processes at once (default: one per core)")
    build_command.add_argument("--quiet", action="store_true",
                               help="print only warnings, errors and the closing summary")
    build_command.add_argument("--strict", action="store_true",
                               help="stop, rather than warn, when a translation is stale or untranslated")
    add_build_choices(commands.add_parser(
        "watch", help="build, then rebuild after every saved change to data/, layouts/, fonts/ (Ctrl-C to stop)"))
    serve_command = commands.add_parser(
        "serve", help="watch, and serve output/ on a local web server whose pages reload after each rebuild")
    add_build_choices(serve_command)
    serve_command.add_argument("--host", default="127.0.0.1",
                               help="address to listen on (default: 127.0.0.1, this machine only)")
    serve_command.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    add_edit_command(commands)
    check_command = commands.add_parser(
        "check", help="preflight: report what would go wrong in print, from the inputs and the PDFs in output/")
    check_command.add_argument("--output", type=Path, default=None, metavar="DIR",
                               help="the folder of PDFs to inspect (default: output/ in the project)")
    check_command.add_argument("--strict", action="store_true",
                               help="count language findings as errors, so that they fail the check")
    add_translation_commands(commands)
    new_command = commands.add_parser("new", help="start a new project folder, copied from this one (--root)")
    new_command.add_argument("name", metavar="NAME", help="the new folder's name, e.g. handout-2025")
    new_command.add_argument("--into", type=Path, default=Path.cwd(), metavar="DIR",
                             help="where to create it (default: the current folder)")
    return main


def add_edit_command(commands) -> None:
    edit = commands.add_parser(
        "edit", help="edit the content in your browser: French and English side by side, checked as you type, "
                     "previewed as you save (Ctrl-C to stop)",
        description="Start the browser editor on this machine and print its address. It edits data/handout.yaml, "
                    "data/map.yaml and data/download-page.yaml, and builds the preview into output/.")
    edit.add_argument("--host", default="127.0.0.1",
                      help="address to listen on (default: 127.0.0.1, this machine only)")
    edit.add_argument("--port", type=port_number, default=0, help="port (default: 0, any free one)")
    edit.add_argument("--open", action="store_true", help="open the editor in the web browser")
    edit.add_argument("--layout", default=None, metavar="NAME",
                      help="the handout layout the preview shows (default: the first in one language)")
    edit.add_argument("--output", type=Path, default=None, metavar="DIR",
                      help="where the preview builds (default: output/ in the project)")
    edit.add_argument("--debug", action="store_true", help="show tracebacks of the editor's own faults")


def add_translation_commands(commands) -> None:
    translations = commands.add_parser(
        "translations", help="the translation state of each unit: what its translation was made from")
    accept = translations.add_subparsers(dest="action", required=True).add_parser(
        "accept", help="record, after review, that these units' translations match their source of today")
    accept.add_argument("units", nargs="*", metavar="UNIT",
                        help="a unit id as 'check' names it, or a section id for all its units (default: every unit)")
    accept.add_argument("--source", choices=LANGUAGES, default=None,
                        help="the language these units are translated from (default: the one recorded, "
                             "else the project's)")
    xliff = commands.add_parser("xliff", help="exchange units with a translation service's CAT tool as XLIFF 1.2")
    actions = xliff.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write the units to translate into one language as an XLIFF file")
    export.add_argument("--to", required=True, choices=LANGUAGES, help="the language to translate into")
    export.add_argument("--only", action="append", choices=("stale", "missing", "all"), default=[],
                        help="units whose source changed since their translation was accepted, units never "
                             "translated, or all (repeatable; default: all)")
    export.add_argument("-o", dest="file", type=Path, default=None, metavar="FILE",
                        help="the XLIFF file to write (default: <project>-<from>-<to>.xlf here)")
    read = actions.add_parser("import", help="check an XLIFF file back from translation, then write its "
                                             "translations into the YAML files and accept them")
    read.add_argument("file", type=Path, metavar="FILE", help="the translated XLIFF 1.2 file")
    read.add_argument("--dry-run", action="store_true", help="print the change as a diff and write nothing")


def add_build_choices(command: argparse.ArgumentParser) -> None:
    command.add_argument("--layout", action="append", default=[], metavar="NAME",
                         help="a layout from layouts/, e.g. handout-letter (repeatable; default: all)")
    command.add_argument("--lang", action="append", default=[], choices=LANGUAGES,
                         help="a language (repeatable; default: those the layout lists)")
    command.add_argument("--output", type=Path, default=None, metavar="DIR",
                         help="where to write (default: output/ in the project)")
    command.add_argument("--debug", action="store_true", help="show tracebacks and renderer warnings")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def port_number(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a whole number from 1024 to 65535, "
                                         "or 0 for any free one")
    return int(text)


def script() -> NoReturn:
    """The `affiche` command: render.py's, in the current folder."""
    finish(main())


def finish(status: int) -> NoReturn:
    """Exit with `status`. Python's last collections at exit would walk every object the command
    left, a quarter of a second after a build: they are skipped, the memory goes back all the same."""
    gc.freeze()
    sys.exit(status)


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    args = parser(default_root or Path.cwd()).parse_args(argv)
    debug = getattr(args, "debug", False)
    # WeasyPrint and fontTools report font-subsetting details that mean nothing to staff.
    logging.basicConfig(level=logging.WARNING if debug else logging.ERROR, format="%(name)s: %(message)s")
    root = args.root.resolve()
    output_dir = (getattr(args, "output", None) or root / "output").resolve()

    try:
        return run(args, root, output_dir, debug)
    except AfficheError as error:
        print(f"error: {error.one_line()}", file=sys.stderr)
        return error.exit_status
    except Exception as error:  # a bug in affiche, not in the user's files
        if debug:
            raise
        print(f"internal error: {type(error).__name__}: {error} (run 'render.py build --debug' for details)",
              file=sys.stderr)
        return 3


def run(args: argparse.Namespace, root: Path, output_dir: Path, debug: bool) -> int:
    """The chosen command; each command's module is imported only when it runs."""
    if args.command in ("watch", "serve"):
        from .commands.console import describe
        from .commands.watch import Job, watch

        job = Job(root, output_dir, tuple(args.layout), tuple(args.lang), debug)

        def report(output) -> None:
            print(describe(output, root), flush=True)

        def warn(message: str) -> None:
            print(f"warning: {message}", file=sys.stderr, flush=True)

        if args.command == "watch":
            return until_interrupted(watch, job, report, warn)
        from .commands.serve import serve

        return until_interrupted(serve, job, args.host, args.port, report, warn)
    if args.command == "edit":
        return stopped_with_one_line(edit_command, lambda interrupt: "editor stopped", args, root, output_dir)
    if args.command == "new":
        from .commands.new import run as new

        return new(root, args.name, args.into.resolve(), Path(sys.argv[0]).resolve())
    if args.command == "check":
        return stopped_with_one_line(check_command, lambda interrupt: "check stopped", args, root, output_dir)
    if args.command == "translations":
        from .commands.translations import run as translations

        return translations(root, args.units, args.source)
    if args.command == "xliff":
        from .commands import xliff

        if args.action == "export":
            return xliff.export(root, args.to, args.only, args.file)
        return xliff.import_(root, args.file, args.dry_run)
    return stopped_with_one_line(build_command, files_kept, args, root, output_dir)


def stopped_with_one_line(command, line: Callable[[KeyboardInterrupt], str], *arguments) -> int:
    """A command that Ctrl-C or SIGTERM stops with one line and exit status 130 or 143, leaving
    nothing half-done: a build keeps the files it finished, the editor writes each save whole,
    check writes nothing."""
    note_stop_signals()
    try:
        return command(*arguments)
    except KeyboardInterrupt as interrupt:
        print(line(interrupt), file=sys.stderr)
        return interrupted_status(interrupt)


def build_command(args: argparse.Namespace, root: Path, output_dir: Path) -> int:
    from .commands.build import run as build

    return build(root, output_dir, getattr(args, "layout", []), getattr(args, "lang", []),
                 getattr(args, "force", False), getattr(args, "jobs", os.cpu_count() or 1),
                 getattr(args, "quiet", False), getattr(args, "strict", False))


def files_kept(interrupt: KeyboardInterrupt) -> str:
    kept = interrupt.args[0] if interrupt.args else 0  # counted by commands/build.py once the build began
    return f"interrupted: {kept} file{'s' if kept != 1 else ''} kept, nothing half-written"


def edit_command(args: argparse.Namespace, root: Path, output_dir: Path) -> int:
    from .commands.edit import run as edit

    edit(root, output_dir, args.host, args.port, args.open, args.layout, args.debug)
    return 0


def check_command(args: argparse.Namespace, root: Path, output_dir: Path) -> int:
    from .commands.check import run as check

    return check(root, output_dir, args.strict)


def interrupted_status(interrupt: KeyboardInterrupt) -> int:
    return 128 + (signal.SIGTERM if isinstance(interrupt, Terminated) else signal.SIGINT)


def until_interrupted(command, *arguments) -> int:
    """watch and serve run until Ctrl-C, or SIGTERM from a service manager, their normal way out:
    no traceback, exit status 0."""
    note_stop_signals()
    try:
        command(*arguments)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0
