"""A PDF content stream read as its instructions, each with the byte it starts at.

pikepdf (qpdf) parses a stream into one Python object per operand: on a map's hundred thousand
path segments that was half of what print finishing cost. The two passes that read streams need
less. paint.py follows the graphics state, which needs the operands of a few operators only;
overprint.py inserts instructions between others, which needs where each one starts. So a stream
is read here with one regular expression match per instruction, and a run of path construction
(m, l, c, v, y, re, h) is a single match, whose numbers are read for its bounds when it is painted.
What that expression does not read (a string nested twice, an array in an array, a comment inside
an array, an inline image) is read token by token, so every valid stream is read in full.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_WHITE = rb"\x00\t\n\x0c\r "
_NOT_REGULAR = _WHITE + rb"()<>\[\]{}/%"  # white space and the delimiters (PDF 32000-1, 7.2.2)
_REGULAR = rb"[^" + _NOT_REGULAR + rb"]"
_SPACE = rb"[" + _WHITE + rb"]"
_ENDS = rb"(?!" + _REGULAR + rb")"  # a token ends where a regular character does not follow
_SKIPPED = rb"(?:" + _SPACE + rb"+|%[^\r\n]*)*+"  # white space and comments
_NUMBER_LIKE = rb"[-+.\d]+"  # a number, checked when it is read (float() refuses "1.2.3" and "+-")
_NAME = rb"/" + _REGULAR + rb"*"
_HEX = rb"<[0-9A-Fa-f" + _WHITE + rb"]*>"
_LITERAL = rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"  # nested once at most
_SIMPLE = rb"(?:" + _NUMBER_LIKE + _ENDS + rb"|" + _NAME + rb"|" + _HEX + rb"|" + _LITERAL \
    + rb"|(?:true|false|null)" + _ENDS + rb")"
_ARRAY = rb"\[(?:" + _SPACE + rb"|" + _SIMPLE + rb")*\]"
_DICTIONARY = rb"<<(?:" + _SPACE + rb"|" + _SIMPLE + rb"|" + _ARRAY + rb")*>>"
_OPERATOR = rb"(?!(?:true|false|null|BI)" + _ENDS + rb")[^" + _NOT_REGULAR + rb"\d.+-]" + _REGULAR + rb"*"
_N = _NUMBER_LIKE + _SPACE + rb"+"
_CONSTRUCTION = rb"(?:" + _N * 2 + rb"[ml]|" + _N * 6 + rb"c|" + _N * 4 + rb"(?:[vy]|re)|h)" + _ENDS
_INSTRUCTION = re.compile(
    _SKIPPED + rb"(?:(?P<path>(?:" + _CONSTRUCTION + _SPACE + rb"*)+)"
    + rb"|(?P<operands>(?:(?:" + _SIMPLE + rb"|" + _ARRAY + rb"|" + _DICTIONARY + rb")" + _SKIPPED + rb")*+)"
    + rb"(?P<operator>" + _OPERATOR + rb"))", re.S)
_REST = re.compile(_SKIPPED)
_TOKEN = re.compile(rb"/" + _REGULAR + rb"*|" + _REGULAR + rb"+")
_SEGMENT = re.compile(rb"((?:" + _N + rb")*)(re|[mlcvyh])" + _ENDS)
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class ContentStreamError(ValueError):
    """A content stream that is not PDF: a string or array left open, a delimiter out of place."""


class Instruction(NamedTuple):
    operator: str
    operands: bytes  # as written; `tokens` splits the numbers and names of operators that take only those
    start: int  # the byte its first operand (or the operator) starts at


class Path(NamedTuple):
    """A run of path construction operators, read as one."""

    construction: bytes
    start: int


def instructions(data: bytes) -> list[Instruction | Path]:
    """Every instruction of a stream, in order; operands left without an operator at the end are dropped."""
    found: list[Instruction | Path] = []
    position, match = 0, _INSTRUCTION.match
    while True:
        read = match(data, position)
        if read is None:
            position = _REST.match(data, position).end()
            if position >= len(data):
                return found
            instruction, position = _read_slowly(data, position)
            if instruction is None:
                return found
            found.append(instruction)
        elif read.lastgroup == "path":
            found.append(Path(read["path"], read.start("path")))
            position = read.end()
        else:
            found.append(Instruction(read["operator"].decode("latin-1"), read["operands"], read.start("operands")))
            position = read.end()


def tokens(operands: bytes) -> list[bytes]:
    """The numbers and names among some operands (operators such as cm, k, gs and Tf take nothing else)."""
    return _TOKEN.findall(operands)


def name(token: bytes) -> str:
    """A name token as pikepdf spells a name: "/Name", its #xx escapes decoded."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), token)
    return token.decode("latin-1")


def number(token: bytes) -> float:
    if not _NUMBER.fullmatch(token):
        raise ContentStreamError(f"content stream: {token[:20]!r} is not a number")
    return float(token)


def points(construction: bytes) -> list[float]:
    """The x, y, x, y… of the points a path's construction names; a rectangle gives its four corners."""
    if b"re" not in construction:  # numbers and the letters of m, l, c, v, y and h only
        return _floats(construction.translate(None, b"mlcvyh").split())
    found: list[float] = []
    for values, operator in _SEGMENT.findall(construction):
        numbers = _floats(values.split())
        if operator == b"re":
            x, y, width, height = numbers
            found += (x, y, x + width, y, x, y + height, x + width, y + height)
        else:
            found += numbers
    return found


def _floats(values: list[bytes]) -> list[float]:
    """Made only of digits, signs and points, a value float() reads is a PDF number, and the reverse."""
    try:
        return list(map(float, values))
    except ValueError:
        raise ContentStreamError("content stream: a path has a value that is not a number") from None


# ---------------------------------------------------------------- token by token

_SLOW_TOKEN = re.compile(rb"(?P<skip>" + _SPACE + rb"+|%[^\r\n]*)|(?P<open><<|\[|\()|(?P<close>>>|\])"
                         rb"|(?P<hex><[^<>]*>)|(?P<word>/?" + _REGULAR + rb"*)", re.S)
_STRING_PART = re.compile(rb"[()\\]")
_IMAGE_DATA = re.compile(_SPACE + rb"ID" + _SPACE)
_IMAGE_END = re.compile(rb"EI" + _ENDS)
_CLOSING = {b"[": b"]", b"<<": b">>"}


def _read_slowly(data: bytes, start: int) -> tuple[Instruction | None, int]:
    """The instruction at `start` and the byte after it; None at the end of the data."""
    position, open_ = start, []
    while position < len(data):
        token = _SLOW_TOKEN.match(data, position)
        kind, text, position = token.lastgroup, token[0], token.end()
        if kind == "open" and text == b"(":
            position = _string_end(data, position)
        elif kind == "open":
            open_.append(_CLOSING[text])
        elif kind == "close":
            if not open_ or open_.pop() != text:
                raise ContentStreamError(f"content stream: {text.decode()} out of place at byte {token.start()}")
        elif kind == "word" and not text:
            raise ContentStreamError(f"content stream: {data[token.start():token.start() + 1]!r} out of place "
                                     f"at byte {token.start()}")
        elif kind == "word" and not open_ and _is_operator(text):
            if text == b"BI":
                position = _inline_image_end(data, position)
            return Instruction(text.decode("latin-1"), data[start:token.start()], start), position
    if open_:
        raise ContentStreamError(f"content stream: {open_[-1].decode()} missing at its end")
    return None, position


def _is_operator(word: bytes) -> bool:
    return not (word.startswith(b"/") or _NUMBER.fullmatch(word) or word in (b"true", b"false", b"null"))


def _string_end(data: bytes, position: int) -> int:
    """The byte after the literal string whose "(" is just before `position`: parentheses nest in it
    and a backslash escapes the character after it."""
    depth = 1
    while depth:
        part = _STRING_PART.search(data, position)
        if part is None:
            raise ContentStreamError("content stream: a string is left open at its end")
        position = part.end() + (part[0] == b"\\")
        depth += {b"(": 1, b")": -1}.get(part[0], 0)
    return position


def _inline_image_end(data: bytes, position: int) -> int:
    """The byte after the EI of an inline image whose BI ends at `position`. Its data follows ID and
    one white-space byte; it is taken to end at the first EI that a word does not go on from, as
    qpdf takes it."""
    image_data = _IMAGE_DATA.search(data, position)
    if image_data is None:
        raise ContentStreamError("content stream: an inline image has no ID")
    end = _IMAGE_END.search(data, image_data.end())
    if end is None:
        raise ContentStreamError("content stream: an inline image has no EI")
    return end.end()
