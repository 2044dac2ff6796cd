"""Black text and black rules overprint, so that misregistration leaves no white halo around them.

Knocked out, a black letter on a tinted panel leaves paper under it on the other plates; when the
plates land a hair apart, that paper shows as a white rim along one side of every letter. Print
shops therefore overprint black type and rules: the K plate prints over what lies beneath. In a
PDF that is an ExtGState with /op (fills) or /OP (strokes) true and /OPM 1, the mode in which the
zero C, M and Y of a DeviceCMYK black leave the other plates alone (under /OPM 0 they would
knock them out all the same).

What overprints: text in black ink alone, whatever its size or tint, and strokes or fills of it
no wider than a thin rule (paint.py). Everything else knocks out: a black area overprinting a
colour would darken it, and white (no ink) overprinting would not print at all. The flags are
set just before each drawing that needs others than those in force, as an ExtGState of this
module's own (one per combination of fill and stroke flags), so the page's own states keep
what they say; q and Q save and restore the flags with the rest of the graphics state, which
this pass follows too.
"""
from __future__ import annotations

import zlib

import pikepdf

from .content import Instruction, Path, instructions, name, tokens
from .paint import FormCall, GraphicsState, Paint, content_of, external_state, paints

Flags = tuple[bool, bool]  # overprint for fills (/op), for strokes (/OP)
KNOCKOUT: Flags = (False, False)
STATE_CHANGES = {"q", "Q", "gs"}
# zlib's level for the streams rewritten here, a map's hundred thousand segments among them: on the
# default print PDFs level 4 took 30 % of the time of the default level (6), for files 2 % larger.
REWRITTEN_LEVEL = 4


def overprint_black(pdf: pikepdf.Pdf) -> None:
    """Set black text and rules to overprint on every page, and in every form they draw."""
    states: dict[Flags, pikepdf.Object] = {}
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _rewrite(pdf, page.obj, page.resources, GraphicsState(), KNOCKOUT, states, seen)


def overprints(paint: Paint) -> bool:
    return paint.black_only and (paint.kind == "text" or paint.thin_rule)


def _rewrite(pdf: pikepdf.Pdf, holder: pikepdf.Object, resources: pikepdf.Dictionary, state: GraphicsState,
             flags_in_force: Flags | None, states: dict[Flags, pikepdf.Object], seen: set) -> None:
    """`flags_in_force`: the flags when the stream starts; None for a form, which inherits its caller's."""
    if holder.is_indirect:
        if holder.objgen in seen:
            return
        seen.add(holder.objgen)
    data = content_of(holder)
    read = instructions(data)
    wanted: dict[int, list[Paint]] = {}
    for item in paints(read, resources, state):
        if isinstance(item, FormCall):
            _rewrite(pdf, item.form, item.form.get("/Resources", resources), item.state, None, states, seen)
        else:
            wanted.setdefault(item.at, []).append(item)
    switches = _switches(read, wanted, flags_in_force, resources)
    if not switches:
        return  # nothing black to overprint here: the stream stays as it was
    _add_states(pdf, resources, states)
    stream = holder if isinstance(holder, pikepdf.Stream) else pdf.make_stream(b"")
    stream.write(zlib.compress(_with_switches(data, switches), REWRITTEN_LEVEL), filter=pikepdf.Name.FlateDecode)
    if stream is not holder:
        holder.Contents = stream


def _switches(read: list[Instruction | Path], wanted: dict[int, list[Paint]], flags: Flags | None,
              resources: pikepdf.Dictionary) -> list[tuple[int, Flags]]:
    """Where a drawing needs other flags than those in force (the byte it starts at), and which.
    Only the drawings and the instructions that save, restore or set the flags are looked at."""
    changes = {instruction.start: instruction for instruction in read
               if isinstance(instruction, Instruction) and instruction.operator in STATE_CHANGES}
    switches, saved, setting = [], [], {}
    for at in sorted({*wanted, *changes}):
        if at in wanted:  # a drawing: never one of the state changes
            needed = _flags(wanted[at])
            if needed != flags:
                switches.append((at, needed))
                flags = needed
            continue
        instruction = changes[at]
        if instruction.operator == "q":
            saved.append(flags)
        elif instruction.operator == "Q":
            flags = saved.pop() if saved else None
        elif _sets_overprint(instruction, resources, setting):  # gs
            flags = None  # the page's own state says something: ours is set again before the next drawing
    return switches


def _with_switches(data: bytes, switches: list[tuple[int, Flags]]) -> bytes:
    """The stream with a `gs` of this module's states inserted at each switch; the rest is left as
    written. A name starts with a delimiter and the line ends in white space, so the insertion
    parts no token from its neighbours."""
    pieces, copied = [], 0
    for at, flags in switches:
        pieces += (data[copied:at], _name(flags).encode("ascii"), b" gs\n")
        copied = at
    pieces.append(data[copied:])
    return b"".join(pieces)


def _flags(drawn: list[Paint]) -> Flags:
    """A drawing is one paint, or a fill and a stroke of one path (B, or text rendering mode 2).
    The flag of a kind not drawn follows the other, which saves switching back and forth."""
    fills = [overprints(paint) for paint in drawn if not paint.stroking]
    strokes = [overprints(paint) for paint in drawn if paint.stroking]
    fill = fills[0] if fills else strokes[0]
    return fill, strokes[0] if strokes else fill


def _sets_overprint(instruction: Instruction, resources: pikepdf.Dictionary, known: dict[str, bool]) -> bool:
    """Whether a gs sets overprint (paint.py's walk checked that it names one state); `known`
    remembers each state's answer, for a stream sets a few states hundreds of times."""
    resource = name(tokens(instruction.operands)[0])
    if resource not in known:
        found = external_state(resources, resource)
        known[resource] = found is not None and found.sets_overprint
    return known[resource]


def _name(flags: Flags) -> str:
    return f"/AfficheOverprint{int(flags[0])}{int(flags[1])}"


def _add_states(pdf: pikepdf.Pdf, resources: pikepdf.Dictionary, states: dict[Flags, pikepdf.Object]) -> None:
    """This module's four ExtGStates, made once per file, in the resources of a stream that uses them."""
    if "/ExtGState" not in resources:
        resources.ExtGState = pikepdf.Dictionary()
    for fill in (False, True):
        for stroke in (False, True):
            if (fill, stroke) not in states:
                states[(fill, stroke)] = pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.ExtGState, op=fill, OP=stroke, OPM=1))
            resources.ExtGState[_name((fill, stroke))] = states[(fill, stroke)]
