"""What each drawing operation of a PDF content stream paints: text, a stroke, a fill or an image,
in which inks, how big on the page, and whether it overprints.

The content stream is followed as a RIP follows it, keeping the graphics state: the current
matrix, the fill and stroke colours, the line width, the bounds of the clipping path, the font
size and the overprint flags that ExtGState resources set. Two passes need it: overprint.py, which
sets black text and rules to overprint, and `check`, which reports small text or thin rules in a
rich black and black text that knocks out.

Sizes are in points on the page: text, its font size through the text and page matrices; a
stroke, its line width; a fill, the narrower side of what shows of it (its path's bounds cut by
the clipping path's, since WeasyPrint draws a border as a large rectangle clipped to a thin one).
"""
from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf

from ..colour.profile import Cmyk
from .boxes import Box
from .content import ContentStreamError, Instruction, Path, instructions, name, number, points, tokens
from .matrix import IDENTITY, Matrix, apply, compose, scale, vertical_scale

SMALL_TEXT_PT = 12.0  # under this, type in several inks blurs when the plates are slightly out of register
THIN_RULE_PT = 2.0  # a stroke or fill this narrow or narrower is a rule, not an area
COLOUR_SETTING = {"g", "G", "k", "K", "rg", "RG", "cs", "CS", "sc", "scn", "SC", "SCN"}
PATH_CONSTRUCTION = {"m", "l", "c", "v", "y", "h", "re"}
PATH_PAINTING = {"S": (False, True), "s": (False, True), "f": (True, False), "F": (True, False),
                 "f*": (True, False), "B": (True, True), "B*": (True, True), "b": (True, True),
                 "b*": (True, True), "n": (False, False)}  # operator: (fills, strokes)
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
TEXT_RENDERING = {0: (True, False), 1: (False, True), 2: (True, True), 4: (True, False), 5: (False, True),
                  6: (True, True)}  # Tr mode: (fills, strokes); 3 and 7 paint nothing
INITIAL_BLACK: Cmyk = (0.0, 0.0, 0.0, 1.0)  # DeviceGray 0, as every colour space starts
KIND_NAMES = {"f": "a number", "n": "a name"}
NOTHING: Box = (float("inf"), float("inf"), float("-inf"), float("-inf"))  # a clip that shows nothing


@dataclass(frozen=True)
class Paint:
    kind: str  # "text", "stroke", "fill" (of a path) or "image" (an image or a shading)
    inks: Cmyk | None  # DeviceCMYK (or DeviceGray) values; None for any other colour: a spot, a pattern, RGB
    size_pt: float
    overprint: bool  # as the file sets it: the flag for this kind of painting, with /OPM 1
    at: int  # the byte it starts at in its content stream (for a path, its first construction's)
    stroking: bool = False  # painted with the stroke colour (a stroke, or text outlined)

    @property
    def black_only(self) -> bool:
        """Black ink alone, and some of it (white, no ink at all, is no black)."""
        return self.inks is not None and not any(self.inks[:3]) and self.inks[3] > 0

    @property
    def thin_rule(self) -> bool:
        return self.kind in ("stroke", "fill") and self.size_pt <= THIN_RULE_PT

    @property
    def fine_detail(self) -> bool:
        """Small type or a thin rule: what misregistration blurs."""
        return (self.kind == "text" and self.size_pt < SMALL_TEXT_PT) or self.thin_rule


@dataclass(frozen=True)
class FormCall:
    """A form XObject drawn here, with the graphics state it inherits."""

    form: pikepdf.Object
    state: GraphicsState
    at: int


@dataclass
class GraphicsState:
    ctm: Matrix = IDENTITY
    fill: Cmyk | None = INITIAL_BLACK
    stroke: Cmyk | None = INITIAL_BLACK
    fill_space: str = "/DeviceGray"
    stroke_space: str = "/DeviceGray"
    line_width: float = 1.0
    font_size: float = 0.0
    text_mode: int = 0
    overprint_fill: bool = False
    overprint_stroke: bool = False
    overprint_mode: int = 0
    clip: Box | None = None  # None: nothing clipped yet


def paints(instructions: list[Instruction | Path], resources: pikepdf.Dictionary,
           state: GraphicsState | None = None) -> Iterator[Paint | FormCall]:
    """Each painting operation of one content stream (a page's or a form's, read by content.py), and
    each form it draws."""
    walker = _Walker(resources, state or GraphicsState())
    for instruction in instructions:
        painted = walker.step(instruction)
        if painted:
            yield from painted


def page_paints(page: pikepdf.Page, depth: int = 8) -> Iterator[Paint]:
    """Every painting operation of a page, forms followed (to `depth` levels) with the state they inherit."""
    yield from _followed(page.obj, page.resources, GraphicsState(), depth)


def content_of(holder: pikepdf.Object) -> bytes:
    """A form's stream, or a page's content: its streams are read as one (PDF 32000-1, 7.8.2)."""
    if isinstance(holder, pikepdf.Stream):
        return holder.read_bytes()
    contents = holder.get("/Contents")
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return b"" if contents is None else contents.read_bytes()


def _followed(holder, resources, state: GraphicsState, depth: int) -> Iterator[Paint]:
    for item in paints(instructions(content_of(holder)), resources, state):
        if isinstance(item, Paint):
            yield item
        elif depth > 0:
            yield from _followed(item.form, item.form.get("/Resources", resources), item.state, depth - 1)


class _Walker:
    def __init__(self, resources: pikepdf.Dictionary, state: GraphicsState) -> None:
        self.resources = resources
        self.state = copy.copy(state)
        self.saved: list[GraphicsState] = []
        self.text_matrix: Matrix = IDENTITY  # its linear part is all a size needs
        self.path: list[bytes | list[float]] = []  # runs of construction as written, or the points of one operator
        self.path_start = 0
        self.clipping = False  # W or W* seen: the path clips once painted
        self.external: dict[str, ExternalState | None] = {}

    def step(self, instruction: Instruction | Path) -> Sequence[Paint | FormCall]:
        """What one instruction paints or draws; most paint nothing, and return an empty tuple."""
        if isinstance(instruction, Path):  # nearly all of a map
            self._construct(instruction.construction, instruction.start)
            return ()
        operator, at = instruction.operator, instruction.start
        setter = _SETTERS.get(operator)
        if setter is not None:
            setter(self, instruction)
            return ()
        if operator in PATH_PAINTING:
            return self._paint_path(*PATH_PAINTING[operator])
        if operator in TEXT_SHOWING:
            return self._show_text(at)
        if operator == "Do":
            return self._draw_xobject(_operands(instruction, "n")[0], at)
        if operator in ("sh", "BI"):  # a shading, an inline image
            return (self._paint("image", True, float("inf"), at),)
        if operator in PATH_CONSTRUCTION:  # one that content.py could not read as a run: its operands are odd
            self._construct(_loose_points(instruction), at)
        return ()  # an operator that changes nothing followed here (d, J, BDC, ET...)

    # ---------------------------------------------------------------- state

    def _save(self, _: Instruction) -> None:
        self.saved.append(copy.copy(self.state))

    def _restore(self, _: Instruction) -> None:
        if self.saved:
            self.state = self.saved.pop()

    def _transform(self, instruction: Instruction) -> None:
        self.state.ctm = compose(_operands(instruction, "ffffff"), self.state.ctm)

    def _clip(self, _: Instruction) -> None:
        self.clipping = True

    def _line_width(self, instruction: Instruction) -> None:
        self.state.line_width = _operands(instruction, "f")[0]

    def _begin_text(self, _: Instruction) -> None:
        self.text_matrix = IDENTITY

    def _text_matrix(self, instruction: Instruction) -> None:
        self.text_matrix = _operands(instruction, "ffffff")

    def _font(self, instruction: Instruction) -> None:
        self.state.font_size = _operands(instruction, "nf")[1]

    def _text_mode(self, instruction: Instruction) -> None:
        self.state.text_mode = int(_operands(instruction, "f")[0])

    def _set_colour(self, instruction: Instruction) -> None:
        operator, operands = instruction.operator, tokens(instruction.operands)
        stroking = operator.isupper()  # G, K, RG, CS, SC, SCN set the stroke colour
        values = [number(value) for value in operands if not value.startswith(b"/")]
        if operator in ("g", "G"):
            space = "/DeviceGray"
            colour = _device_colour(space, values)
        elif operator in ("k", "K"):
            space = "/DeviceCMYK"
            colour = _device_colour(space, values)
        elif operator in ("rg", "RG"):
            colour, space = None, "/DeviceRGB"
        elif operator in ("cs", "CS"):
            space = name(operands[0]) if operands else ""
            colour = INITIAL_BLACK if space in ("/DeviceCMYK", "/DeviceGray") else None
        else:  # sc, scn, SC, SCN
            space = self.state.stroke_space if stroking else self.state.fill_space
            colour = _device_colour(space, values)
        if stroking:
            self.state.stroke, self.state.stroke_space = colour, space
        else:
            self.state.fill, self.state.fill_space = colour, space

    def _external_state(self, instruction: Instruction) -> None:
        resource = _operands(instruction, "n")[0]
        if resource not in self.external:  # a stream sets a few states hundreds of times
            self.external[resource] = external_state(self.resources, resource)
        found, state = self.external[resource], self.state
        if found is None:
            return
        if found.overprint_stroke is not None:
            state.overprint_stroke = found.overprint_stroke
        if found.overprint_fill is not None:
            state.overprint_fill = found.overprint_fill
        if found.overprint_mode is not None:
            state.overprint_mode = found.overprint_mode
        if found.line_width is not None:
            state.line_width = found.line_width

    # ---------------------------------------------------------------- painting

    def _construct(self, run: bytes | list[float], at: int) -> None:
        """Points are kept as written and only their bounds are taken to the page, when the path is
        painted: the matrix cannot change within a path (PDF 32000-1, 8.2)."""
        if not self.path:
            self.path_start = at
        self.path.append(run)

    def _paint_path(self, fills: bool, strokes: bool) -> list[Paint]:
        painted = []
        bounds = _page_bounds(_path_points(self.path), self.state.ctm)
        shown = _intersection(bounds, self.state.clip)
        if fills and shown is not None:
            narrower = min(shown[2] - shown[0], shown[3] - shown[1])
            painted.append(self._paint("fill", True, narrower, self.path_start))
        if strokes:
            painted.append(self._paint("stroke", False, self.state.line_width * scale(self.state.ctm),
                                       self.path_start))
        if self.clipping:
            self.state.clip = _intersection(bounds or NOTHING, self.state.clip) or NOTHING
        self.path, self.clipping = [], False
        return painted

    def _show_text(self, at: int) -> list[Paint]:
        fills, strokes = TEXT_RENDERING.get(self.state.text_mode, (False, False))
        size = self.state.font_size * vertical_scale(compose(self.text_matrix, self.state.ctm))
        painted = []
        if fills:
            painted.append(self._paint("text", True, size, at))
        if strokes:
            painted.append(self._paint("text", False, size, at))
        return painted

    def _draw_xobject(self, resource: str, at: int) -> tuple[Paint | FormCall, ...]:
        xobject = self.resources.get("/XObject", pikepdf.Dictionary()).get(resource)
        if xobject is None:
            return ()
        if xobject.get("/Subtype") == "/Form":
            state = copy.copy(self.state)
            matrix = xobject.get("/Matrix")
            if matrix is not None:
                state.ctm = compose(tuple(float(value) for value in matrix), state.ctm)
            return (FormCall(xobject, state, at),)
        return (self._paint("image", True, float("inf"), at),)

    def _paint(self, kind: str, filling: bool, size: float, at: int) -> Paint:
        state = self.state
        inks = None if kind == "image" else (state.fill if filling else state.stroke)
        flag = state.overprint_fill if filling else state.overprint_stroke
        return Paint(kind, inks, size, flag and state.overprint_mode == 1, at, not filling)


_SETTERS = {"q": _Walker._save, "Q": _Walker._restore, "cm": _Walker._transform, "W": _Walker._clip,
            "W*": _Walker._clip, "w": _Walker._line_width, "gs": _Walker._external_state, "BT": _Walker._begin_text,
            "Tm": _Walker._text_matrix, "Tf": _Walker._font, "Tr": _Walker._text_mode,
            **{operator: _Walker._set_colour for operator in COLOUR_SETTING}}


@dataclass(frozen=True)
class ExternalState:
    """What an ExtGState resource sets of what the walk follows; None for what it leaves alone."""

    overprint_stroke: bool | None
    overprint_fill: bool | None
    overprint_mode: int | None
    line_width: float | None

    @property
    def sets_overprint(self) -> bool:
        return (self.overprint_stroke, self.overprint_fill, self.overprint_mode) != (None, None, None)


def external_state(resources: pikepdf.Dictionary, resource: str) -> ExternalState | None:
    """The ExtGState named `resource`, None when there is none."""
    parameters = resources.get("/ExtGState", pikepdf.Dictionary()).get(resource)
    if not isinstance(parameters, pikepdf.Dictionary):
        return None
    stroke = bool(parameters.OP) if "/OP" in parameters else None
    return ExternalState(
        overprint_stroke=stroke,
        overprint_fill=bool(parameters.op) if "/op" in parameters else stroke,  # /op defaults to /OP
        overprint_mode=int(parameters.OPM) if "/OPM" in parameters else None,
        line_width=float(parameters.LW) if "/LW" in parameters else None)


def _device_colour(space: str, values: list[float]) -> Cmyk | None:
    if space == "/DeviceCMYK" and len(values) == 4:
        return tuple(values)
    if space == "/DeviceGray" and len(values) == 1:
        return (0.0, 0.0, 0.0, 1 - values[0])
    return None


def _operands(instruction: Instruction, kinds: str) -> tuple:
    """The operands of an operator that takes `kinds`: "f" a number, "n" a name."""
    found = tokens(instruction.operands)
    if len(found) != len(kinds) or any(token.startswith(b"/") != (kind == "n") for token, kind in zip(found, kinds)):
        raise ContentStreamError(f"content stream: {instruction.operator} at byte {instruction.start} takes "
                                 f"{len(kinds)} operands ({', '.join(KIND_NAMES[kind] for kind in kinds)})")
    return tuple(name(token) if kind == "n" else number(token) for token, kind in zip(found, kinds))


def _loose_points(instruction: Instruction) -> list[float]:
    """The points of a path operator whose operands are not what it takes: a lone last value is no point."""
    values = [number(token) for token in tokens(instruction.operands)]
    if instruction.operator == "re" and len(values) == 4:
        x, y, width, height = values
        return [x, y, x + width, y, x, y + height, x + width, y + height]
    return values[:len(values) - len(values) % 2]


def _path_points(path: list[bytes | list[float]]) -> list[float]:
    return [value for run in path for value in (points(run) if isinstance(run, bytes) else run)]


def _page_bounds(coordinates: list[float], ctm: Matrix) -> Box | None:
    """The bounds on the page of a path's points (x, y, x, y... in user space)."""
    if not coordinates:
        return None
    xs, ys = coordinates[0::2], coordinates[1::2]
    _, b, c, _, _, _ = ctm
    if b == 0 and c == 0:  # no rotation nor skew: the corners of the bounds as written land on the page's
        corners = [(x, y) for x in (min(xs), max(xs)) for y in (min(ys), max(ys))]
    else:
        corners = zip(xs, ys)
    on_page = [apply(ctm, x, y) for x, y in corners]
    page_xs, page_ys = [x for x, _ in on_page], [y for _, y in on_page]
    return min(page_xs), min(page_ys), max(page_xs), max(page_ys)


def _intersection(box: Box | None, clip: Box | None) -> Box | None:
    if box is None or clip is None:
        return box
    x0, y0, x1, y1 = max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3])
    return (x0, y0, x1, y1) if x0 <= x1 and y0 <= y1 else None
