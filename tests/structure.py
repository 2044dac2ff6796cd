"""Reading a tagged PDF's structure tree back, the way assistive technology reads it."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Element:
    role: str  # H1, Sect, Figure, … (without the slash)
    lang: str | None  # its own /Lang
    language: str | None  # the language it inherits: its own, an ancestor's or the catalogue's
    alt: str | None
    page: int | None  # index of the page in /Pg, in the file's page order
    depth: int
    text: str  # the text of its marked content, in reading order


def elements(pdf: pikepdf.Pdf) -> list[Element]:
    """Every structure element, depth first, in reading order."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    texts = _marked_texts(pdf)
    catalogue = str(pdf.Root.Lang) if "/Lang" in pdf.Root else None
    found: list[Element] = []
    root = pdf.Root.StructTreeRoot
    for kid in _kids(root):
        _walk(kid, catalogue, 0, pages, texts, found)
    return found


def _kids(node: pikepdf.Object) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _walk(node, language, depth, pages, texts, found) -> str:
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return ""
    own = str(node.Lang) if "/Lang" in node else None
    language = own or language
    page = pages.get(node.Pg.objgen) if "/Pg" in node else None
    index = len(found)
    found.append(None)  # keeps document order: the element before its descendants
    text = []
    for kid in _kids(node):
        if isinstance(kid, int):
            text.append(texts.get((page, kid), ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            text.append(texts.get((pages.get(kid.Pg.objgen), int(kid.MCID)), ""))
        else:
            text.append(_walk(kid, language, depth + 1, pages, texts, found))
    joined = "".join(text)
    found[index] = Element(str(node.S)[1:], own, language, str(node.Alt) if "/Alt" in node else None, page,
                           depth, joined)
    return joined


def _marked_texts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text shown inside that marked-content sequence."""
    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        fonts = page.resources.get("/Font", pikepdf.Dictionary())
        decoders = {}
        stack: list[int | None] = []
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "BDC":
                properties = operands[1]
                stack.append(int(properties.MCID) if isinstance(properties, pikepdf.Dictionary)
                             and "/MCID" in properties else None)
            elif name == "BMC":
                stack.append(None)
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                font = str(operands[0])
            elif name in ("Tj", "TJ") and stack and stack[-1] is not None and font is not None:
                decode = decoders.setdefault(font, _decoder(fonts[font]))
                pieces = operands[0] if name == "TJ" else [operands[0]]
                shown = "".join(decode(bytes(piece)) for piece in pieces if isinstance(piece, pikepdf.String))
                key = (index, stack[-1])
                texts[key] = texts.get(key, "") + shown
    return texts


def _decoder(font: pikepdf.Dictionary):
    """Glyph codes -> text through the font's ToUnicode map (WeasyPrint's fonts are two-byte CID fonts)."""
    mapping: dict[int, str] = {}
    if "/ToUnicode" in font:
        mapping = _parse_cmap(font.ToUnicode.read_bytes().decode("latin-1"))
    width = 2 if font.get("/Subtype") == "/Type0" else 1

    def decode(data: bytes) -> str:
        codes = (int.from_bytes(data[i:i + width], "big") for i in range(0, len(data), width))
        return "".join(mapping.get(code, "") for code in codes)
    return decode


def _parse_cmap(cmap: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int.from_bytes(bytes.fromhex(text), "big")
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def headings(found: list[Element]) -> Iterator[Element]:
    return (element for element in found if element.role in ("H1", "H2", "H3", "H4", "H5", "H6"))


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(level, title) of every bookmark, in order; level 1 at the top."""
    entries: list[tuple[int, str]] = []
    with pdf.open_outline() as tree:
        def walk(items, level):
            for item in items:
                entries.append((level, item.title))
                walk(item.children, level + 1)
        walk(tree.root, 1)
    return entries
