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
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

from ..colour.profile import Cmyk
from .boxes import Box
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
NOTHING: Box = (float("inf"), float("inf"), float("-inf"), float("-inf"))  # a clip that shows nothing


@dataclass(frozen=True)
class Paint:
    kind: str  # "text", "stroke", "fill" (of a path) or "image" (an image or a shading)
    inks: Cmyk | None  # DeviceCMYK (or DeviceGray) values; None for any other colour: a spot, a pattern, RGB
    size_pt: float
    overprint: bool  # as the file sets it: the flag for this kind of painting, with /OPM 1
    at: int  # the instruction it starts at in its content stream (for a path, the path's first operator)
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


def paints(holder: pikepdf.Object, resources: pikepdf.Dictionary, state: GraphicsState | None = None,
           instructions: list | None = None) -> Iterator[Paint | FormCall]:
    """Each painting operation of one content stream (a page's or a form's), and each form it draws;
    `instructions` is the stream already parsed, by a caller that rewrites it."""
    walker = _Walker(resources, state or GraphicsState())
    parsed = pikepdf.parse_content_stream(holder) if instructions is None else instructions
    for index, instruction in enumerate(parsed):
        yield from walker.step(index, instruction)


def page_paints(page: pikepdf.Page, depth: int = 8) -> Iterator[Paint]:
    """Every painting operation of a page, forms followed (to `depth` levels) with the state they inherit."""
    yield from _followed(page.obj, page.resources, GraphicsState(), depth)


def _followed(holder, resources, state: GraphicsState, depth: int) -> Iterator[Paint]:
    for item in paints(holder, resources, state):
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
        self.path: list[tuple[float, float]] = []  # points on the page
        self.path_start = 0
        self.clipping = False  # W or W* seen: the path clips once painted

    def step(self, index: int, instruction) -> Iterator[Paint | FormCall]:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            yield self._paint("image", True, float("inf"), index)
            return
        operator, operands = str(instruction.operator), list(instruction.operands)
        if operator in PATH_CONSTRUCTION:
            self._construct(operator, operands, index)
        elif operator in PATH_PAINTING:
            yield from self._paint_path(*PATH_PAINTING[operator])
        elif operator in TEXT_SHOWING:
            yield from self._show_text(index)
        elif operator == "Do":
            yield from self._draw_xobject(operands[0], index)
        elif operator == "sh":
            yield self._paint("image", True, float("inf"), index)
        else:
            self._set_state(operator, operands)

    # ---------------------------------------------------------------- state

    def _set_state(self, operator: str, operands: list) -> None:
        state = self.state
        if operator == "q":
            self.saved.append(copy.copy(state))
        elif operator == "Q" and self.saved:
            self.state = self.saved.pop()
        elif operator == "cm":
            state.ctm = compose(tuple(float(value) for value in operands), state.ctm)
        elif operator in ("W", "W*"):
            self.clipping = True
        elif operator == "w":
            state.line_width = float(operands[0])
        elif operator == "gs":
            self._external_state(operands[0])
        elif operator == "BT":
            self.text_matrix = IDENTITY
        elif operator == "Tm":
            self.text_matrix = tuple(float(value) for value in operands)
        elif operator == "Tf":
            state.font_size = float(operands[1])
        elif operator == "Tr":
            state.text_mode = int(operands[0])
        elif operator in COLOUR_SETTING:
            self._set_colour(operator, operands)

    def _set_colour(self, operator: str, operands: list) -> None:
        stroking = operator.isupper()  # G, K, RG, CS, SC, SCN set the stroke colour
        values = [float(value) for value in operands if not isinstance(value, pikepdf.Name)]
        if operator in ("g", "G"):
            colour, space = (0.0, 0.0, 0.0, 1 - values[0]), "/DeviceGray"
        elif operator in ("k", "K"):
            colour, space = tuple(values), "/DeviceCMYK"
        elif operator in ("rg", "RG"):
            colour, space = None, "/DeviceRGB"
        elif operator in ("cs", "CS"):
            space = str(operands[0])
            colour = INITIAL_BLACK if space in ("/DeviceCMYK", "/DeviceGray") else None
        else:  # sc, scn, SC, SCN
            space = self.state.stroke_space if stroking else self.state.fill_space
            colour = _device_colour(space, values)
        if stroking:
            self.state.stroke, self.state.stroke_space = colour, space
        else:
            self.state.fill, self.state.fill_space = colour, space

    def _external_state(self, name: pikepdf.Name) -> None:
        parameters = self.resources.get("/ExtGState", pikepdf.Dictionary()).get(name)
        if not isinstance(parameters, pikepdf.Dictionary):
            return
        state = self.state
        if "/OP" in parameters:
            state.overprint_stroke = bool(parameters.OP)
            state.overprint_fill = bool(parameters.get("/op", parameters.OP))  # /op defaults to /OP
        elif "/op" in parameters:
            state.overprint_fill = bool(parameters.op)
        if "/OPM" in parameters:
            state.overprint_mode = int(parameters.OPM)
        if "/LW" in parameters:
            state.line_width = float(parameters.LW)

    # ---------------------------------------------------------------- painting

    def _construct(self, operator: str, operands: list, index: int) -> None:
        if not self.path:
            self.path_start = index
        values = [float(value) for value in operands]
        if operator == "re":
            x, y, width, height = values
            corners = [(x, y), (x + width, y), (x, y + height), (x + width, y + height)]
        else:
            corners = list(zip(values[0::2], values[1::2]))
        self.path += [apply(self.state.ctm, x, y) for x, y in corners]

    def _paint_path(self, fills: bool, strokes: bool) -> Iterator[Paint]:
        shown = _intersection(_bounds(self.path), self.state.clip)
        if fills and shown is not None:
            narrower = min(shown[2] - shown[0], shown[3] - shown[1])
            yield self._paint("fill", True, narrower, self.path_start)
        if strokes:
            yield self._paint("stroke", False, self.state.line_width * scale(self.state.ctm), self.path_start)
        if self.clipping:
            self.state.clip = _intersection(_bounds(self.path) or NOTHING, self.state.clip) or NOTHING
        self.path, self.clipping = [], False

    def _show_text(self, index: int) -> Iterator[Paint]:
        fills, strokes = TEXT_RENDERING.get(self.state.text_mode, (False, False))
        size = self.state.font_size * vertical_scale(compose(self.text_matrix, self.state.ctm))
        if fills:
            yield self._paint("text", True, size, index)
        if strokes:
            yield self._paint("text", False, size, index)

    def _draw_xobject(self, name: pikepdf.Name, index: int) -> Iterator[Paint | FormCall]:
        xobject = self.resources.get("/XObject", pikepdf.Dictionary()).get(name)
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Form":
            state = copy.copy(self.state)
            matrix = xobject.get("/Matrix")
            if matrix is not None:
                state.ctm = compose(tuple(float(value) for value in matrix), state.ctm)
            yield FormCall(xobject, state, index)
        else:
            yield self._paint("image", True, float("inf"), index)

    def _paint(self, kind: str, filling: bool, size: float, at: int) -> Paint:
        state = self.state
        inks = None if kind == "image" else (state.fill if filling else state.stroke)
        flag = state.overprint_fill if filling else state.overprint_stroke
        return Paint(kind, inks, size, flag and state.overprint_mode == 1, at, not filling)


def _device_colour(space: str, values: list[float]) -> Cmyk | None:
    if space == "/DeviceCMYK" and len(values) == 4:
        return tuple(values)
    if space == "/DeviceGray" and len(values) == 1:
        return (0.0, 0.0, 0.0, 1 - values[0])
    return None


def _bounds(points: list[tuple[float, float]]) -> Box | None:
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersection(box: Box | None, clip: Box | None) -> Box | None:
    if box is None or clip is None:
        return box
    x0, y0, x1, y1 = max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3])
    return (x0, y0, x1, y1) if x0 <= x1 and y0 <= y1 else None
