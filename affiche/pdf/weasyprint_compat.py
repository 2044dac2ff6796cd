"""Every use of WeasyPrint's private API, behind one version guard.

affiche reaches into WeasyPrint in these places its public API does not cover:
- the structure tree: WeasyPrint builds it from the HTML (h1 -> H1, ul/li -> L/LI, an inline
  <svg> -> Figure whose /Alt is its <title>) and writes the document's language, from
  <html lang>, on the catalogue, but gives no structure element a /Lang of its own. A
  bilingual PDF needs one on every passage in the other language, or a screen reader speaks
  the English with French pronunciation. So its structure builder is wrapped: an element
  carrying a `lang` attribute gives its structure element /Lang, which the element's
  descendants inherit (ISO 32000-1, 14.9.2). The <html> and <body> boxes make no structure
  element; a `lang` on them that differs from the catalogue's (the second document of a
  tête-bêche) goes on their top-level children.
- the laid-out boxes of a page (Page._page_box), which `check` reads to find text that runs
  past its column;
- the multi-column layout, wrapped so that a handout's columns are balanced only where
  balancing shows, in one layout of the document instead of two, and columns set again are
  filled at the height their first balancing settled on;
- the SVG path drawer, given a fast lane for the path data affiche's own map writes (whole numbers
  in relative steps: map/svg.py): WeasyPrint reads a path's numbers one by one, cutting the
  rest of the string each time, which took a sixth of a full build for the maps' thirteen
  thousand points each, and each map's paths are drawn once per process (a build's documents
  share one map); any other path data, and a path that names a marker, is drawn by WeasyPrint's
  own drawer;
- the level at which its writer, pydyf, compresses every stream: 9, which took 1.4 s of a full
  build (a tenth of it) for files 1 % smaller than zlib's default level makes them;
- the cache of its HTML parser, tinyhtml5, for the regular expressions that read a run of text up
  to the next of some characters: it is filled under the wrong key and never answers, so every
  run built its expression again, 25 ms of each document's 40 ms parse (the inline map's
  thousands of attributes);
- Pango's version, which the output digests include, when it cannot be read more cheaply;
- the import itself, which finds WeasyPrint's system libraries without ctypes' search.

These are tested against the WeasyPrint versions in SUPPORTED only: any other stops with one
line before anything is drawn, rather than drawing wrong. WeasyPrint's private modules are
imported only past that guard, so a version that moved them fails with the same line.
"""
from __future__ import annotations

import io
import re
import sys
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib import metadata
from itertools import accumulate

import pydyf

from ..errors import AfficheError, Location

SUPPORTED = ((70, 0), (71, 0))  # from, up to but not including: what pyproject.toml pins
TOLERANCE_PX = 0.5  # sub-pixel rounding in the line layout is not an overflow


@cache  # reading the package's metadata walks sys.path; every page set asks
def installed_version() -> str:
    return metadata.version("weasyprint")


def check_version() -> None:
    """Stop with one line on a WeasyPrint outside the tested range."""
    version = installed_version()
    try:
        found = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        found = (0, 0)
    low, high = SUPPORTED
    if not low <= found < high:
        raise AfficheError(Location("WeasyPrint"), f"version {version} is installed, but affiche is tested with "
                           f"{low[0]}.x only and relies on its internals",
                           f"install the version affiche pins: pip install 'weasyprint>={low[0]},<{high[0]}'")


def load_weasyprint() -> None:
    """Past the version guard, import WeasyPrint, its system libraries found as the dynamic loader
    finds them. WeasyPrint opens each of seven libraries under its names on every platform in turn
    (libpango-1.0-0, pango-1.0-0, pango-1.0, libpango-1.0.so.0, ...): through cffi, ctypes looks
    for each name the loader cannot open by running ldconfig, then the C compiler and the linker.
    That took 0.28 s of every process that renders, for libraries the loader then opened by their
    Linux file names. So, on Linux, the import looks for no name; should that leave a library
    unopened (one that only the compiler's search finds), it is imported again the long way."""
    check_version()
    if "weasyprint.text.ffi" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    import ctypes.util

    looked_up = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint prints its installation help on the way out
            import weasyprint  # noqa: F401
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = looked_up
    import weasyprint  # noqa: F401, F811


def install_weasyprint_changes() -> None:
    """What affiche changes in WeasyPrint's reading of HTML and writing of a PDF, installed once
    (again keeps each once)."""
    load_weasyprint()
    _install_language_tags()
    _install_grid_paths()
    pydyf.zlib = _ZLIB_AT_DEFAULT_LEVEL
    _install_run_expressions()


def _install_run_expressions() -> None:
    from tinyhtml5 import inputstream

    if not isinstance(inputstream.characters_until_regex, _RunExpressions):
        inputstream.characters_until_regex = _RunExpressions()


class _RunExpressions(dict):
    """tinyhtml5's cache of the expressions its chars_until reads with, which builds a missing one
    here, under the key it looks it up by: (the characters that end or make up the run, whether
    they make it up), as tinyhtml5 builds it."""

    def __missing__(self, key: tuple) -> re.Pattern:
        characters, opposite = key
        listed = "".join(f"\\x{ord(character):02x}" for character in characters)
        self[key] = re.compile(f"[{listed}]+" if opposite else f"[^{listed}]+")
        return self[key]


class _ZlibAtLevel:
    """The zlib module as pydyf sees it: any compressor it asks for works at `level`."""

    def __init__(self, level: int) -> None:
        self.level = level

    def compressobj(self, level: int = zlib.Z_DEFAULT_COMPRESSION, *arguments, **options):
        return zlib.compressobj(self.level, *arguments, **options)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


_ZLIB_AT_DEFAULT_LEVEL = _ZlibAtLevel(zlib.Z_DEFAULT_COMPRESSION)


def _install_language_tags() -> None:
    from weasyprint.pdf import tags

    if getattr(tags._build_box_tree, "__wrapped__", None) is None:
        original = tags._build_box_tree

        def build_box_tree_with_languages(box, parent, pdf, *arguments):
            language = _declared_language(box)
            passes_up = _passes_children_up(box)
            for element in original(box, parent, pdf, *arguments):
                # A passed-up child keeps a /Lang of its own, and needs none in the catalogue's language.
                if language and (not passes_up or ("Lang" not in element and language != _catalogue_language(pdf))):
                    element["Lang"] = pydyf.String(language)
                yield element

        build_box_tree_with_languages.__wrapped__ = original
        tags._build_box_tree = build_box_tree_with_languages


def _install_grid_paths() -> None:
    from weasyprint.svg import TAGS

    if getattr(TAGS["path"], "__wrapped__", None) is None:
        original = TAGS["path"]

        def path(svg, node, font_size):
            operators = None if _names_a_marker(node) else _grid_operators(node.get("d", ""))
            if operators is None:
                return original(svg, node, font_size)
            svg.stream.stream.append(operators)  # a stream's items are written one per line

        path.__wrapped__ = original
        TAGS["path"] = path


# The marker properties, which SVG inherits and WeasyPrint's parser copies onto each element.
_MARKERS = ("marker", "marker-start", "marker-mid", "marker-end")


def _names_a_marker(node) -> bool:
    """A path that names a marker takes WeasyPrint's drawer, which notes the vertices it puts
    markers at; without one, its markers' drawer has nothing to draw, so the lane notes none."""
    return any(node.get(name) for name in _MARKERS)


# Subpaths "M x y l dx dy ...", closed by "z" or not, in whole numbers: map/svg.py's path data.
# A number follows another after a space or, when negative, straight after it: read so, every
# number is what WeasyPrint's drawer reads there (it puts a space before each minus sign).
_NUMBER = r"-?[0-9]+"
_STEPS = rf"{_NUMBER}(?:(?: |(?=-)){_NUMBER})*"
_GRID_SUBPATH = re.compile(rf"M({_NUMBER}) ({_NUMBER})l({_STEPS})(z?)")
_GRID_PATH = re.compile(rf"(?:{_GRID_SUBPATH.pattern})+")
_INTEGER = re.compile(_NUMBER)


def _grid_subpaths(data: str) -> list[tuple[int, int, list[int], bool]] | None:
    """(x, y, steps, closed) of each subpath of path data in the grid form, else None."""
    if not _GRID_PATH.fullmatch(data):
        return None
    subpaths = []
    for match in _GRID_SUBPATH.finditer(data):
        steps = list(map(int, _INTEGER.findall(match[3])))
        if len(steps) % 2:
            return None  # a step without its y: WeasyPrint's drawer says what it makes of that
        subpaths.append((int(match[1]), int(match[2]), steps, bool(match[4])))
    return subpaths


# Every map of a build draws the same countries: a handout's screen and print PDFs, the posters'
# variants. Kept by their path data, each map's operators are made once per process (the default
# build's 1 070 paths: 0.4 MB of data, 0.9 MB of operators); artwork is read into at most 5 000
# elements of 1 MB.
@lru_cache(maxsize=4096)
def _grid_operators(data: str) -> bytes | None:
    """What WeasyPrint's drawer draws of path data in the grid form, operator for operator, else
    None. Whole numbers stay whole, so they are written as it writes whole floats."""
    subpaths = _grid_subpaths(data)
    if subpaths is None:
        return None
    operators = [b"0 0 m"]  # the drawer starts every path at the origin
    for x, y, steps, closed in subpaths:
        operators.append(b"%d %d m" % (x, y))
        moved = zip(accumulate(steps[::2]), accumulate(steps[1::2]))  # from the subpath's start
        operators += [b"%d %d l" % (x + dx, y + dy) for dx, dy in moved]
        if closed:
            operators.append(b"h")
    return b"\n".join(operators)


def _declared_language(box) -> str | None:
    element = getattr(box, "element", None)
    return None if element is None else element.get("lang") or None


def _passes_children_up(box) -> bool:
    """The boxes WeasyPrint makes no structure element of: it yields their children's instead."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.PageBox) or getattr(box, "element_tag", None) in ("html", "body")


def _catalogue_language(pdf) -> str | None:
    language = pdf.catalog.get("Lang")  # a pydyf.String, set from <html lang> before the tags
    return None if language is None else language.string


def overflowing_text(document) -> Iterator[tuple[int, str, float]]:
    """(page number, text, by how many CSS px) for each piece of text wider than its block of a laid-out
    weasyprint.Document."""
    check_version()
    from weasyprint.formatting_structure import boxes

    for number, page in enumerate(document.pages, start=1):
        for block in page._page_box.descendants():
            if not isinstance(block, boxes.BlockContainerBox):
                continue
            right = block.content_box_x() + block.width
            for line in block.children:
                if not isinstance(line, boxes.LineBox):
                    continue
                for box in line.descendants():
                    if isinstance(box, boxes.TextBox) and box.position_x + box.width > right + TOLERANCE_PX:
                        yield number, box.text.strip(), box.position_x + box.width - right



def columns_fall_short(document, container_class: str, share: float) -> bool:
    """Whether balancing would change the last run of columns in a document whose columns were
    filled one after the other (`column-fill: auto`): see _falls_short. The rule decided after a
    whole layout, which the bench gives WeasyPrint alone and the tests compare the one layout with."""
    check_version()
    from weasyprint.formatting_structure import boxes

    last_run = []
    for page in document.pages:
        container = next((box for box in page._page_box.descendants() if isinstance(box, boxes.BlockBox)
                          and container_class in _classes(box)), None)
        if container is not None:
            last_run = _last_run(container, container_class) or last_run
    return _falls_short(last_run, share, boxes)


@contextmanager
def columns_balanced_where_it_shows(container_class: str, share: float) -> Iterator[None]:
    """Within the block, WeasyPrint fills the columns of a `container_class` container one after the
    other, and balances them (its `column-fill: balance`) only where their content ends, and only
    when filling them in turn left them short there (_falls_short). The same pages as balancing
    the whole document where columns_fall_short says so, in one layout instead of two: WeasyPrint
    balances a page only where the container ends on it anyway (elsewhere the columns overflow,
    and both fills fill them to the bottom). Outside the block, and for any other container, its
    columns are laid out as WeasyPrint always does."""
    _wrap_columns_layout()
    token = _BALANCING.set((container_class, share))
    try:
        yield
    finally:
        _BALANCING.reset(token)


_BALANCING: ContextVar[tuple[str, float] | None] = ContextVar("affiche_balancing", default=None)


def _wrap_columns_layout() -> None:
    """Wrap WeasyPrint's multi-column layout once (installing again keeps the one wrapper)."""
    load_weasyprint()
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    if getattr(block.columns_layout, "__wrapped__", None) is not None:
        return
    original = block.columns_layout

    def columns_layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty,
                       absolute_boxes, fixed_boxes, *arguments):
        rule = _BALANCING.get()
        if rule is None or box.style["column_fill"] != "balance" or rule[0] not in _classes(box):
            return original(context, box, bottom_space, skip_stack, containing_block, page_is_empty,
                            absolute_boxes, fixed_boxes, *arguments)

        def lay_out(room: float, fill: str):
            """The container laid out keeping `room` at the page's bottom, its columns filled `fill`."""
            box.style["column_fill"] = fill
            try:
                return original(context, box, room, skip_stack, containing_block, page_is_empty, absolute_boxes,
                                fixed_boxes, *arguments)
            finally:
                box.style["column_fill"] = "balance"

        def undo(laid_out) -> None:
            if laid_out[0] is not None:  # as WeasyPrint undoes a layout it drops
                block.remove_placeholders(context, [laid_out[0]], absolute_boxes, fixed_boxes)

        filled = lay_out(bottom_space, "auto")
        if not _ends_here(filled):  # no balancing where the container does not end
            return filled
        last_run = _last_run(filled[0], rule[0])
        if not _falls_short(last_run, rule[1], boxes):
            return filled
        problem, top = _run_problem(context, bottom_space, last_run, boxes), last_run[0].position_y
        undo(filled)
        height = _BALANCED_HEIGHTS.get(problem)
        if height is not None:
            kept = lay_out(max(bottom_space, context.page_bottom - top - height), "auto")
            if _ends_here(kept):
                return kept
            undo(kept)
        balanced = lay_out(bottom_space, "balance")
        if _ends_here(balanced):
            _remember(problem, max(_content_bottom(column, top) for column in _last_run(balanced[0], rule[0])) - top)
        return balanced

    columns_layout.__wrapped__ = original
    block.columns_layout = columns_layout


# WeasyPrint balances columns by laying them out again and again, a pixel taller each time: a
# handout's last page took twenty-five layouts, most of the time of a balanced handout. The print
# variant sets the very columns the screen one set, and a watched handout sets them again at each
# save of another part. So the height each balancing settled on is kept for the process, by what
# the columns held when filled in turn, and a run filled in turn into the same boxes at the same
# places is filled at that height straight away: what WeasyPrint's balancing would set, in one
# layout. Should that not hold it all, WeasyPrint balances it.
_BALANCED_HEIGHTS: OrderedDict[tuple, float] = OrderedDict()  # oldest first
_BALANCED_HEIGHTS_KEPT = 64
_FITS_PX = 0.01  # a column exactly as tall as its content holds it


def _run_problem(context, bottom_space: float, last_run: list, boxes) -> tuple:
    """What a balancing is a function of: the page's room and every box of the run filled in turn,
    with its place, its size, its text and how it may break."""
    placed = tuple((type(child).__name__, *(_rounded(getattr(child, side, None)) for side in PLACE),
                    child.text if isinstance(child, boxes.TextBox) else None,
                    *(child.style[name] for name in BREAKING))
                   for column in last_run for child in column.descendants())
    return round(context.page_bottom, 3), round(bottom_space, 3), len(last_run), placed


PLACE = ("position_x", "position_y", "width", "height")  # a box not laid out (out of flow) has some unset
# What decides where a column may end, besides the boxes' sizes: the same boxes with other rules
# balance into other columns.
BREAKING = ("break_before", "break_after", "break_inside", "orphans", "widows", "box_decoration_break",
            "margin_break", "max_lines", "continue", "float", "clear", "position")


def _rounded(value):
    return round(value, 3) if isinstance(value, (int, float)) else value


def _ends_here(laid_out) -> bool:
    """Whether a container laid out (WeasyPrint's fragment, where it resumes, ...) ends on this page."""
    return laid_out[0] is not None and laid_out[1] is None


def _remember(problem: tuple, height: float) -> None:
    if len(_BALANCED_HEIGHTS) >= _BALANCED_HEIGHTS_KEPT:
        _BALANCED_HEIGHTS.popitem(last=False)  # the oldest: a document edited since
    _BALANCED_HEIGHTS[problem] = height + _FITS_PX


def _last_run(container, container_class: str) -> list:
    """The columns of a container's page after its last block spanning them all."""
    run = []
    for child in container.children:
        run = run + [child] if container_class in _classes(child) else []
    return run


def _falls_short(last_run: list, share: float, boxes) -> bool:
    """Whether the last column of a run filled in turn ends higher than its first by more than
    `share` of the column height, and, with two columns, the least that could move over from the
    first (a block that may not split, or the last lines of a paragraph, as its widows allow) is
    shorter than that difference, so that balanced columns would be lower than the first one is."""
    if len(last_run) < 2:
        return False
    top = last_run[0].content_box_y()
    first, last = (_content_bottom(column, top) for column in (last_run[0], last_run[-1]))
    movable = sum(child.is_in_normal_flow() for child in last_run[0].children) > 1
    if not movable or first - last <= share * last_run[0].height:
        return False
    return len(last_run) > 2 or _least_movable(last_run[0], boxes) < first - last


def _least_movable(box, boxes) -> float:
    """A lower bound of the height that must leave the end of `box` together when content moves
    to the next column: the whole of a block that may not split, else the last lines a paragraph
    must keep together (its widows), else the same of its last in-flow block."""
    children = [child for child in box.children if child.is_in_normal_flow()]
    if not children or box.style["break_inside"] in ("avoid", "avoid-column") \
            or not isinstance(box, boxes.ParentBox):
        return box.border_height()
    if isinstance(children[-1], boxes.LineBox):
        widows = children[-max(1, box.style["widows"]):]
        return sum(line.margin_height() for line in widows)
    return _least_movable(children[-1], boxes)


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return [] if element is None else (element.get("class") or "").split()


def _content_bottom(column, top: float) -> float:
    """Where a column's in-flow content ends, or its top when it holds nothing."""
    bottoms = [child.position_y + child.margin_height() for child in column.children if child.is_in_normal_flow()]
    return max(bottoms, default=top)


def pango_version() -> str:
    """Pango's version through WeasyPrint's binding (fingerprint.py reads it more cheaply when it can)."""
    load_weasyprint()
    from weasyprint.text.ffi import pango

    return str(pango.pango_version())
