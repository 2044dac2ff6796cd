"""The content's inline markup as XLIFF 1.2 inline codes, and back.

`**bold**` and `*italic*` become paired codes, `<g id="1" ctype="bold">…</g>`, which a CAT tool
shows as a pair of tags around the same words; `{placeholders}` (amounts, the e-mail link, page
numbers) become `<x id="2" ctype="x-placeholder" equiv-text="{fees}"/>`, a tag the translator
can move but neither break nor translate. Codes are numbered in the order of the source, and a
code means what the source says it means: a target's `<g id="1">` is bold because the source's
is, whatever ctype it carries. Bold and italic are toggles in the markup, so one that crosses the
other (`**a *b** c*`) is closed and opened again around it, which prints the same.

Reading back, a target may also carry what other tools turn paired codes into (`<bpt>`/`<ept>`,
`<bx/>`/`<ex/>`, `<ph>` for a placeholder) and the `<mrk>` segments they add; anything else, a
code the source does not have or has elsewhere, or a '*' or '{name}' typed as text, is refused:
written into the YAML it would be markup nobody meant.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..localize.inline import PLACEHOLDER, parse_runs

NS = "urn:oasis:names:tc:xliff:document:1.2"
MARKERS = {"**": "bold", "*": "italic"}
TOKEN = re.compile(r"\*\*|\*|" + PLACEHOLDER.pattern)
PLACEHOLDER_CTYPE = "x-placeholder"


class CodeError(ValueError):
    """A target whose codes do not match its source: the problem and how to fix it."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def qualified(name: str) -> str:
    return f"{{{NS}}}{name}"


# ---------------------------------------------------------------- markup -> codes

def write_inline(element: ET.Element, markup: str) -> dict[str, str]:
    """Fill element (a source or target) with markup as text and codes; each code's id -> its markup."""
    codes: dict[str, str] = {}
    open_codes: list[tuple[ET.Element, str]] = []  # the g elements open, outermost first, with their marker
    position = 0
    for token in TOKEN.finditer(markup):
        append_text(element, open_codes, markup[position:token.start()])
        position = token.end()
        if token.group().startswith("{"):
            parent = open_codes[-1][0] if open_codes else element
            ET.SubElement(parent, qualified("x"), id=new_id(codes, token.group()), ctype=PLACEHOLDER_CTYPE,
                          **{"equiv-text": token.group()})
        elif any(marker == token.group() for _, marker in open_codes):
            toggle_off(element, open_codes, token.group(), codes)
        else:
            open_code(element, open_codes, token.group(), codes)
    append_text(element, open_codes, markup[position:])
    return codes


def new_id(codes: dict[str, str], meaning: str) -> str:
    code_id = str(len(codes) + 1)
    codes[code_id] = meaning
    return code_id


def open_code(element: ET.Element, open_codes: list, marker: str, codes: dict[str, str]) -> None:
    parent = open_codes[-1][0] if open_codes else element
    code = ET.SubElement(parent, qualified("g"), id=new_id(codes, marker), ctype=MARKERS[marker])
    open_codes.append((code, marker))


def toggle_off(element: ET.Element, open_codes: list, marker: str, codes: dict[str, str]) -> None:
    """Close the code of marker; any opened inside it closes first and opens again after."""
    reopened = []
    while open_codes[-1][1] != marker:
        reopened.append(open_codes.pop()[1])
    open_codes.pop()
    for inner in reversed(reopened):
        open_code(element, open_codes, inner, codes)


def append_text(element: ET.Element, open_codes: list, text: str) -> None:
    if not text:
        return
    parent = open_codes[-1][0] if open_codes else element
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# ---------------------------------------------------------------- codes -> markup

class InlineReader:
    """Reads a source or target back into markup, given what the source's codes mean.

    The codes are read into runs of text in one style, and the markup written from the runs: joined
    as they stand, a pair closing where another opens could write `****`, which reads as bold
    twice rather than as italic and bold."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self.used: list[str] = []
        self.open_pairs: dict[str, str] = {}  # bpt or bx, by the id its ept or ex names it with -> its code id
        self.depth = {marker: 0 for marker in MARKERS}  # how many codes of each style are open
        self.runs: list[tuple[str, bool, bool]] = []

    def markup(self, element: ET.Element) -> str:
        self.read(element)
        if self.open_pairs:
            raise CodeError("a paired code opens and never closes (<bpt> or <bx/> without its <ept> or <ex/>)",
                            "put the closing code back, or remove both")
        self.check_every_code_used()
        return " ".join(written(self.runs).split())

    def read(self, element: ET.Element) -> None:
        self.add(literal(element.text))
        for child in element:
            self.code(child)
            self.add(literal(child.tail))

    def add(self, text: str) -> None:
        if text:
            self.runs.append((text, self.depth["**"] > 0, self.depth["*"] > 0))

    def code(self, child: ET.Element) -> None:
        name = child.tag.removeprefix(f"{{{NS}}}")
        if name == "mrk":  # a segment or a term a CAT tool marked: its words are the target's
            self.read(child)
        elif name == "g":
            marker = self.paired(child.get("id"))
            self.depth[marker] += 1
            self.read(child)
            self.depth[marker] -= 1
        elif name in ("x", "ph"):
            self.add(self.placeholder(child.get("id")))
        elif name in ("bpt", "bx"):
            self.depth[self.paired(child.get("id"))] += 1
            self.open_pairs[child.get("rid") or child.get("id")] = child.get("id")
        elif name in ("ept", "ex"):
            opened = self.open_pairs.pop(child.get("rid") or child.get("id"), None)
            if opened is None:
                raise CodeError(f"a closing code <{name}> closes nothing", "remove it, or put its opening code back")
            self.depth[self.codes[opened]] -= 1
        elif name == "it":
            raise CodeError("an isolated code <it> stands for half a pair", "keep both halves of each pair of codes")
        else:
            raise CodeError(f"unexpected element <{name}> in the text", "keep only the codes of the source")

    def paired(self, code_id: str | None) -> str:
        marker = self.known(code_id)
        if marker not in MARKERS:
            raise CodeError(f"code {code_id} is the placeholder {marker} in the source, not a pair",
                            "write the codes as the source has them")
        return marker

    def placeholder(self, code_id: str | None) -> str:
        meaning = self.known(code_id)
        if meaning in MARKERS:
            raise CodeError(f"code {code_id} is a pair around {MARKERS[meaning]} text in the source, not a placeholder",
                            "write the codes as the source has them")
        return meaning

    def known(self, code_id: str | None) -> str:
        if code_id not in self.codes:
            raise CodeError(f"code id {code_id!r} is not in the source", "keep only the codes of the source")
        if code_id in self.used:
            raise CodeError(f"code {code_id} ({self.described(code_id)}) is there twice",
                            "keep each code of the source once")
        self.used.append(code_id)
        return self.codes[code_id]

    def check_every_code_used(self) -> None:
        missing = [code_id for code_id in self.codes if code_id not in self.used]
        if missing:
            described = ", ".join(self.described(code_id) for code_id in missing)
            raise CodeError(f"the source's {described} {'is' if len(missing) == 1 else 'are'} missing",
                            "keep every code of the source: a translator moves them, never deletes them")

    def described(self, code_id: str) -> str:
        meaning = self.codes[code_id]
        return f"{MARKERS[meaning]} code {code_id}" if meaning in MARKERS else f"placeholder {meaning}"


def written(runs: list[tuple[str, bool, bool]]) -> str:
    """Runs of styled text as markup: a marker wherever a style starts or stops, and only there."""
    parts, bold, italic = [], False, False
    for text, run_bold, run_italic in runs + [("", False, False)]:
        parts.append(("**" if run_bold != bold else "") + ("*" if run_italic != italic else "") + text)
        bold, italic = run_bold, run_italic
    return "".join(parts)


def literal(text: str | None) -> str:
    """Text between codes, which must not turn into markup of its own once written into the YAML."""
    text = text or ""
    if "*" in text:
        raise CodeError("a '*' typed in the text would read as italic in affiche's markup",
                        "use the source's bold and italic codes, and no '*' of your own")
    typed = PLACEHOLDER.search(text)
    if typed:
        raise CodeError(f"'{typed.group()}' is typed as text rather than kept as the source's placeholder code",
                        "delete it and move the placeholder code there instead")
    return text


def meaning(markup: str) -> tuple:
    """What a text prints, each character with its style, whitespace collapsed: two markups that mean
    the same (a code closed and opened again, a line folded elsewhere) compare equal."""
    characters = []
    for run in parse_runs(markup):
        for char in run.text:
            if char.isspace():
                if characters and characters[-1] != " ":
                    characters.append(" ")
            else:
                characters.append((char, run.bold, run.italic))
    return tuple(characters[:-1] if characters and characters[-1] == " " else characters)
